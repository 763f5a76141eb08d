// Kill-safety: an ingest child process is killed with SIGKILL at random moments,
// some of them in the last 15% of the load (its commit and checkpoint). After each
// kill the warehouse opens, its invariants hold, and the file is either wholly
// loaded or not at all; the next run loads it exactly once. Every crash point of
// the commit is checked deterministically by bench/durability/crash-points.ts.
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import fc from 'fast-check';
import { openWarehouse } from '../../pipeline/warehouse/open.ts';
import { runDataTests } from '../../pipeline/warehouse/datatests.ts';
import { ingestFile } from '../../pipeline/ingest/ingest.ts';
import { COLUMN_NAMES } from '../../pipeline/contract/index.ts';
import { VALID_ROW, query, tempDir } from '../helpers.ts';

const ROOT = join(import.meta.dirname, '../..');
const ROWS = 300_000;
/** Kills anywhere in the load, and kills in its last 15% (the commit and checkpoint). */
const EARLY_KILLS = 4;
const LATE_KILLS = 2;

async function bigCsv(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  out.write(`${COLUMN_NAMES.join(',')}\n`);
  const line = (i: number) => COLUMN_NAMES.map((c) => (c === 'case_id' ? `K-${String(i).padStart(6, '0')}` : c === 'barriers' ? '"wait_time;cost"' : c === 'race_ethnicity' ? 'white' : VALID_ROW[c])).join(',');
  for (let i = 0; i < rows; i++) if (!out.write(`${line(i)}\n`)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
}

function startIngest(file: string, warehouse: string) {
  // node --import tsx runs the CLI in this one process: the tsx binary would run it in a
  // grandchild that a SIGKILL of the wrapper leaves running.
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'pipeline/cli.ts'), 'ingest', file, '--warehouse', warehouse, '--as-of', '2025-06-30', '--wait', '20'], { stdio: 'ignore', cwd: ROOT });
  return { child, done: new Promise<number | null>((r) => child.on('close', (code) => r(code))) };
}

async function invariants(warehouse: string) {
  const w = await openWarehouse(warehouse);
  try {
    const tests = await runDataTests(w.connection);
    const [row] = await query(w, `SELECT (SELECT count(*) FROM cases) AS cases, (SELECT count(*) FROM ingest_runs WHERE status = 'loaded') AS runs`);
    return { failed: tests.filter((t) => t.status === 'fail').map((t) => t.name), cases: Number(row.cases), runs: Number(row.runs) };
  } finally {
    w.close();
  }
}

describe('kill-safety', () => {
  it(`survives ${EARLY_KILLS + LATE_KILLS} SIGKILLs mid-load and then loads exactly once`, async () => {
    const dir = tempDir();
    const file = join(dir, 'big.csv');
    const warehouse = join(dir, 'w.duckdb');
    await bigCsv(file, ROWS);
    // Time one full load in a scratch warehouse to aim the kills inside it.
    const t0 = Date.now();
    expect(await startIngest(file, join(dir, 'scratch.duckdb')).done).toBe(0);
    const full = Date.now() - t0;
    const kill = async (target: string, delay: number) => {
      const { child, done } = startIngest(file, target);
      await new Promise((r) => setTimeout(r, delay));
      child.kill('SIGKILL');
      await done;
      const state = await invariants(target);
      expect(state.failed, `after a kill at ${delay} ms of ${full}`).toEqual([]);
      expect([0, ROWS], `after a kill at ${delay} ms of ${full}`).toContain(state.cases);
      expect(state.runs, `after a kill at ${delay} ms of ${full}`).toBe(state.cases === ROWS ? 1 : 0);
      return state.cases;
    };
    // Anywhere in the load, on one warehouse that must end up loaded exactly once.
    const seen: number[] = [];
    // The first at 150 ms, surely before the commit: the timed load may run slower
    // than these (CI once landed every random kill after the commit).
    const early = [150, ...fc.sample(fc.integer({ min: 150, max: Math.max(300, Math.round(full * 0.85)) }), { numRuns: EARLY_KILLS - 1, seed: 7 })];
    for (const delay of early) {
      seen.push(await kill(warehouse, delay));
    }
    // In the last 15%, where the commit and checkpoint run: each on a fresh warehouse,
    // since a kill that lands after the commit would leave nothing for the next to hit.
    const late = fc.sample(fc.integer({ min: Math.round(full * 0.85), max: full }), { numRuns: LATE_KILLS, seed: 7 });
    for (const [i, delay] of late.entries()) await kill(join(dir, `late-${i}.duckdb`), delay);
    const { done } = startIngest(file, warehouse);
    expect(await done).toBe(0);
    const end = await invariants(warehouse);
    expect(end).toEqual({ failed: [], cases: ROWS, runs: 1 });
    // At least one kill must have landed before the commit, or the test proved nothing.
    expect(seen).toContain(0);
  }, 240_000);

  it('commits a bulk load by checkpoint, leaving no write-ahead log to replay', async () => {
    // DuckDB 1.5.5 logs a bulk insert as row-group pointers whose replay is not
    // atomic (pipeline/warehouse/README.md); the warehouse must never rely on it.
    const dir = tempDir();
    const file = join(dir, 'big.csv');
    const warehouse = join(dir, 'w.duckdb');
    // More than one row group (122,880 rows), so DuckDB writes the rows before the commit.
    await bigCsv(file, 130_000);
    const w = await openWarehouse(warehouse);
    try {
      expect((await ingestFile(w.connection, file, { asOf: '2025-06-30' })).status).toBe('loaded');
      // Still open, so no checkpoint on close has tidied up yet.
      expect(existsSync(`${warehouse}.wal`) ? statSync(`${warehouse}.wal`).size : 0).toBe(0);
    } finally {
      w.close();
    }
  });

  it('says so, and how to fix it, when a kill interrupted the creation of the warehouse', async () => {
    // DuckDB creates a file by writing three 4 KiB headers: a kill can leave none or one of them.
    const dir = tempDir();
    const empty = join(dir, 'empty.duckdb');
    writeFileSync(empty, '');
    const torn = join(dir, 'torn.duckdb');
    (await openWarehouse(torn)).close();
    truncateSync(torn, 4096);
    for (const file of [empty, torn]) {
      await expect(openWarehouse(file)).rejects.toThrow(/is incomplete: a run was stopped while creating it.*Delete the file \(it holds no data\)/);
    }
    // Anything else that is not a warehouse is not called incomplete.
    const text = join(dir, 'notes.duckdb');
    writeFileSync(text, 'not a database');
    await expect(openWarehouse(text)).rejects.toThrow(/not a valid DuckDB database file/);
  });
});
