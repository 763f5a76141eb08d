// Disclosure-control benchmark, run as a script (npm run bench -- disclosure),
// never as a timed test. It builds a site's worth of linked tables, protects
// them all as one problem, audits the result independently, and prints time and
// the share of cells hidden; the section replaces the previous one in BENCHMARKS.md.
//
//   --groups N   groups of four 8×6 tables (default 50, so 200 tables): two
//                half-years, their year (linked cell by cell: year = H1 + H2), and
//                a second page of the year by another breakdown whose row and grand
//                totals are the year's (linked by equality)
//   --seed S     seed of the counts (default 1)
//   --no-write   print only
import { cpus, totalmem } from 'node:os';
import { writeSection } from './benchmarks-file.ts';
import {
  type CellRef, type Constraint, type Fragment, audit, combine, link, naiveNextSmallest, protect, ref, sumOf, tableWithMargins,
} from '../pipeline/disclosure/index.ts';

const args = process.argv.slice(2).filter((a) => a !== 'disclosure');
const flag = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const groups = Number(flag('groups', '50'));
const seed = Number(flag('seed', '1'));
const write = !args.includes('--no-write');

// mulberry32: small, seeded, the same numbers on every machine.
let state = seed >>> 0;
const random = () => {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
};
const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
// Half-year counts by area × group: a fifth zero, a fifth 1..10, the rest 11..60.
const halfYearCount = () => {
  const u = random();
  return u < 0.2 ? 0 : u < 0.4 ? int(1, 10) : int(11, 60);
};

const ROWS = Array.from({ length: 8 }, (_, i) => `area=${i}`);
const RACE = Array.from({ length: 6 }, (_, j) => `race=${j}`);
const AGE = Array.from({ length: 6 }, (_, j) => `age=${j}`);

/** Rows of every page: the groups the naive rule works in. */
const naiveGroups: CellRef[][] = [];

function group(g: number): Fragment {
  const h1Counts = ROWS.map(() => RACE.map(halfYearCount));
  const h2Counts = ROWS.map(() => RACE.map(halfYearCount));
  const yearCounts = h1Counts.map((row, i) => row.map((v, j) => v + h2Counts[i][j]));
  // The second page splits each area's year total over age groups at random.
  const ageCounts = yearCounts.map((row) => {
    const total = row.reduce((a, b) => a + b, 0);
    const cuts = AGE.slice(1).map(() => int(0, total)).sort((a, b) => a - b);
    return AGE.map((_, j) => (j === AGE.length - 1 ? total : cuts[j]) - (j === 0 ? 0 : cuts[j - 1]));
  });
  const h1 = tableWithMargins(`g${g}-h1`, ROWS, RACE, h1Counts);
  const h2 = tableWithMargins(`g${g}-h2`, ROWS, RACE, h2Counts);
  const year = tableWithMargins(`g${g}-year`, ROWS, RACE, yearCounts);
  const byAge = tableWithMargins(`g${g}-year-by-age`, ROWS, AGE, ageCounts);
  for (const t of [h1, h2, year]) ROWS.forEach((_, i) => naiveGroups.push(RACE.map((_, j) => t.interior(i, j))));
  ROWS.forEach((_, i) => naiveGroups.push(AGE.map((_, j) => byAge.interior(i, j))));
  const links: Constraint[] = year.cells.map((c) => sumOf(ref(year.grandTotal.table, c.key), [ref(h1.grandTotal.table, c.key), ref(h2.grandTotal.table, c.key)]));
  ROWS.forEach((_, i) => links.push(link(year.rowTotal(i), byAge.rowTotal(i))));
  links.push(link(year.grandTotal, byAge.grandTotal));
  return combine(h1, h2, year, byAge, ...links);
}

const problem = combine(...Array.from({ length: groups }, (_, g) => group(g)));
const t0 = performance.now();
const result = await protect(problem);
const protectMs = performance.now() - t0;
const hidden = [...result.status].filter(([, s]) => s.state === 'suppressed').map(([id]) => id);
const t1 = performance.now();
const check = await audit(problem, hidden);
const auditMs = performance.now() - t1;
if (check.exposed.length > 0) throw new Error(`audit found ${check.exposed.length} exposed cells after protect`);

// The naive rule on the same site, for comparison: how much it hides, how many
// sensitive cells the audit then finds exposed.
const naive = naiveNextSmallest(problem, naiveGroups);
const naiveAudit = await audit(problem, naive);

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const { cells, primary, complementary } = result.counts;
const row = `| ${groups * 4} | ${cells.toLocaleString('en-US')} | ${problem.constraints.length.toLocaleString('en-US')} | ${primary} (${pct(primary / cells)}) | ${complementary} (${pct(complementary / cells)}) | **${pct(result.suppressedShare)}** | ${result.iterations} | ${(protectMs / 1000).toFixed(1)} s | ${(auditMs / 1000).toFixed(1)} s | ${check.exposed.length} |`;
const section = [
  `## Disclosure (${new Date().toISOString().slice(0, 10)})`,
  '',
  `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}. Seed ${seed}.`,
  `Workload: ${groups} groups of four 8×6 tables with margins: two half-years, their year (year = H1 + H2 cell by cell) and the year by a second breakdown sharing its row and grand totals; half-year counts a fifth 0, a fifth 1–10, the rest 11–60; k = 11. \`protect\` (primary, cell-by-cell LP patterns, audit-and-fix, re-publish pass, final audit) on the whole site as one problem, then an independent \`audit\` of its answer.`,
  '',
  '| tables | cells | constraints | primary | complementary | hidden | rounds | protect | audit | exposed |',
  '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  row,
  '',
  `For comparison, HUD's rule (hide the next-lowest count in any row with one hidden cell, no audit) hides ${pct(naive.size / cells)} of the cells and leaves **${naiveAudit.exposed.length} of ${primary}** sensitive cells exposed (${naiveAudit.exposed.filter((e) => e.max - e.min < 1e-6).length} recoverable exactly).`,
  '',
].join('\n');
console.log(section);

if (write) {
  writeSection('## Disclosure', section);
}
