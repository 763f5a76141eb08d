// The benchmarks' warehouses: N generated cases through the real ingest, built once
// per N (data/bench/measures-N.duckdb) and reused by later runs.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { generateSample } from '../pipeline/sample/index.ts';

const root = join(import.meta.dirname, '..');

export async function benchWarehouse(n: number): Promise<{ db: string; note: string }> {
  const dir = join(root, 'data/bench');
  mkdirSync(dir, { recursive: true });
  const db = join(dir, `measures-${n}.duckdb`);
  if (existsSync(db)) return { db, note: 'reused from an earlier run' };
  const out = join(dir, `cases-${n}`);
  const file = join(out, 'cases.csv');
  if (!existsSync(file)) {
    console.error(`generating ${n.toLocaleString('en-US')} cases…`);
    await generateSample({ outDir: out, cases: n, layout: 'single-csv' });
  }
  console.error(`loading them into ${db}…`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'bench/child.ts'), 'ingest', file, db], { encoding: 'utf8', cwd: root });
  if (r.status !== 0) throw new Error(`ingest failed: ${r.stderr}`);
  const loaded = JSON.parse(r.stdout.trim().split('\n').pop()!) as { ms: number };
  return { db, note: `loaded in ${(loaded.ms / 1000).toFixed(0)} s` };
}
