// The run history in the warehouse (migration 004): runs and their steps, and
// the last successful execution of each step that skipping compares against.
import type { DuckDBConnection } from '@duckdb/node-api';

export type Outcome = 'running' | 'succeeded' | 'nothing_new' | 'failed' | 'interrupted';
export type StepStatus = 'ran' | 'skipped' | 'failed';

export interface RunCounts {
  files_seen: number; files_loaded: number; files_already_loaded: number; files_rejected: number;
  rows_loaded: number; rows_updated: number; rows_quarantined: number;
}

export const NO_COUNTS: RunCounts = { files_seen: 0, files_loaded: 0, files_already_loaded: 0, files_rejected: 0, rows_loaded: 0, rows_updated: 0, rows_quarantined: 0 };

export interface StepRecord {
  run_id: string; position: number; step: string; status: StepStatus; reason: string | null;
  input_hash: string | null; output_hash: string | null; started_at: string; duration_ms: number;
}

export interface RunRecord extends RunCounts {
  run_id: string; trigger: string; host: string; pid: number; started_at: string; finished_at: string | null;
  duration_ms: number | null; outcome: Outcome; failed_step: string | null; message: string | null; release: string | null;
}

async function rows<T>(c: DuckDBConnection, sql: string, values: (string | number | null)[] = []): Promise<T[]> {
  return ((await c.runAndReadAll(sql, values)).getRowObjectsJS() as Record<string, unknown>[]).map((r) =>
    Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v])) as T,
  );
}

const ts = (d: Date) => d.toISOString().replace('T', ' ').replace('Z', '');

export async function startRun(c: DuckDBConnection, r: { runId: string; trigger: string; host: string; pid: number; startedAt: Date }): Promise<void> {
  await c.run(`INSERT INTO ops_runs (run_id, trigger, host, pid, started_at, outcome) VALUES ($1, $2, $3, $4, $5::TIMESTAMP, 'running')`,
    [r.runId, r.trigger, r.host, r.pid, ts(r.startedAt)]);
}

/** Runs left 'running' by a process that was killed: the caller holds the run lock, so none of them is still going. */
export async function markInterrupted(c: DuckDBConnection): Promise<string[]> {
  const left = await rows<{ run_id: string }>(c, `SELECT run_id FROM ops_runs WHERE outcome = 'running' ORDER BY started_at`);
  if (left.length) await c.run(`UPDATE ops_runs SET outcome = 'interrupted', message = 'the process stopped before the run finished (killed or crashed)' WHERE outcome = 'running'`);
  return left.map((r) => r.run_id);
}

export async function finishRun(c: DuckDBConnection, runId: string, f: { outcome: Outcome; finishedAt: Date; durationMs: number; failedStep?: string; message?: string; release?: string; counts: RunCounts }): Promise<void> {
  const k = f.counts;
  await c.run(
    `UPDATE ops_runs SET outcome = $2, finished_at = $3::TIMESTAMP, duration_ms = $4, failed_step = $5, message = $6, release = $7,
       files_seen = $8, files_loaded = $9, files_already_loaded = $10, files_rejected = $11, rows_loaded = $12, rows_updated = $13, rows_quarantined = $14
     WHERE run_id = $1`,
    [runId, f.outcome, ts(f.finishedAt), f.durationMs, f.failedStep ?? null, f.message ?? null, f.release ?? null,
      k.files_seen, k.files_loaded, k.files_already_loaded, k.files_rejected, k.rows_loaded, k.rows_updated, k.rows_quarantined],
  );
}

export async function recordStep(c: DuckDBConnection, s: StepRecord): Promise<void> {
  await c.run(`INSERT INTO ops_run_steps VALUES ($1, $2, $3, $4, $5, $6, $7, $8::TIMESTAMP, $9)`,
    [s.run_id, s.position, s.step, s.status, s.reason, s.input_hash, s.output_hash, s.started_at.replace('T', ' ').replace('Z', ''), s.duration_ms]);
}

/** The last execution of `step` that ran to the end: its input and output hashes. */
export async function lastRan(c: DuckDBConnection, step: string): Promise<{ input_hash: string; output_hash: string | null; run_id: string } | undefined> {
  return (await rows<{ input_hash: string; output_hash: string | null; run_id: string }>(c,
    `SELECT input_hash, output_hash, run_id FROM ops_run_steps WHERE step = $1 AND status = 'ran' ORDER BY started_at DESC, run_id DESC LIMIT 1`, [step]))[0];
}

export async function recentRuns(c: DuckDBConnection, limit: number): Promise<(RunRecord & { steps: StepRecord[] })[]> {
  const runs = await rows<RunRecord>(c,
    `SELECT * EXCLUDE (started_at, finished_at), strftime(started_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS started_at, strftime(finished_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS finished_at
     FROM ops_runs ORDER BY started_at DESC, run_id DESC LIMIT ${Math.max(1, Math.floor(limit))}`);
  if (!runs.length) return [];
  const steps = await rows<StepRecord>(c,
    `SELECT * EXCLUDE (started_at), strftime(started_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS started_at FROM ops_run_steps
     WHERE list_contains(from_json($1, '["VARCHAR"]'), run_id) ORDER BY run_id, position`, [JSON.stringify(runs.map((r) => r.run_id))]);
  return runs.map((r) => ({ ...r, steps: steps.filter((s) => s.run_id === r.run_id) }));
}
