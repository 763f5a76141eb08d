// Observable Framework 1.13 asks the npm registry for the versions of the
// libraries its client may import lazily (≈15 packages), and fetches `npm:`
// modules and implicit globals (`Plot`, `d3`, `html`, `FileAttachment.csv()`,
// …) from a CDN, even for a page that imports only bare specifiers. Before it
// asks anyone it looks in `<root>/.observablehq/cache/_npm/<name>@<version>/`
// (npm.js: resolveNpmVersion, populateNpmCache). Seeding that folder from
// node_modules lets `observable build` run with no network at all
// (`unshare -n npm run build`), and pins those lookups to the versions we
// installed instead of whatever the registry calls latest that day.
//
// Run before every build: `tsx pipeline/publish/seed-framework-cache.ts`.
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { dropStaleLoaderOutputs } from './loader-cache.ts';

export interface FrameworkLookup {
  /** npm package name, as Framework asks the registry for it. */
  name: string;
  /** What makes Framework look it up. */
  why: string;
  /**
   * Version folder to create when the package is not in node_modules. Its only
   * effect is to answer Framework's version lookup locally: the library itself
   * is not available offline, so pages must not use the implicit global or
   * file method that needs it. (The registry's latest on 2026-11-22.)
   */
  absentVersion: string;
}

/**
 * Every package `observable build` looks up for a page that imports only bare
 * specifiers. Found by logging `fetch` during a networked build of such a page
 * (15 requests to registry.npmjs.org/<name>/latest, nothing else) and by
 * reading Framework's dist/libraries.js (implicit imports) and
 * dist/client/stdlib/*.js (lazy `npm:` imports in the client bundle).
 * `@duckdb/duckdb-wasm` is requested at an exact version, which Framework
 * never looks up, and `npm:@observablehq/inputs` maps to a built-in module.
 */
export const FRAMEWORK_LOOKUPS: readonly FrameworkLookup[] = [
  { name: '@observablehq/plot', why: 'implicit global Plot', absentVersion: '0.6.17' },
  { name: 'd3', why: 'implicit global d3', absentVersion: '7.9.2' },
  { name: 'htl', why: 'implicit globals html, svg, htl; dependency of implicit Inputs', absentVersion: '1.0.0' },
  { name: 'isoformat', why: 'dependency of implicit Inputs', absentVersion: '0.2.1' },
  { name: 'd3-dsv', why: 'FileAttachment.csv() and .tsv()', absentVersion: '3.0.2' },
  { name: 'apache-arrow', why: 'implicit global Arrow, FileAttachment.arrow() and .parquet()', absentVersion: '21.2.0' },
  { name: '@observablehq/sample-datasets', why: 'implicit sample datasets (penguins, …)', absentVersion: '1.0.1' },
  { name: 'arquero', why: 'implicit global aq, FileAttachment.arquero()', absentVersion: '8.0.3' },
  { name: 'echarts', why: 'implicit global echarts', absentVersion: '6.1.0' },
  { name: 'leaflet', why: 'implicit global L', absentVersion: '1.9.4' },
  { name: 'lodash', why: 'implicit global _', absentVersion: '4.18.1' },
  { name: 'mapbox-gl', why: 'implicit global mapboxgl', absentVersion: '3.32.0' },
  { name: 'parquet-wasm', why: 'FileAttachment.parquet()', absentVersion: '0.8.0' },
  { name: 'react', why: 'implicit global React, JSX cells', absentVersion: '19.3.1' },
  { name: 'react-dom', why: 'implicit global ReactDOM, JSX cells', absentVersion: '19.3.1' },
  { name: 'topojson-client', why: 'implicit global topojson', absentVersion: '3.1.0' },
];

export interface SeededPackage {
  name: string;
  version: string;
  /** True when `_esm.js` is a self-contained bundle built from node_modules. */
  bundled: boolean;
  /** True when this run built the bundle (false: it was already there, or the package is absent). */
  built: boolean;
}

/** The version installed at `<projectRoot>/node_modules/<name>`, the copy Framework's bare imports bundle. */
async function installedVersion(projectRoot: string, name: string): Promise<string | undefined> {
  const file = path.join(projectRoot, 'node_modules', ...name.split('/'), 'package.json');
  if (!existsSync(file)) return undefined;
  const pkg = JSON.parse(await readFile(file, 'utf8')) as { name?: string; version?: string };
  if (pkg.name !== name || !pkg.version) throw new Error(`${file} does not describe ${name}`);
  return pkg.version;
}

/** Version folders of `name` in the npm cache (a scoped name lives one level down). */
async function cachedVersions(npmCache: string, name: string): Promise<string[]> {
  const [scopeOrName, rest] = name.startsWith('@') ? name.split('/') : [undefined, name];
  const dir = scopeOrName ? path.join(npmCache, scopeOrName) : npmCache;
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return entries.filter((e) => e.startsWith(`${rest}@`)).map((e) => e.slice(rest!.length + 1));
}

/** One browser ESM file with every dependency inlined, so Framework finds no further `/npm/` import to fetch. */
async function bundle(projectRoot: string, name: string): Promise<Uint8Array> {
  const result = await build({
    entryPoints: [name],
    absWorkingDir: projectRoot,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2022'],
    minify: true,
    legalComments: 'eof',
    write: false,
    logLevel: 'warning',
  });
  const [out] = result.outputFiles;
  if (!out || out.contents.length === 0) throw new Error(`esbuild produced no output for ${name}`);
  return out.contents;
}

async function writeAtomic(file: string, contents: Uint8Array): Promise<void> {
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, contents);
  await rename(temp, file);
}

