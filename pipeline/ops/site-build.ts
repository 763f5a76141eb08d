// Builds the Observable Framework site into a given folder (a release being
// built aside), offline, from a given published folder and configuration.
// Framework keeps loader outputs in src/.observablehq/cache and serves them
// while they are newer than the loader file (issue #1148); a release must show
// this run's numbers, so every loader output is dropped before the build. That
// cache is one per checkout, so two builds at once (two warehouses' runs, or
// tests in parallel) would drop or serve each other's data: builds take turns
// under a lock beside it.
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CliError, EXIT } from '../errors.ts';
import type { Logger } from '../log.ts';
import { acquireLock } from './lock.ts';

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SRC = join(PROJECT_ROOT, 'src');
const FRAMEWORK_CACHE = join(SRC, '.observablehq', 'cache');
export const SITE_BUILD_LOCK = join(SRC, '.observablehq', 'build.lock');
/** The orphan guard checks its parent every 200 ms: a build whose holder was killed is gone well within this. */
const GUARD_GRACE_MS = 1000;
const OBSERVABLE = join(PROJECT_ROOT, 'node_modules', '@observablehq', 'framework', 'dist', 'bin', 'observable.js');
const GUARD = join(PROJECT_ROOT, 'pipeline', 'ops', 'orphan-guard.ts');

/** Framework keeps its own files under names starting with `_`; the rest are loader outputs. */
export function dropLoaderOutputs(cacheRoot = FRAMEWORK_CACHE): string[] {
  if (!existsSync(cacheRoot)) return [];
  const dropped = readdirSync(cacheRoot).filter((n) => !n.startsWith('_'));
  for (const n of dropped) rmSync(join(cacheRoot, n), { recursive: true, force: true });
  return dropped;
}

export interface SiteBuildOptions {
  outDir: string;
  publishedDir: string;
  configFile?: string;
  /** The report definitions (paths.reports): the site has a page for each. */
  reportsDir?: string;
  /** Framework's output goes here; the last lines are quoted when the build fails. */
  logFile: string;
  onStart?: (pid: number) => void;
  /** How long to wait for another build of this checkout to finish (default 600 s). */
  lockWaitSeconds?: number;
  log?: Logger;
}

export async function buildSite(o: SiteBuildOptions): Promise<void> {
  const lock = await acquireLock(SITE_BUILD_LOCK, {
    purpose: `site build into ${resolve(o.outDir)}`, waitSeconds: o.lockWaitSeconds ?? 600, log: o.log, staleGraceMs: GUARD_GRACE_MS,
    busyMessage: (holder) => `Another site build of this checkout (${holder}) is still running; builds share Framework's cache and take turns. Try again when it has finished.`,
  });
  try {
    await buildWithLock(o);
  } finally {
    lock.release();
  }
}

async function buildWithLock(o: SiteBuildOptions): Promise<void> {
  const { seedFrameworkCache, seedNodeBundles } = await import('../publish/seed-framework-cache.ts');
  await seedFrameworkCache({ projectRoot: PROJECT_ROOT, srcRoot: SRC });
  await seedNodeBundles({ projectRoot: PROJECT_ROOT, srcRoot: SRC });
  dropLoaderOutputs();
  mkdirSync(dirname(o.logFile), { recursive: true });
  const log = createWriteStream(o.logFile);
  const child = spawn(process.execPath, ['--import', 'tsx', GUARD, process.execPath, OBSERVABLE, 'build'], {
    cwd: PROJECT_ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      // Framework runs .json.ts loaders with the `tsx` it finds on PATH (and .json.js ones with `node`), as `npm run build` provides.
      PATH: [join(PROJECT_ROOT, 'node_modules', '.bin'), process.env.PATH].filter(Boolean).join(delimiter),
      OBSERVABLE_TELEMETRY_DISABLE: 'true',
      ADVOCACY_SITE_OUT: resolve(o.outDir),
      ADVOCACY_PUBLISHED_DIR: resolve(o.publishedDir),
      ...(o.reportsDir ? { ADVOCACY_REPORTS_DIR: resolve(o.reportsDir) } : {}),
      ...(o.configFile ? { ADVOCACY_CONFIG: resolve(o.configFile) } : {}),
    },
  });
  if (child.pid) o.onStart?.(child.pid);
  child.stdout.pipe(log, { end: false });
  child.stderr.pipe(log, { end: false });
  const [code] = (await once(child, 'close')) as [number | null];
  log.end();
  await once(log, 'finish');
  // Loader outputs of this build hold this run's data: drop them so a later `npm run build` of dist/ reruns its loaders.
  dropLoaderOutputs();
  if (code !== 0) {
    const tail = readFileSync(o.logFile, 'utf8').split('\n').filter(Boolean).slice(-12).join('\n  ');
    throw new CliError(`The site build failed (exit ${code}). The last lines of ${o.logFile}:\n  ${tail}`, { exitCode: EXIT.internal });
  }
  if (!existsSync(join(o.outDir, 'index.html'))) throw new CliError(`The site build wrote no index.html into ${o.outDir} (see ${o.logFile}).`, { exitCode: EXIT.internal });
}
