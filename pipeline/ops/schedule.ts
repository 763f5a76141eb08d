// `pipeline run` with retries and the failure hook, and `pipeline schedule`:
// runs the job on the configured cron expressions (croner), one scheduler per
// warehouse (a lock that survives crashes), never two runs at once.
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { Cron } from 'croner';
import { CliError, EXIT } from '../errors.ts';
import { acquireLock } from './lock.ts';
import { isTransient, withRetries } from './retry.ts';
import { failureSummary, runFailureHook } from './failure-hook.ts';
import { runJob, type RunOptions, type RunResult } from './run.ts';
import { nextScheduled } from './status.ts';

/** Thrown inside the retry loop when a run failed for a reason a retry may cure. */
class TransientRunFailure extends Error {
  constructor(readonly result: RunResult) { super(result.message ?? 'transient failure');
    this.name = 'TransientRunFailure'; }
}

/**
 * One run, retried with backoff while it fails transiently (the warehouse or
 * the run lock busy, EBUSY/EAGAIN); when it finally fails, the failure hook is
 * told. Returns the last attempt's result.
 */
export async function runWithRetries(o: RunOptions): Promise<RunResult> {
  const { log, config } = o;
  const startedAt = new Date().toISOString();
  let result: RunResult;
  try {
    result = await withRetries('The run', config.ops, log, async () => {
      const r = await runJob(o);
      if (r.outcome === 'failed' && isTransient(r.error)) throw new TransientRunFailure(r);
      return r;
    }, (error) => error instanceof TransientRunFailure || isTransient(error));
  } catch (error) {
    if (error instanceof TransientRunFailure) result = error.result;
    else {
      // The run could not even start (another run holds the lock, the warehouse is busy).
      await hook(o, { runId: '(not started)', message: error instanceof CliError ? error.message : String(error), startedAt });
      throw error;
    }
  }
  if (result.outcome === 'failed') await hook(o, { runId: result.runId, step: result.failedStep, message: result.message ?? 'failed', startedAt });
  return result;
}

async function hook(o: RunOptions, f: { runId: string; step?: string; message: string; startedAt: string }): Promise<void> {
  const command = o.config.ops.on_failure;
  if (!command) return;
  await runFailureHook(command, failureSummary({ ...f, host: hostname(), statusFile: resolve(o.config.paths.status) }), o.log);
}

export const schedulerLockPath = (warehouse: string) => `${resolve(warehouse)}.schedule.lock`;

export interface ScheduleOptions extends RunOptions { runNow?: boolean }

/** Runs until SIGTERM or SIGINT; a run in progress is finished first. */
export async function schedule(o: ScheduleOptions): Promise<number> {
  const { config, log } = o;
  const lock = await acquireLock(schedulerLockPath(o.warehouse), {
    purpose: 'pipeline schedule', waitSeconds: o.waitSeconds, log,
    busyMessage: (who, path) => `Another scheduler is already running for this warehouse: ${who}. Only one may run (lock ${path}). ` +
      'Stop that one first, or start this one with --wait SECONDS to take over when it stops.',
  });
  let running: Promise<unknown> | undefined;
  let stopping = false;
  const runOnce = async (why: string) => {
    if (running || stopping) return;
    log.info(`scheduled run starting (${why})`);
    running = runWithRetries({ ...o, trigger: 'schedule', waitSeconds: Math.max(o.waitSeconds, 5) })
      .catch((error: unknown) => log.error(`The scheduled run did not start: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => {
        running = undefined;
        if (!stopping) log.info(`next scheduled run: ${nextScheduled(config) ?? 'none'}`);
      });
    await running;
  };
  const jobs = config.schedule.cron.map((expr) => new Cron(expr, { timezone: config.schedule.timezone, protect: true }, () => runOnce(`cron "${expr}"`)));
  const stopped = new Promise<void>((done) => {
    const stop = async (signal: string) => {
      if (stopping) { lock.release(); process.exit(EXIT.internal); }
      stopping = true;
      for (const j of jobs) j.stop();
      log.info(`scheduler stopping (${signal})${running ? ': finishing the run in progress first' : ''}`);
      await running;
      done();
    };
    process.on('SIGTERM', () => void stop('SIGTERM'));
    process.on('SIGINT', () => void stop('SIGINT'));
  });
  log.info(`scheduler started (pid ${process.pid}): ${config.schedule.cron.join(', ')} (${config.schedule.timezone}); next run ${nextScheduled(config) ?? 'never'}`, { pid: process.pid });
  if (o.runNow) await runOnce('--run-now');
  await stopped;
  lock.release();
  log.info('scheduler stopped');
  return EXIT.ok;
}
