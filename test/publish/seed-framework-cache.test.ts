import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FRAMEWORK_LOOKUPS, NODE_BUNDLES, seedFrameworkCache, seedNodeBundles } from '../../pipeline/publish/seed-framework-cache.ts';

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

describe('seedNodeBundles', () => {
  let root: string;
  let node: string;
  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'seed-node-'));
    node = path.join(root, 'src', '.observablehq', 'cache', '_node');
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('puts one self-contained bundle where Framework looks for its own, so a page loads no dependency module', async () => {
    await fakePackage(root, 'dep', '1.0.0', 'export const two = 2; export const unused = () => "never shipped";');
    await fakePackage(root, '@scope/chart', '0.6.17', 'import {two} from "dep"; export const four = two * 2;');
    const seeded = await seedNodeBundles({ projectRoot: root, srcRoot: path.join(root, 'src'), bundles: [{ name: '@scope/chart' }, { name: 'not-installed' }] });
    expect(seeded).toMatchObject([{ name: '@scope/chart', version: '0.6.17', written: true }]);
    const file = path.join(node, '@scope', 'chart@0.6.17', 'index.js');
    const js = await readFile(file, 'utf8');
    expect(js).not.toMatch(/\bimport\b|from\s*["']/);
    expect(js).not.toContain('never shipped');
    const mod = await import(`data:text/javascript,${encodeURIComponent(js)}`);
    expect(mod.four).toBe(4);
  });

  it('rewrites the file only when a fresh bundle differs, so a stale copy is never served', async () => {
    await fakePackage(root, '@scope/chart', '0.6.17', 'export const x = 1;');
    const opts = { projectRoot: root, srcRoot: path.join(root, 'src'), bundles: [{ name: '@scope/chart' }] };
    await seedNodeBundles(opts);
    expect((await seedNodeBundles(opts))[0]).toMatchObject({ written: false });
    const file = path.join(node, '@scope', 'chart@0.6.17', 'index.js');
    await writeFile(file, 'export const x = "stale";');
    expect((await seedNodeBundles(opts))[0]).toMatchObject({ written: true });
    expect(await readFile(file, 'utf8')).not.toContain('stale');
  });

  it("bundles the installed Plot with every export and no import of d3's modules", async () => {
    const project = path.resolve(import.meta.dirname, '..', '..');
    const [plot] = await seedNodeBundles({ projectRoot: project, srcRoot: path.join(root, 'src'), bundles: NODE_BUNDLES });
    expect(plot).toMatchObject({ name: '@observablehq/plot', written: true });
    const js = await readFile(path.join(node, '@observablehq', `plot@${plot!.version}`, 'index.js'), 'utf8');
    expect(js).not.toMatch(/\bimport\s*[{*\w]|\bfrom\s*["']/);
    const bundled = await import(`data:text/javascript,${encodeURIComponent(js)}`);
    const installed = await import('@observablehq/plot');
    expect(Object.keys(bundled).sort()).toEqual(Object.keys(installed).sort());
  }, 30000);
});
