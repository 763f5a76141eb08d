import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dropStaleLoaderOutputs, newestMtime } from '../../pipeline/publish/loader-cache.ts';

const at = (iso: string) => new Date(iso);

async function file(p: string, when: string): Promise<void> {
  await mkdir(path.dirname(p), { recursive: true });
  await writeFile(p, 'x');
  await utimes(p, at(when), at(when));
}

describe('dropStaleLoaderOutputs', () => {
  let root: string;
  let cache: string;
  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'loader-cache-'));
    cache = path.join(root, 'src', '.observablehq', 'cache');
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('drops loader outputs older than the newest input and leaves Framework files alone', async () => {
    await file(path.join(cache, 'data', 'old.json'), '2024-01-01T00:00:00Z');
    await file(path.join(cache, 'data', 'fresh.json'), '2024-03-01T00:00:00Z');
    await file(path.join(cache, '_npm', 'd3@7.9.2', '_esm.js'), '2020-01-01T00:00:00Z');
    await file(path.join(cache, '_build.json'), '2020-01-01T00:00:00Z');
    await file(path.join(root, 'pipeline', 'contract', 'schema.ts'), '2024-02-01T00:00:00Z');
    await file(path.join(root, 'pipeline', 'cli.ts'), '2023-01-01T00:00:00Z');

    const dropped = await dropStaleLoaderOutputs({ cacheRoot: cache, inputs: [path.join(root, 'pipeline'), path.join(root, 'no-warehouse.duckdb')] });

    expect(dropped).toEqual([path.join('data', 'old.json')]);
    expect(existsSync(path.join(cache, 'data', 'fresh.json'))).toBe(true);
    expect(existsSync(path.join(cache, '_npm', 'd3@7.9.2', '_esm.js'))).toBe(true);
    expect(existsSync(path.join(cache, '_build.json'))).toBe(true);
  });

  it('does nothing before the first build', async () => {
    expect(await dropStaleLoaderOutputs({ cacheRoot: cache, inputs: [root] })).toEqual([]);
  });

  it('takes the newest file at any depth, and 0 for a missing path', async () => {
    await file(path.join(root, 'a', 'b', 'c.ts'), '2024-05-05T00:00:00Z');
    await file(path.join(root, 'a', 'd.ts'), '2024-01-01T00:00:00Z');
    expect(await newestMtime(path.join(root, 'a'))).toBe(at('2024-05-05T00:00:00Z').getTime());
    expect(await newestMtime(path.join(root, 'missing'))).toBe(0);
  });
});
