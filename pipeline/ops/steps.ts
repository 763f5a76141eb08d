// One step of the job: skipped when its input hash equals that of its last
// completed execution and its outputs are still what that execution left;
// otherwise run, and recorded (status, hashes, timing) in the run history.
import type { DuckDBConnection } from '@duckdb/node-api';
import { CliError, safeMessage } from '../errors.ts';
import type { Logger } from '../log.ts';
import { lastRan, recordStep, type StepRecord } from './history.ts';

export interface Step {
  name: string;
  /** A reason to skip without looking at hashes (nothing to do, or turned off). */
  skipBecause?: () => Promise<string | undefined> | string | undefined;
  /** Always run when not skipped for a reason (the inbox: files there must be moved). */
  always?: boolean;
  input(): Promise<string>;
  /** The hash of what the execution in run `runId` left (a missing output hashes differently). */
  output(runId: string): Promise<string | null>;
  /** Does the work; returns a one-line account of it. */
  run(): Promise<string>;
}

export interface StepContext { c: DuckDBConnection; runId: string; log: Logger; records: StepRecord[] }

/** The message of a failure a person can read; internal errors lose DuckDB's quoted input. */
export function failureMessage(error: unknown): string {
  return error instanceof CliError ? error.message : `internal error: ${safeMessage(error)}`;
}

export async function runStep(ctx: StepContext, step: Step): Promise<StepRecord> {
  const started = new Date();
  const t0 = performance.now();
  const base = { run_id: ctx.runId, position: ctx.records.length + 1, step: step.name, started_at: started.toISOString() };
  const done = async (r: Omit<StepRecord, 'run_id' | 'position' | 'step' | 'started_at' | 'duration_ms'>) => {
    const record: StepRecord = { ...base, ...r, duration_ms: Math.round(performance.now() - t0) };
    await recordStep(ctx.c, record);
    ctx.records.push(record);
    const line = `step ${step.name}: ${record.status}${record.reason ? `, ${record.reason}` : ''}${record.status === 'ran' ? ` (${(record.duration_ms / 1000).toFixed(1)} s)` : ''}`;
    (record.status === 'failed' ? ctx.log.error : ctx.log.info)(line, { run_id: ctx.runId, step: step.name, status: record.status, duration_ms: record.duration_ms });
    return record;
  };
  let input: string | null = null;
  try {
    const because = await step.skipBecause?.();
    if (because) return await done({ status: 'skipped', reason: because, input_hash: null, output_hash: null });
    input = await step.input();
    if (!step.always) {
      const last = await lastRan(ctx.c, step.name);
      if (last && last.input_hash === input && (await step.output(last.run_id)) === last.output_hash) {
        return await done({ status: 'skipped', reason: `inputs unchanged since run ${last.run_id}`, input_hash: input, output_hash: last.output_hash });
      }
    }
    const reason = await step.run();
    return await done({ status: 'ran', reason, input_hash: input, output_hash: await step.output(ctx.runId) });
  } catch (error) {
    await done({ status: 'failed', reason: failureMessage(error).split('\n')[0], input_hash: input, output_hash: null });
    throw error;
  }
}
