// Site releases: built aside, verified by their manifest, swapped in by one
// rename of a symlink, pruned to the number kept, rolled back.
import { describe, expect, it } from 'vitest';
import { mkdirSync, readlinkSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { currentRelease, listReleases, partialDir, promote, prune, rollback, verifyRelease, releasesDir } from '../../pipeline/ops/release.ts';
import { CliError } from '../../pipeline/errors.ts';
import { tempDir } from '../helpers.ts';

async function build(site: string, name: string, body: string): Promise<void> {
  const dir = partialDir(site, name);
  mkdirSync(join(dir, 'sub'), { recursive: true });
  writeFileSync(join(dir, 'index.html'), body);
  writeFileSync(join(dir, 'sub', 'data.json'), '{"n": 12}');
  await promote(site, name);
}

describe('site releases', () => {
  it('promote writes a manifest, renames the build into place and points current at it', async () => {
    const site = tempDir();
    await build(site, 'r1', 'one');
    expect(readlinkSync(join(site, 'current'))).toBe(join('releases', 'r1'));
    expect(readFileSync(join(site, 'current', 'index.html'), 'utf8')).toBe('one');
    expect(await verifyRelease(join(site, 'current'))).toEqual([]);
    const manifest = JSON.parse(readFileSync(join(site, 'current', 'release.json'), 'utf8'));
    expect(manifest.files.map((f: { path: string }) => f.path)).toEqual(['index.html', join('sub', 'data.json')]);
  });

  it('verification names a changed, missing or unexpected file', async () => {
    const site = tempDir();
    await build(site, 'r1', 'one');
    const dir = join(releasesDir(site), 'r1');
    writeFileSync(join(dir, 'index.html'), 'tampered');
    writeFileSync(join(dir, 'extra.txt'), 'x');
    expect(await verifyRelease(dir)).toEqual(['index.html differs from the manifest', 'extra.txt is not in the manifest']);
  });

  it('rollback points current at the previous release and says which; again at the oldest it refuses', async () => {
    const site = tempDir();
    await build(site, 'r1', 'one');
    await build(site, 'r2', 'two');
    expect(rollback(site)).toEqual({ from: 'r2', to: 'r1' });
    expect(readFileSync(join(site, 'current', 'index.html'), 'utf8')).toBe('one');
    const error = (() => { try { rollback(site); } catch (e) { return e; } })();
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).message).toContain('Release r1 is the oldest kept');
    expect(rollback(site, 'r2')).toEqual({ from: 'r1', to: 'r2' });
    expect(() => rollback(site, 'r9')).toThrow('There is no release r9');
  });

  it('prune keeps the newest releases and the current one, and removes half-built ones', async () => {
    const site = tempDir();
    for (const r of ['r1', 'r2', 'r3', 'r4']) await build(site, r, r);
    rollback(site, 'r1');
    mkdirSync(partialDir(site, 'r5'), { recursive: true });
    const removed = prune(site, 2);
    expect(removed.sort()).toEqual(['r2', 'r5.partial']);
    expect(listReleases(site)).toEqual(['r1', 'r3', 'r4']);
    expect(currentRelease(site)).toBe('r1');
  });
});
