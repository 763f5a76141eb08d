import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FRAMEWORK_LOOKUPS, seedFrameworkCache } from '../../pipeline/publish/seed-framework-cache.ts';

async function fakePackage(root: string, name: string, version: string, source: string): Promise<void> {
  const dir = path.join(root, 'node_modules', ...name.split('/'));
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'package.json'), JSON.stringify({ name, version, type: 'module', main: 'index.js' }));
  await writeFile(path.join(dir, 'index.js'), source);
}

describe('seedFrameworkCache', () => {
  let root: string;
  let npm: string;
  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'seed-'));
    npm = path.join(root, 'src', '.observablehq', 'cache', '_npm');
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  const lookups = [
    { name: '@scope/lib', why: 'test', absentVersion: '9.9.9' },
    { name: 'absent-lib', why: 'test', absentVersion: '2.0.0' },
  ];

  it('bundles an installed package with its dependencies inlined, so Framework fetches nothing', async () => {
    await fakePackage(root, 'dep', '1.0.0', 'export const two = 2;');
    await fakePackage(root, '@scope/lib', '1.2.3', 'import {two} from "dep"; export const four = two * 2; export default "lib";');
    const seeded = await seedFrameworkCache({ projectRoot: root, srcRoot: path.join(root, 'src'), lookups });
    expect(seeded).toEqual([
      { name: '@scope/lib', version: '1.2.3', bundled: true, built: true },
      { name: 'absent-lib', version: '2.0.0', bundled: false, built: false },
    ]);
    const esm = await readFile(path.join(npm, '@scope', 'lib@1.2.3', '_esm.js'), 'utf8');
    expect(esm).not.toMatch(/\bimport\b|from\s*["']/);
    const mod = await import(`data:text/javascript,${encodeURIComponent(esm)}`);
    expect(mod.four).toBe(4);
    expect(mod.default).toBe('lib');
    // An absent package gets a version folder only: the lookup is answered, nothing is pretended.
    expect(existsSync(path.join(npm, 'absent-lib@2.0.0'))).toBe(true);
    expect(existsSync(path.join(npm, 'absent-lib@2.0.0', '_esm.js'))).toBe(false);
  });

  it('removes other cached versions, since Framework would pick the highest', async () => {
    await fakePackage(root, '@scope/lib', '1.2.3', 'export const x = 1;');
    await mkdir(path.join(npm, '@scope', 'lib@4.0.0'), { recursive: true });
    await mkdir(path.join(npm, 'absent-lib@3.0.0'), { recursive: true });
    await mkdir(path.join(npm, 'unmanaged@1.0.0'), { recursive: true });
    await seedFrameworkCache({ projectRoot: root, srcRoot: path.join(root, 'src'), lookups });
    expect(existsSync(path.join(npm, '@scope', 'lib@4.0.0'))).toBe(false);
    expect(existsSync(path.join(npm, 'absent-lib@3.0.0'))).toBe(false);
    expect(existsSync(path.join(npm, 'unmanaged@1.0.0'))).toBe(true);
  });

  it('keeps a bundle that is already there', async () => {
    await fakePackage(root, '@scope/lib', '1.2.3', 'export const x = 1;');
    await seedFrameworkCache({ projectRoot: root, srcRoot: path.join(root, 'src'), lookups });
    const again = await seedFrameworkCache({ projectRoot: root, srcRoot: path.join(root, 'src'), lookups });
    expect(again[0]).toMatchObject({ bundled: true, built: false });
  });

  it('covers the libraries the site installs at their installed versions', async () => {
    const project = path.resolve(import.meta.dirname, '..', '..');
    const pkg = JSON.parse(await readFile(path.join(project, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const names = FRAMEWORK_LOOKUPS.map((l) => l.name);
    for (const dep of ['@observablehq/plot', 'd3', 'htl', 'apache-arrow']) {
      expect(names).toContain(dep);
      expect(pkg.dependencies[dep]).toMatch(/^\d+\.\d+\.\d+$/);
    }
  });
});
