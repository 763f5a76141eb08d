// Site releases: each run that publishes builds the site aside in
// <site>/releases/<run-id>.partial/, writes release.json (every file and its
// sha256), renames it to <site>/releases/<run-id>/ and then points the symlink
// <site>/current at it with rename(2), which is atomic: a reader (a web server
// serving <site>/current) sees the old release or the new one, never a mix.
// Older releases are kept for rollback.
import { existsSync, mkdirSync, readdirSync, readFileSync, readlinkSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { CliError, EXIT } from '../errors.ts';
import { sha256File } from './hash.ts';

export const MANIFEST = 'release.json';
const PARTIAL = '.partial';

export interface ReleaseManifest { release: string; created_at: string; files: { path: string; bytes: number; sha256: string }[] }

export const releasesDir = (site: string) => join(site, 'releases');
export const currentLink = (site: string) => join(site, 'current');
export const partialDir = (site: string, release: string) => join(releasesDir(site), `${release}${PARTIAL}`);

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    return e.isDirectory() ? filesUnder(p) : [p];
  });
}

/** Complete releases, oldest first (run ids sort by time). */
export function listReleases(site: string): string[] {
  const dir = releasesDir(site);
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((n) => !n.includes(PARTIAL) && existsSync(join(dir, n, MANIFEST))).sort();
}

/** The release <site>/current points at, if any. */
export function currentRelease(site: string): string | undefined {
  try {
    return basename(readlinkSync(currentLink(site)));
  } catch {
    return undefined;
  }
}

export async function writeManifest(dir: string, release: string): Promise<ReleaseManifest> {
  const files = [];
  for (const f of filesUnder(dir).sort()) {
    const path = relative(dir, f);
    if (path === MANIFEST) continue;
    files.push({ path, bytes: statSync(f).size, sha256: await sha256File(f) });
  }
  const manifest: ReleaseManifest = { release, created_at: new Date().toISOString(), files };
  writeFileSync(join(dir, MANIFEST), `${JSON.stringify(manifest, null, 1)}\n`);
  return manifest;
}

/** Problems with a release folder: missing, changed or unexpected files. Empty when it is complete. */
export async function verifyRelease(dir: string): Promise<string[]> {
  let manifest: ReleaseManifest;
  try {
    manifest = JSON.parse(readFileSync(join(dir, MANIFEST), 'utf8')) as ReleaseManifest;
  } catch {
    return [`${dir}: no readable ${MANIFEST}`];
  }
  const problems: string[] = [];
  const listed = new Set(manifest.files.map((f) => f.path));
  for (const f of manifest.files) {
    const p = join(dir, f.path);
    if (!existsSync(p)) problems.push(`${f.path} is missing`);
    else if ((await sha256File(p)) !== f.sha256) problems.push(`${f.path} differs from the manifest`);
  }
  for (const f of filesUnder(dir)) {
    const rel = relative(dir, f);
    if (rel !== MANIFEST && !listed.has(rel)) problems.push(`${rel} is not in the manifest`);
  }
  return problems;
}

/** Swaps <site>/current to `release` atomically (a new symlink renamed over the old). */
export function pointCurrent(site: string, release: string): void {
  const link = currentLink(site);
  const tmp = `${link}.tmp-${process.pid}`;
  rmSync(tmp, { force: true });
  symlinkSync(join('releases', release), tmp);
  renameSync(tmp, link);
}

/** Renames a finished build into place and makes it current. */
export async function promote(site: string, release: string): Promise<ReleaseManifest> {
  const partial = partialDir(site, release);
  const manifest = await writeManifest(partial, release);
  renameSync(partial, join(releasesDir(site), release));
  pointCurrent(site, release);
  return manifest;
}

/** Deletes releases beyond the newest `keep` (never the current one) and builds left half-done by a crash. */
export function prune(site: string, keep: number, building?: string): string[] {
  const dir = releasesDir(site);
  if (!existsSync(dir)) return [];
  const removed: string[] = [];
  for (const n of readdirSync(dir)) {
    if (n.includes(PARTIAL) && n !== `${building}${PARTIAL}`) {
      rmSync(join(dir, n), { recursive: true, force: true });
      removed.push(n);
    }
  }
  const current = currentRelease(site);
  const releases = listReleases(site);
  for (const n of releases.slice(0, Math.max(0, releases.length - keep))) {
    if (n === current) continue;
    rmSync(join(dir, n), { recursive: true, force: true });
    removed.push(n);
  }
  return removed;
}

/** Points current at the release before it; returns both names. */
export function rollback(site: string, to?: string): { from: string | undefined; to: string } {
  const releases = listReleases(site);
  const from = currentRelease(site);
  if (to !== undefined) {
    if (!releases.includes(to)) throw new CliError(`There is no release ${to} in ${releasesDir(site)}. Releases kept: ${releases.join(', ') || 'none'}.`, { exitCode: EXIT.refused });
  } else {
    const i = from === undefined ? -1 : releases.indexOf(from);
    if (i <= 0) {
      throw new CliError(from === undefined
        ? `No release is published in ${site} yet: nothing to roll back.`
        : `Release ${from} is the oldest kept in ${releasesDir(site)}: there is no earlier release to roll back to.`, { exitCode: EXIT.refused });
    }
    to = releases[i - 1];
  }
  pointCurrent(site, to);
  return { from, to };
}

export function ensureSiteDirs(site: string): void {
  mkdirSync(releasesDir(site), { recursive: true });
}
