// What happened, for people and for monitoring: the status file (paths.status),
// the safe aggregate of run history the site's data-quality page reads
// (<published>/runs.json: ids, times, steps, durations, outcomes and file
// counts; no case id, file content or row-level data) and the terminal view.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Cron } from 'croner';
import type { Config } from '../config.ts';
import type { RunRecord, StepRecord } from './history.ts';

export type RunWithSteps = RunRecord & { steps: StepRecord[] };

export const RUNS_FILE = 'runs.json';
const RUNS_KEPT = 50;

function writeJsonAtomic(path: string, value: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, `${JSON.stringify(value, null, 1)}\n`);
  renameSync(tmp, path);
}

/** The next time any of the configured cron expressions fires. */
export function nextScheduled(config: Config, after = new Date()): string | null {
  const times = config.schedule.cron
    .map((c) => new Cron(c, { timezone: config.schedule.timezone, paused: true }).nextRun(after))
    .filter((d): d is Date => d !== null)
    .map((d) => d.getTime());
  return times.length ? new Date(Math.min(...times)).toISOString() : null;
}

export interface StatusFile {
  updated_at: string;
  last_run: { run_id: string; outcome: string; started_at: string; finished_at: string | null; duration_ms: number | null; failed_step: string | null; message: string | null } | null;
  last_success_at: string | null;
  published_release: string | null;
  next_scheduled: string | null;
  schedule: { cron: string[]; timezone: string };
}

export function statusOf(runs: RunWithSteps[], release: string | undefined, config: Config): StatusFile {
  const last = runs[0];
  const ok = runs.find((r) => r.outcome === 'succeeded' || r.outcome === 'nothing_new');
  return {
    updated_at: new Date().toISOString(),
    last_run: last ? { run_id: last.run_id, outcome: last.outcome, started_at: last.started_at, finished_at: last.finished_at, duration_ms: last.duration_ms, failed_step: last.failed_step, message: last.message } : null,
    last_success_at: ok?.finished_at ?? null,
    published_release: release ?? null,
    next_scheduled: nextScheduled(config),
    schedule: config.schedule,
  };
}

export function writeStatusFile(path: string, status: StatusFile): void {
  writeJsonAtomic(path, status);
}

/** The run history as the site may show it: nothing below file counts. */
export function runsAggregate(runs: RunWithSteps[]) {
  return {
    generated_at: new Date().toISOString(),
    runs: runs.slice(0, RUNS_KEPT).map((r) => ({
      run_id: r.run_id,
      trigger: r.trigger,
      started_at: r.started_at,
      finished_at: r.finished_at,
      duration_ms: r.duration_ms,
      outcome: r.outcome,
      failed_step: r.failed_step,
      release: r.release,
      files: { seen: r.files_seen, loaded: r.files_loaded, already_loaded: r.files_already_loaded, rejected: r.files_rejected },
      steps: r.steps.map((s) => ({ step: s.step, status: s.status, duration_ms: s.duration_ms })),
    })),
  };
}

export function writeRunsFile(publishedDir: string, runs: RunWithSteps[]): void {
  writeJsonAtomic(join(publishedDir, RUNS_FILE), runsAggregate(runs));
}

const secs = (ms: number | null) => (ms === null ? '—' : `${(ms / 1000).toFixed(1)} s`);

/** The terminal view of `pipeline status`. */
export function statusLines(runs: RunWithSteps[], release: string | undefined, status: StatusFile): string[] {
  const lines = [
    `published release: ${release ?? 'none yet'}`,
    `next scheduled run: ${status.next_scheduled ?? 'none'} (${status.schedule.cron.join(', ')}, ${status.schedule.timezone})`,
    '',
  ];
  if (!runs.length) return [...lines, 'no runs yet: npm run pipeline -- run'];
  for (const r of runs) {
    const files = `${r.files_seen} file${r.files_seen === 1 ? '' : 's'} (${r.files_loaded} loaded, ${r.files_already_loaded} already loaded, ${r.files_rejected} rejected)`;
    lines.push(`${r.run_id}  ${r.outcome.padEnd(11)} ${r.started_at}  ${secs(r.duration_ms)}  ${files}; rows loaded ${r.rows_loaded}, updated ${r.rows_updated}, quarantined ${r.rows_quarantined}${r.release ? `; published ${r.release}` : ''}`);
    lines.push(`  steps: ${r.steps.map((s) => `${s.step} ${s.status}${s.status === 'ran' ? ` ${secs(s.duration_ms)}` : ''}`).join(' · ') || 'none recorded'}`);
    if (r.message) lines.push(`  ${r.failed_step ? `failed in ${r.failed_step}: ` : ''}${r.message.split('\n')[0]}`);
  }
  return lines;
}
