// Deterministic kill-safety check: one ingest per crash point. A preloaded shim
// (crash.c) counts the file-changing system calls on the warehouse files and
// SIGKILLs the CLI just before the Nth one, so every step of the commit and the
// checkpoints is hit exactly, instead of hoping a timer lands in a millisecond
// window. After each kill the warehouse is opened as the kill test opens it and
// the load must be all there (with its ingest_runs row) or not there at all.
//
//   node --import tsx bench/durability/crash-points.ts [--rows 300000] [--from N] [--to N | --last N] [--after-kills N]
//
// --after-kills N first runs N ingests killed early (as the kill test does before its
// late kill), so the warehouse has been recovered and reopened a few times.
// Linux only; needs gcc. Prints one line per crash point and a summary.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openWarehouse } from '../../pipeline/warehouse/open.ts';
import { runDataTests } from '../../pipeline/warehouse/datatests.ts';
import { writeCasesCsv } from './cases-csv.ts';

const ROOT = join(import.meta.dirname, '../..');
const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const rows = flag('rows', 300_000);
const work = mkdtempSync(join(tmpdir(), 'aa-crash-'));
const shim = join(work, 'crash.so');
execFileSync('gcc', ['-O2', '-shared', '-fPIC', '-o', shim, join(import.meta.dirname, 'crash.c'), '-ldl']);
const csv = join(work, 'big.csv');
await writeCasesCsv(csv, rows);

interface Event { n: number; op: string; file: string; size: number }

/** Runs the ingest CLI on `warehouse`, killed before file event `crashAt` (never, if undefined). */
function ingest(warehouse: string, crashAt?: number): { code: number | null; events: Event[] } {
  const log = `${warehouse}.events`;
  rmSync(log, { force: true });
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'pipeline/cli.ts'), 'ingest', csv, '--warehouse', warehouse, '--as-of', '2025-06-30'], {
    cwd: ROOT, stdio: 'ignore',
    env: { ...process.env, LD_PRELOAD: shim, CRASH_MATCH: warehouse, CRASH_LOG: log, ...(crashAt ? { CRASH_AT: String(crashAt) } : {}) },
  });
  const events = existsSync(log)
    ? readFileSync(log, 'utf8').trim().split('\n').filter(Boolean).map((l) => {
      const [n, op, file, size] = l.split(' ');
      return { n: Number(n), op, file: file.slice(warehouse.length) || '.duckdb', size: Number(size) };
    })
    : [];
  return { code: r.status ?? (r.signal === 'SIGKILL' ? 137 : null), events };
}

async function state(warehouse: string): Promise<{ cases: number; runs: number; failed: string[] }> {
  let w;
  try {
    w = await openWarehouse(warehouse);
  } catch (error) {
    return { cases: -1, runs: -1, failed: [`does not open: ${(error as Error).message}`] };
  }
  try {
    const failed = (await runDataTests(w.connection)).filter((t) => t.status === 'fail').map((t) => t.name);
    const [row] = (await w.connection.runAndReadAll(
      `SELECT (SELECT count(*) FROM cases)::INT AS cases, (SELECT count(*) FROM ingest_runs WHERE status = 'loaded')::INT AS runs`)).getRowObjectsJS();
    return { cases: Number(row.cases), runs: Number(row.runs), failed };
  } finally {
    w.close();
  }
}

// The starting warehouse: fresh, or after a few early kills and reopenings.
const seed = join(work, 'seed');
const seedDb = join(seed, 'w.duckdb');
execFileSync('mkdir', ['-p', seed]);
for (let k = 0; k < flag('after-kills', 0); k++) {
  // Kill while the load writes its row groups, long before it commits.
  const probe = join(work, 'probe');
  rmSync(probe, { recursive: true, force: true });
  cpSync(seed, probe, { recursive: true });
  const firstBlock = ingest(join(probe, 'w.duckdb')).events.find((e) => e.op === 'pwrite' && e.size === 262144);
  if (!firstBlock) throw new Error('the load wrote no row group');
  ingest(seedDb, firstBlock.n + k);
  await state(seedDb);
}
const fresh = (name: string) => {
  const dir = join(work, name);
  rmSync(dir, { recursive: true, force: true });
  cpSync(seed, dir, { recursive: true });
  return join(dir, 'w.duckdb');
};

const counted = ingest(fresh('count'));
if (counted.code !== 0) throw new Error(`the uninterrupted ingest failed (exit ${counted.code})`);
const total = counted.events.length;
console.log(`${total} file events in an uninterrupted ingest of ${rows.toLocaleString('en-US')} rows (exit 0)`);
// --last N: only the last N crash points (the load's commit and what follows it).
const from = args.includes('--last') ? Math.max(1, total - flag('last', total) + 1) : flag('from', 1);
const to = Math.min(flag('to', total), total);
let bad = 0;
let unfinished = 0;
for (let n = from; n <= to; n++) {
  const warehouse = fresh(`n${n}`);
  const run = ingest(warehouse, n);
  const last = run.events.at(-1);
  const s = await state(warehouse);
  const ok = s.failed.length === 0 && (s.cases === 0 ? s.runs === 0 : s.cases === rows && s.runs === 1);
  // Killed while DuckDB wrote a new file's headers: nothing stored, and openWarehouse says to delete it.
  const creation = s.failed.some((f) => /is incomplete: a run was stopped while creating it/.test(f));
  if (creation) unfinished++;
  else if (!ok) bad++;
  console.log(`${ok ? 'ok ' : creation ? 'new' : 'BAD'} kill before event ${n}/${total} (${last ? `${last.op} ${last.file} ${last.size}` : 'none'}): ` +
    `exit ${run.code}, cases ${s.cases}, loaded runs ${s.runs}${s.failed.length ? `, failed: ${s.failed.join(', ')}` : ''}`);
  rmSync(join(work, `n${n}`), { recursive: true, force: true });
}
console.log(`${to - from + 1} crash points: ${bad} left a partial load, ${unfinished} an unfinished new file (reported as such)`);
rmSync(work, { recursive: true, force: true });
process.exitCode = bad ? 1 : 0;
