// Measures benchmark (npm run bench -- measures [--cases N]): the time to build
// every mart (SQL models and computed marts, as `pipeline measure` does) from a
// warehouse of N cases, against one plain GROUP BY over the same cases table in
// the same process, and the peak RSS. The warehouse is built once per N from the
// sample generator (single CSV) through the real ingest, then reused.
// Machines here are shared, so CPU time is reported beside wall time: the CPU
// ratio moves less with other jobs' load than the wall ratio.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { benchWarehouse } from './warehouse.ts';
import { writeSection } from './benchmarks-file.ts';

const args = process.argv.slice(2).filter((a) => a !== 'measures');
const flag = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const n = Number(flag('cases', '1000000'));
if (!Number.isSafeInteger(n) || n < 1000) {
  console.error(`--cases ${flag('cases', '')}: use a whole number of at least 1000`);
  process.exit(2);
}
const root = join(import.meta.dirname, '..');

const run = (script: string, ...rest: string[]) => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'bench', script), ...rest], { encoding: 'utf8', cwd: root, maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${script} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
};

const { db, note: loadNote } = await benchWarehouse(n);
console.error('building every mart…');
const r = run('measures-child.ts', db) as {
  cases: number; baseline: { ms: number; cpuMs: number }[]; measures: { ms: number; cpuMs: number };
  models: { model: string; layer: string; rows: number | null; ms: number; cpuMs: number }[]; maxRssMb: number;
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const base = { ms: median(r.baseline.map((b) => b.ms)), cpuMs: median(r.baseline.map((b) => b.cpuMs)) };
const s = (ms: number) => (ms >= 10_000 ? `${(ms / 1000).toFixed(0)} s` : `${(ms / 1000).toFixed(2)} s`);
const row = `| ${r.cases.toLocaleString('en-US')} | ${s(base.ms)} (${s(base.cpuMs)} CPU) | ${s(r.measures.ms)} (${s(r.measures.cpuMs)} CPU) | **${(r.measures.ms / base.ms).toFixed(0)}×** | ${(r.measures.cpuMs / Math.max(base.cpuMs, 1)).toFixed(0)}× | ${r.maxRssMb} MB |`;
const slowest = [...r.models].sort((a, b) => b.cpuMs - a.cpuMs).slice(0, 8)
  .map((m) => `${m.model} ${s(m.cpuMs)} (${s(m.ms)} wall)`).join(' · ');

let load = '';
try { load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '); } catch { /* not Linux */ }
const duckdb = JSON.parse(readFileSync(join(root, 'node_modules/@duckdb/node-api/package.json'), 'utf8')).version;
const title = `## Measures, ${n.toLocaleString('en-US')} cases`;
const section = [
  `${title} (${new Date().toISOString().slice(0, 10)})`,
  '',
  `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, DuckDB node-api ${duckdb}; load average after the run: ${load}. Warehouse: the sample generator's cases through the real ingest (${loadNote}).`,
  'Baseline: `SELECT org_id, service_area, outcome, count(*) FROM cases GROUP BY ALL` on the same connection, three times before and three after the marts (median). Ours: `buildMeasures` with the shipped configuration: every SQL model and every computed mart, in one process; peak RSS from `process.resourceUsage().maxRSS`. CPU is the process\'s user + system time.',
  '',
  '| cases | plain GROUP BY | all marts | ratio (wall) | ratio (CPU) | peak RSS |',
  '|---:|---:|---:|---:|---:|---:|',
  row,
  '',
  `Slowest steps (CPU): ${slowest}.`,
  '',
].join('\n');
console.log(section);

writeSection(title, section);
