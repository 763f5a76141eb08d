// Framework 1.13 treats a data loader's cached output as fresh while it is
// newer than the loader file itself (loader.js: AbstractLoader.load), so a
// change to the contract, the models or the warehouse that a loader reads does
// not rerun it: the site would publish old numbers (Framework issue #1148).
// Dropping outputs older than their inputs before a build makes Framework run
// those loaders again.
import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';

/** Newest modification time (ms) of the files at or under `p`; 0 when `p` does not exist. */
export async function newestMtime(p: string): Promise<number> {
  let s;
  try {
    s = await stat(p);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
  if (!s.isDirectory()) return s.mtimeMs;
  let newest = 0;
  for (const entry of await readdir(p)) {
    if (entry === 'node_modules' || entry === '.git') continue;
    newest = Math.max(newest, await newestMtime(path.join(p, entry)));
  }
  return newest;
}

/** Files under `dir`, as paths relative to `base`. */
async function filesUnder(dir: string, base: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(full, base)));
    else out.push(path.relative(base, full));
  }
  return out;
}

/**
 * Deletes every loader output in Framework's cache (`cacheRoot`, i.e.
 * `src/.observablehq/cache`) that is older than the newest of `inputs`, and
 * returns their cache-relative paths. Framework keeps its own files under
 * top-level names starting with `_` (`_npm`, `_node`, `_observablehq`,
 * `_build.json`); everything else there is a loader output.
 */
export async function dropStaleLoaderOutputs(opts: { cacheRoot: string; inputs: readonly string[] }): Promise<string[]> {
  let top;
  try {
    top = await readdir(opts.cacheRoot, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  let newestInput = 0;
  for (const input of opts.inputs) newestInput = Math.max(newestInput, await newestMtime(input));
  const dropped: string[] = [];
  for (const entry of top) {
    if (entry.name.startsWith('_')) continue;
    const full = path.join(opts.cacheRoot, entry.name);
    const files = entry.isDirectory() ? await filesUnder(full, opts.cacheRoot) : [entry.name];
    for (const rel of files) {
      const file = path.join(opts.cacheRoot, rel);
      if ((await stat(file)).mtimeMs < newestInput) {
        await rm(file, { force: true });
        dropped.push(rel);
      }
    }
  }
  return dropped.sort();
}
