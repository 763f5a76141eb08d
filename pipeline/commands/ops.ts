// The scheduled job's commands: run, schedule, status and rollback (pipeline/ops).
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CliError, EXIT } from '../errors.ts';
import { createLogger } from '../log.ts';
import { openWarehouse } from '../warehouse/open.ts';
import { recentRuns } from '../ops/history.ts';
import { acquireLock } from '../ops/lock.ts';
import { currentRelease, listReleases, rollback } from '../ops/release.ts';
import { runLockPath, type RunOptions } from '../ops/run.ts';
// Registers the reports step of `run` (the report modules themselves load only when a report is built).
import '../reports/register.ts';
import { runWithRetries, schedule } from '../ops/schedule.ts';
import { statusLines, statusOf, writeStatusFile, type StatusFile } from '../ops/status.ts';
import { configOf, isoDay, positiveInt, waitSeconds, warehouseOf, type GlobalOptions } from './options.ts';

export interface RunCliOptions extends GlobalOptions { asOf?: string; skipSite?: boolean }

function runOptions(o: RunCliOptions, trigger: RunOptions['trigger']): RunOptions {
  return {
    config: configOf(o), configFile: o.config, warehouse: warehouseOf(o), json: o.json, waitSeconds: waitSeconds(o),
    asOf: isoDay(o.asOf, '--as-of'), skipSite: o.skipSite, trigger, log: createLogger(o.json),
  };
}

export async function runCommand(o: RunCliOptions): Promise<number> {
  const r = await runWithRetries(runOptions(o, 'manual'));
  if (o.json) console.log(JSON.stringify({ run_id: r.runId, outcome: r.outcome, exit_code: r.exitCode, counts: r.counts, release: r.release ?? null, failed_step: r.failedStep ?? null, message: r.message ?? null, steps: r.steps }, null, 2));
  return r.exitCode;
}

export async function scheduleCommand(o: RunCliOptions & { runNow?: boolean }): Promise<number> {
  return schedule({ ...runOptions(o, 'schedule'), runNow: o.runNow });
}

export async function statusCommand(o: GlobalOptions & { limit?: string }): Promise<number> {
  const config = configOf(o);
  const limit = positiveInt(o.limit, '--limit') ?? 10;
  const site = resolve(config.paths.site);
  const release = currentRelease(site);
  let runs;
  try {
    const w = await openWarehouse(warehouseOf(o), { readOnly: true, waitSeconds: waitSeconds(o) });
    try { runs = await recentRuns(w.connection, limit); } finally { w.close(); }
  } catch (error) {
    // A run holds the warehouse while it works: the status file still says how the last one ended.
    if (!(error instanceof CliError) || error.exitCode !== EXIT.busy) throw error;
    const file = resolve(config.paths.status);
    if (!existsSync(file)) throw error;
    const status = JSON.parse(readFileSync(file, 'utf8')) as StatusFile;
    if (o.json) console.log(JSON.stringify({ busy: true, status }, null, 2));
    else console.log(`A run is in progress (the warehouse is busy). From ${file}:\n${JSON.stringify(status, null, 2)}`);
    return EXIT.ok;
  }
  const status = statusOf(runs, release, config);
  if (o.json) console.log(JSON.stringify({ status, releases: listReleases(site), runs }, null, 2));
  else console.log(statusLines(runs, release, status).join('\n'));
  return EXIT.ok;
}

export async function rollbackCommand(o: GlobalOptions & { to?: string }): Promise<number> {
  const config = configOf(o);
  const log = createLogger(o.json);
  const site = resolve(config.paths.site);
  // Under the run lock: a run must not swap a release in while we swap one back.
  const lock = await acquireLock(runLockPath(warehouseOf(o)), { purpose: 'pipeline rollback', waitSeconds: waitSeconds(o), log,
    busyMessage: (who) => `A pipeline run is in progress (${who}); roll back when it is done, or with --wait SECONDS.` });
  try {
    const { from, to } = rollback(site, o.to);
    const file = resolve(config.paths.status);
    if (existsSync(file)) {
      const status = JSON.parse(readFileSync(file, 'utf8')) as StatusFile;
      writeStatusFile(file, { ...status, updated_at: new Date().toISOString(), published_release: to });
    }
    if (o.json) console.log(JSON.stringify({ from: from ?? null, to }, null, 2));
    else console.log(`rolled back: ${site}/current now points at release ${to} (was ${from}). It stays published until a run with new inputs publishes a new release.`);
    return EXIT.ok;
  } finally {
    lock.release();
  }
}