/**
 * Seeds `<srcRoot>/.observablehq/cache/_npm` for every package in
 * FRAMEWORK_LOOKUPS: an installed package gets `<name>@<installed>/_esm.js`
 * (the file Framework would fetch for `npm:<name>`); an absent one gets an
 * empty version folder. Other cached versions of those packages are removed,
 * because Framework takes the highest cached version and would otherwise keep
 * an old one after a downgrade.
 */
export async function seedFrameworkCache(opts: {
  projectRoot: string;
  srcRoot: string;
  lookups?: readonly FrameworkLookup[];
}): Promise<SeededPackage[]> {
  const npmCache = path.join(opts.srcRoot, '.observablehq', 'cache', '_npm');
  const seeded: SeededPackage[] = [];
  for (const { name, absentVersion } of opts.lookups ?? FRAMEWORK_LOOKUPS) {
    const installed = await installedVersion(opts.projectRoot, name);
    const version = installed ?? absentVersion;
    for (const other of await cachedVersions(npmCache, name)) {
      if (other !== version) await rm(path.join(npmCache, `${name}@${other}`), { recursive: true, force: true });
    }
    const dir = path.join(npmCache, `${name}@${version}`);
    await mkdir(dir, { recursive: true });
    let built = false;
    if (installed) {
      const esm = path.join(dir, '_esm.js');
      if (!existsSync(esm)) {
        await writeAtomic(esm, await bundle(opts.projectRoot, name));
        built = true;
      }
    }
    seeded.push({ name, version, bundled: installed !== undefined, built });
  }
  return seeded;
}

/**
 * Bare imports Framework bundles itself from node_modules into
 * `<root>/.observablehq/cache/_node/<name>@<version>/index.js` (node.js:
 * resolveNodeImport), one file per package with every other package left as a
 * separate import. For Plot that means `d3` and, through it, all thirty d3
 * modules: 41 files (~500 KB) that every chart page requests and evaluates
 * before its first chart can run, although Plot uses a third of d3 and the
 * pages import d3 nowhere else. Framework reuses a file that is already in
 * that cache, so we put there one self-contained bundle (esbuild, d3 inlined
 * and tree-shaken: ~385 KB, one request). Every Plot export is kept.
 */
export const NODE_BUNDLES: readonly { name: string; why: string }[] = [
  { name: '@observablehq/plot', why: 'imported by every chart component; its d3 import would pull in 40 more modules' },
];

export interface SeededNodeBundle {
  name: string;
  version: string;
  /** True when this run wrote the file (it was missing or differed from a fresh bundle). */
  written: boolean;
  bytes: number;
}

/**
 * Writes NODE_BUNDLES into Framework's `_node` cache as self-contained bundles
 * of the installed versions. The bundle is built every time and the file
 * replaced only when it differs, so a change of recipe or of a dependency
 * never leaves a stale copy that Framework would go on serving.
 */
export async function seedNodeBundles(opts: {
  projectRoot: string;
  srcRoot: string;
  bundles?: readonly { name: string }[];
}): Promise<SeededNodeBundle[]> {
  const nodeCache = path.join(opts.srcRoot, '.observablehq', 'cache', '_node');
  const out: SeededNodeBundle[] = [];
  for (const { name } of opts.bundles ?? NODE_BUNDLES) {
    const version = await installedVersion(opts.projectRoot, name);
    if (!version) continue; // not installed: nothing imports it, or the build says so
    const file = path.join(nodeCache, `${name}@${version}`, 'index.js');
    const contents = await bundle(opts.projectRoot, name);
    let same = false;
    try {
      same = Buffer.from(contents).equals(await readFile(file));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    if (!same) {
      await mkdir(path.dirname(file), { recursive: true });
      await writeAtomic(file, contents);
    }
    out.push({ name, version, written: !same, bytes: contents.length });
  }
  return out;
}

async function main(): Promise<void> {
  const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
  const srcRoot = path.join(projectRoot, 'src');
  const started = performance.now();
  const seeded = await seedFrameworkCache({ projectRoot, srcRoot });
  const bundled = seeded.filter((s) => s.bundled);
  const absent = seeded.filter((s) => !s.bundled);
  process.stderr.write(
    `framework cache: ${bundled.length} packages from node_modules ` +
      `(${bundled.map((s) => `${s.name}@${s.version}${s.built ? ' built' : ''}`).join(', ')}); ` +
      `${absent.length} version folders only (${absent.map((s) => s.name).join(', ')}) ` +
      `in ${Math.round(performance.now() - started)} ms\n`,
  );
  const nodeBundles = await seedNodeBundles({ projectRoot, srcRoot });
  process.stderr.write(
    `framework _node cache: ${nodeBundles.map((b) => `${b.name}@${b.version} self-contained (${Math.round(b.bytes / 1024)} KB${b.written ? ', written' : ''})`).join(', ')}\n`,
  );
  const dataDir = path.join(projectRoot, 'data');
  const warehouse = existsSync(dataDir)
    ? (await readdir(dataDir)).filter((f) => /^warehouse|\.duckdb/.test(f)).map((f) => path.join(dataDir, f))
    : [];
  const dropped = await dropStaleLoaderOutputs({
    cacheRoot: path.join(srcRoot, '.observablehq', 'cache'),
    // src/data too: in a build Framework serves a changed loader's old output ('[using stale]').
    // package-lock.json: a new version of a package a loader reads (us-atlas's shapes) reruns it.
    inputs: [path.join(projectRoot, 'pipeline'), path.join(srcRoot, 'data'), path.join(projectRoot, 'data', 'published'), path.join(projectRoot, 'package-lock.json'), ...warehouse],
  });
  if (dropped.length > 0) process.stderr.write(`loader outputs older than their inputs, rebuilt this time: ${dropped.join(', ')}\n`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    process.stderr.write(`seed-framework-cache: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
