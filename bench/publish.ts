// Publish benchmark (npm run bench -- publish [--cases N]): protection plus audit of
// every table the full site publishes (every publication, all scopes, as one
// problem) from a warehouse of N cases, and the share of cells hidden. The
// warehouse is the measures benchmark's (data/bench/measures-N.duckdb), built
// through the real ingest if missing. Issue 4's target: under 30 s at 1M cases.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { writeSection } from './benchmarks-file.ts';
import { benchWarehouse } from './warehouse.ts';

const args = process.argv.slice(2).filter((a) => a !== 'publish');
const flag = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const sizes = flag('cases', '50000,1000000').split(',').map(Number);
for (const n of sizes) {
  if (!Number.isSafeInteger(n) || n < 1000) {
    console.error(`--cases ${flag('cases', '')}: use whole numbers of at least 1000, comma-separated`);
    process.exit(2);
  }
}
const root = join(import.meta.dirname, '..');
const loadAverage = () => (existsSync('/proc/loadavg') ? readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ') : 'unknown');
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

interface Child {
  cases: number; measuresMs: number; readMs: number; fragmentMs: number; protectMs: number; auditMs: number; filesMs: number;
  cells: number; constraints: number; counts: { cells: number; primary: number; complementary: number }; withheld: number; minSliceRequests: number;
  hiddenShare: number; iterations: number; exposed: number; files: number;
  byPublication: { name: string; cells: number; constraints: number }[]; maxRssMb: number;
}
const rows: string[] = [];
const details: string[] = [];
const loadBefore = loadAverage();
for (const n of sizes) {
  const { db, note } = await benchWarehouse(n);
  console.error(`${n.toLocaleString('en-US')} cases: building the marts, then protecting and auditing every published table…`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'bench/publish-child.ts'), db], { encoding: 'utf8', cwd: root, maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`publish-child failed: ${r.stderr}`);
  const x = JSON.parse(r.stdout.trim().split('\n').pop()!) as Child;
  const total = x.protectMs + x.auditMs;
  rows.push(`| ${x.cases.toLocaleString('en-US')} | ${x.cells.toLocaleString('en-US')} | ${x.constraints.toLocaleString('en-US')} | ${x.counts.primary.toLocaleString('en-US')} (${pct(x.counts.primary / x.cells)}) | ${x.counts.complementary.toLocaleString('en-US')} (${pct(x.counts.complementary / x.cells)}) | **${pct(x.hiddenShare)}** | ${x.withheld.toLocaleString('en-US')} | ${s(x.readMs + x.fragmentMs)} | ${s(x.protectMs)} | ${s(x.auditMs)} | **${s(total)}** | ${x.exposed} | ${x.maxRssMb} MB |`);
  details.push(`- ${x.cases.toLocaleString('en-US')} cases (warehouse ${note}; marts built in ${s(x.measuresMs)}, not counted above): ${x.files} files; cells by publication: ${x.byPublication.map((p) => `${p.name} ${p.cells.toLocaleString('en-US')}`).join(', ')} (a count shown by two publications is one cell).`);
  console.error(rows.at(-1));
}
const section = [
  `## Publish: protection of the whole site (${new Date().toISOString().slice(0, 10)})`,
  '',
  `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; load average ${loadBefore} before, ${loadAverage()} after (2 cores). k = 11, the shipped configuration and report definitions.`,
  'Every table the site and the reports publish, from the sample generator\'s cases through the real ingest and measures: the publications\' counts and the equations among them (margins, scopes, links between pages) as one problem; `protect` (primary, complementary by LP patterns, audit-and-fix, re-publish pass, its own final audit by checked witness tables and exact LPs), then an independent `audit` of its answer that solves the exact attacker LPs of every hidden cell. Cells: the shown counts and the differences of nested counts an attacker gets by subtraction (`disclosure.subtraction_cells`: unpublished cells, never shown; every nesting is declared); primary counts both, hidden is the share of the shown counts. Target (issue 4): protection plus audit under 30 s at 1M cases.',
  '',
  '| cases | cells | constraints | primary | complementary | hidden | withheld (small slices) | read marts | protect | audit | protect + audit | exposed | peak RSS |',
  '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ...rows,
  '',
  ...details,
  '',
].join('\n');
console.log(section);
if (!args.includes('--no-write')) {
  writeSection('## Publish', section);
}
