// Random kills aimed at the end of a load, as CI's kill test met them: the
// ingest CLI is SIGKILLed at a random moment in the last part of a measured full
// load, with busy loops competing for the CPU, and the warehouse is checked after
// each kill. Each kill gets a fresh warehouse, so every kill can hit the commit.
//
//   node --import tsx bench/durability/kill-tail.ts [--kills 100] [--minutes 30] [--tail 0.1] [--busy 2] [--rows 300000]
//
// Prints one line per kill and a summary; exits 1 if any kill left a partial load.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
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
const tail = flag('tail', 0.1);
const deadline = Date.now() + flag('minutes', 30) * 60_000;
const kills = flag('kills', 100);
const work = mkdtempSync(join(tmpdir(), 'aa-kill-tail-'));
const csv = join(work, 'big.csv');
await writeCasesCsv(csv, rows);

// CI ran the whole suite in parallel on 2 cores: compete for the CPU the same way.
const busy = Array.from({ length: flag('busy', 2) }, () => new Worker('for (;;) {}', { eval: true }));

function startIngest(warehouse: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'pipeline/cli.ts'), 'ingest', csv, '--warehouse', warehouse, '--as-of', '2025-06-30'], { stdio: 'ignore', cwd: ROOT });
  return { child, done: new Promise<number | null>((r) => child.on('close', (code) => r(code))) };
}

async function state(warehouse: string) {
  const w = await openWarehouse(warehouse);
  try {
    const failed = (await runDataTests(w.connection)).filter((t) => t.status === 'fail').map((t) => t.name);
    const [row] = (await w.connection.runAndReadAll(
      `SELECT (SELECT count(*) FROM cases)::INT AS cases, (SELECT count(*) FROM ingest_runs WHERE status = 'loaded')::INT AS runs`)).getRowObjectsJS();
    return { cases: Number(row.cases), runs: Number(row.runs), failed };
  } finally {
    w.close();
  }
}

// Full loads are timed again every few kills: the machine's load drifts.
let full = 0;
const timeFull = async () => {
  const t0 = Date.now();
  const { done } = startIngest(join(work, 'timing.duckdb'));
  if ((await done) !== 0) throw new Error('an uninterrupted ingest failed');
  rmSync(join(work, 'timing.duckdb'), { force: true });
  full = Date.now() - t0;
};
let bad = 0;
let loaded = 0;
let done = 0;
try {
  for (; done < kills && Date.now() < deadline; done++) {
    if (done % 10 === 0) await timeFull();
    const warehouse = join(work, `k${done}.duckdb`);
    const delay = Math.round(full * (1 - tail * Math.random()));
    const run = startIngest(warehouse);
    await new Promise((r) => setTimeout(r, delay));
    run.child.kill('SIGKILL');
    const code = await run.done;
    const s = await state(warehouse);
    const ok = s.failed.length === 0 && (s.cases === 0 ? s.runs === 0 : s.cases === rows && s.runs === 1);
    if (!ok) bad++;
    if (s.cases === rows) loaded++;
    console.log(`${ok ? 'ok ' : 'BAD'} kill ${done + 1} at ${delay} ms of ${full}: exit ${code}, cases ${s.cases}, loaded runs ${s.runs}${s.failed.length ? `, failed: ${s.failed.join(', ')}` : ''}`);
    rmSync(warehouse, { force: true });
    rmSync(`${warehouse}.wal`, { force: true });
    rmSync(`${warehouse}.tmp`, { recursive: true, force: true });
  }
} finally {
  for (const b of busy) await b.terminate();
  rmSync(work, { recursive: true, force: true });
}
console.log(`${done} kills in the last ${tail * 100}% of the load: ${loaded} left it loaded, ${done - loaded - bad} not loaded, ${bad} partial`);
process.exitCode = bad ? 1 : 0;
