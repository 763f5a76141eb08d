// Benchmarks, run as a script (npm run bench -- ingest | disclosure | measures | publish | site), never as timed tests.
// Machines are noisy, so each size runs the baseline and our ingest alternately,
// reports medians, and the ratio of medians measured in this one run.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync, readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { generateSample } from '../pipeline/sample/index.ts';
import { writeSection } from './benchmarks-file.ts';

const args = process.argv.slice(2);
const what = args[0] ?? 'ingest';
// The other benchmarks are scripts of their own.
const OTHERS: Record<string, () => Promise<unknown>> = {
  disclosure: () => import('./disclosure.ts'), measures: () => import('./measures.ts'), publish: () => import('./publish.ts'), site: () => import('./site.ts'),
};
if (what in OTHERS) {
  await OTHERS[what]();
  process.exit(0);
}
if (what !== 'ingest') {
  console.error(`unknown benchmark '${what}': use ingest, disclosure, measures, publish or site`);
  process.exit(2);
}
const flag = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const sizes = flag('sizes', '1000000,10000000').split(',').map(Number);
const repeats = Number(flag('repeats', '3'));
const root = join(import.meta.dirname, '..');
const dir = join(root, 'data/bench');
mkdirSync(dir, { recursive: true });

interface Run { ms: number; maxRssMb: number; rows: number }
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

function measure(mode: 'baseline' | 'ingest', file: string): Run {
  const db = join(dir, `${mode}.duckdb`);
  rmSync(db, { force: true }); rmSync(`${db}.wal`, { force: true }); rmSync(`${db}.tmp`, { recursive: true, force: true });
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'bench/child.ts'), mode, file, db], { encoding: 'utf8', cwd: root });
  if (r.status !== 0) throw new Error(`${mode} failed: ${r.stderr}`);
  rmSync(db, { force: true }); rmSync(`${db}.wal`, { force: true });
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Run;
}

const results: string[] = [];
for (const n of sizes) {
  const out = join(dir, `cases-${n}`);
  const file = join(out, 'cases.csv');
  if (!existsSync(file)) {
    console.error(`generating ${n.toLocaleString('en-US')} cases…`);
    await generateSample({ outDir: out, cases: n, layout: 'single-csv' });
  }
  const mb = statSync(file).size / 1e6;
  const base: Run[] = [], ours: Run[] = [];
  const times = n >= 5_000_000 ? 1 : repeats;
  for (let i = 0; i < times; i++) {
    base.push(measure('baseline', file));
    ours.push(measure('ingest', file));
    console.error(`${n}: run ${i + 1}/${times}: baseline ${base.at(-1)!.ms} ms, ingest ${ours.at(-1)!.ms} ms (${ours.at(-1)!.maxRssMb} MB)`);
  }
  if (ours.some((r) => r.rows !== n)) throw new Error(`ingest loaded ${ours.map((r) => r.rows)} rows, expected ${n}`);
  const b = median(base.map((r) => r.ms)), o = median(ours.map((r) => r.ms));
  results.push(`| ${n.toLocaleString('en-US')} | ${mb.toFixed(0)} MB | ${times} | ${(b / 1000).toFixed(1)} s | ${(o / 1000).toFixed(1)} s | ${Math.round(n / (o / 1000)).toLocaleString('en-US')} | **${(o / b).toFixed(2)}** | ${Math.max(...base.map((r) => r.maxRssMb))} MB | ${Math.max(...ours.map((r) => r.maxRssMb))} MB |`);
}

const cpu = cpus()[0]?.model ?? 'unknown CPU';
const duckdb = JSON.parse(readFileSync(join(root, 'node_modules/@duckdb/node-api/package.json'), 'utf8')).version;
let load = '';
try { load = execFileSync('cat', ['/proc/loadavg']).toString().split(' ').slice(0, 3).join(' '); } catch { /* not Linux */ }
const section = [
  `## Ingest (${new Date().toISOString().slice(0, 10)})`,
  '',
  `Machine: ${cpus().length} × ${cpu}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, DuckDB node-api ${duckdb}; load average before the run: ${load}.`,
  'Baseline: a plain DuckDB `CREATE TABLE AS SELECT * FROM read_csv(file, all_varchar = true)` into a fresh database file, no checks (with types auto-detected DuckDB fails on this file: it sniffs interpreter_needed as BOOLEAN and then meets not_reported).',
  'Ours: `ingestFile` into a fresh warehouse: read as text, identifier guard, every contract check, quarantine, typed load with history, run record. Each run in its own process; peak RSS from `process.resourceUsage().maxRSS`.',
  '',
  '| cases | file | runs | baseline (median) | ours (median) | ours rows/s | ratio | baseline peak RSS | ours peak RSS |',
  '|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ...results,
  '',
].join('\n');
writeSection('## Ingest', section, { first: true });
console.log(section);
