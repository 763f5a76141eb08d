// The scheduled job in process: which steps run for which change, where files
// go, what is recorded, and what happens on failure. (Site builds and kills are
// in kill.test.ts; these runs use --skip-site.)
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runJob, runLockPath, type RunOptions } from '../../pipeline/ops/run.ts';
import { runWithRetries } from '../../pipeline/ops/schedule.ts';
import { loadConfig } from '../../pipeline/config.ts';
import { openWarehouse } from '../../pipeline/warehouse/open.ts';
import { recentRuns } from '../../pipeline/ops/history.ts';
import { COLUMN_NAMES } from '../../pipeline/contract/index.ts';
import { drop, exportRows, memoryLogger, opsFixture, type OpsFixture } from './fixtures.ts';

const AS_OF = '2025-06-30';

function options(f: OpsFixture, log = memoryLogger(), config = f.config): RunOptions & { log: ReturnType<typeof memoryLogger> } {
  return { config, configFile: f.configFile, warehouse: f.warehouse, json: true, waitSeconds: 0, asOf: AS_OF, skipSite: true, trigger: 'manual', log };
}

const stepLog = (log: ReturnType<typeof memoryLogger>) =>
  Object.fromEntries(log.lines.filter((l) => l.fields?.step).map((l) => [l.fields!.step, l.fields!.status]));

const allRate = (f: OpsFixture) => {
  const rows = JSON.parse(readFileSync(join(f.published, 'group_rates.json'), 'utf8')) as { measure: string; dimension: string; numerator: number; denominator: number }[];
  return rows.find((r) => r.measure === 'favourable_of_closed' && r.dimension === 'all')!;
};

describe('pipeline run', () => {
  const f = opsFixture();

  it('loads a new export, then a run with nothing new skips every step', async () => {
    drop(f, 'org-a', 'export-2024-06.csv', exportRows('org-a', 'b1', 60, 7));
    const first = await runJob(options(f));
    expect(first.outcome).toBe('succeeded');
    expect(first.counts).toMatchObject({ files_seen: 1, files_loaded: 1, rows_loaded: 60, rows_quarantined: 0 });
    expect(first.steps.map((s) => `${s.step}:${s.status}`)).toEqual(['intake:ran', 'models:ran', 'publish:ran', 'reports:skipped', 'site:skipped']);
    expect(existsSync(join(f.dir, 'archive', 'org-a'))).toBe(true);
    expect(readdirSync(join(f.inbox, 'org-a'))).toEqual([]);
    expect(allRate(f)).toMatchObject({ numerator: 42, denominator: 60 });

    const log = memoryLogger();
    const t0 = performance.now();
    const noop = await runJob(options(f, log));
    const seconds = (performance.now() - t0) / 1000;
    expect(noop.outcome).toBe('nothing_new');
    expect(stepLog(log)).toEqual({ intake: 'skipped', models: 'skipped', publish: 'skipped', reports: 'skipped', site: 'skipped' });
    expect(log.lines.find((l) => l.fields?.step === 'models')?.message).toContain(`inputs unchanged since run ${first.runId}`);
    expect(log.lines.find((l) => l.fields?.step === 'reports')?.message).toContain('no report builder is registered');
    console.log(`no-op run: ${seconds.toFixed(2)} s`);
    expect(seconds).toBeLessThan(10);
  });

  it('a new export runs exactly the steps that depend on it, and the published rates change', async () => {
    drop(f, 'org-b', 'export.csv', exportRows('org-b', 'b1', 40, 2));
    const log = memoryLogger();
    const r = await runJob(options(f, log));
    expect(stepLog(log)).toEqual({ intake: 'ran', models: 'ran', publish: 'ran', reports: 'skipped', site: 'skipped' });
    expect(allRate(f)).toMatchObject({ numerator: 42 + 8, denominator: 100 });
    expect(r.counts.rows_loaded).toBe(40);
  });

  it('an export dropped again is archived as already loaded; nothing downstream reruns', async () => {
    drop(f, 'org-b', 'export-again.csv', exportRows('org-b', 'b1', 40, 2));
    const log = memoryLogger();
    const r = await runJob(options(f, log));
    expect(stepLog(log)).toEqual({ intake: 'ran', models: 'skipped', publish: 'skipped', reports: 'skipped', site: 'skipped' });
    expect(r.counts).toMatchObject({ files_seen: 1, files_already_loaded: 1, files_loaded: 0 });
  });

  it('a changed measure setting reruns the models and the publish, not the intake', async () => {
    const config = loadConfig(f.configFile);
    config.measures.favourable_outcomes = ['achieved', 'partially_achieved', 'not_achieved'];
    const log = memoryLogger();
    await runJob(options(f, log, config));
    expect(stepLog(log)).toEqual({ intake: 'skipped', models: 'ran', publish: 'ran', reports: 'skipped', site: 'skipped' });
    expect(allRate(f)).toMatchObject({ numerator: 100, denominator: 100 });
  });

  it('refuses a file with an identifier (moved to rejected/ with why.txt, never a value) and archives one with quarantined rows', async () => {
    const named = exportRows('org-c', 'b1', 12, 5).map((r, i) => ({ ...r, client_name: `Zebulon Quixote${i}` }));
    drop(f, 'org-c', 'with-names.csv', named, [...COLUMN_NAMES, 'client_name']);
    const bad = exportRows('org-c', 'b2', 20, 5);
    bad[3].outcome = 'won-big';
    drop(f, 'org-c', 'some-bad-rows.csv', bad);
    const log = memoryLogger();
    const r = await runJob(options(f, log));
    expect(r.counts).toMatchObject({ files_seen: 2, files_rejected: 1, files_loaded: 1, rows_loaded: 19, rows_quarantined: 1 });
    expect(r.exitCode).toBe(2);
    const why = readFileSync(join(f.dir, 'rejected', 'org-c', 'with-names.csv.why.txt'), 'utf8');
    expect(why).toContain('client_name');
    expect(why).not.toContain('Zebulon');
    expect(existsSync(join(f.dir, 'rejected', 'org-c', 'with-names.csv'))).toBe(true);
    const day = readdirSync(join(f.dir, 'archive', 'org-c'))[0];
    const note = readFileSync(join(f.dir, 'archive', 'org-c', day, 'some-bad-rows.csv.quarantine.txt'), 'utf8');
    expect(note).toMatch(/1 quarantined \(ingest run \d+\)/);
    expect(note).toContain('npm run pipeline -- quarantine --run');
    expect(note).not.toContain('won-big');
    const said = log.lines.map((l) => JSON.stringify(l)).join('\n');
    expect(said).not.toContain('Zebulon');
    expect(said).not.toContain('won-big');
    expect(said).not.toMatch(/org-c-b\d-\d{4}/);
  });

  it('records every run with its steps, and writes a status file and a safe runs.json', async () => {
    const w = await openWarehouse(f.warehouse, { readOnly: true });
    const runs = await recentRuns(w.connection, 50);
    w.close();
    expect(runs.length).toBe(6);
    expect(runs.every((r) => r.steps.length === 5 && r.finished_at !== null)).toBe(true);
    const status = JSON.parse(readFileSync(join(f.dir, 'status.json'), 'utf8'));
    expect(status.last_run).toMatchObject({ run_id: runs[0].run_id, outcome: 'succeeded' });
    expect(status.next_scheduled).toMatch(/-01-01T03:00:00.000Z$/);
    const text = readFileSync(join(f.published, 'runs.json'), 'utf8');
    const published = JSON.parse(text);
    expect(published.runs).toHaveLength(6);
    expect(Object.keys(published.runs[0]).sort()).toEqual(['duration_ms', 'failed_step', 'files', 'finished_at', 'outcome', 'release', 'run_id', 'started_at', 'steps', 'trigger']);
    expect(text).not.toMatch(/org-[abc]-b\d-\d{4}/);
    expect(text).not.toContain('rows_');
  });
});

describe('failures', () => {
  it('a failed step is recorded, the failure hook gets the summary on stdin, and the exit code says why', async () => {
    const f = opsFixture();
    const got = join(f.dir, 'hook-stdin.txt');
    // The published folder cannot be created (its parent is a file): the publish step fails.
    writeFileSync(join(f.dir, 'a-file'), 'x');
    const config = { ...f.config, paths: { ...f.config.paths, published: join(f.dir, 'a-file', 'published') }, ops: { ...f.config.ops, on_failure: `cat > '${got}'` } };
    drop(f, 'org-a', 'export.csv', exportRows('org-a', 'b1', 30, 5));
    const r = await runWithRetries(options(f, memoryLogger(), config));
    expect(r.outcome).toBe('failed');
    expect(r.failedStep).toBe('publish');
    expect(r.exitCode).toBe(1);
    const summary = readFileSync(got, 'utf8');
    expect(summary).toContain(`run ${r.runId} failed in step publish`);
    expect(summary).toContain('The last good site stays published');
    expect(JSON.parse(readFileSync(join(f.dir, 'status.json'), 'utf8')).last_run).toMatchObject({ outcome: 'failed', failed_step: 'publish' });
  });

  it('a busy run lock is retried with backoff and the run goes ahead once it is free', async () => {
    const f = opsFixture('  retries: 4');
    // Held by this (live) process, as another run would hold it; freed after the first retry.
    writeFileSync(runLockPath(f.warehouse), JSON.stringify({ pid: process.pid, hostname: (await import('node:os')).hostname(), started_at: new Date().toISOString(), purpose: 'test' }));
    const { rmSync } = await import('node:fs');
    setTimeout(() => rmSync(runLockPath(f.warehouse), { force: true }), 80);
    const log = memoryLogger();
    const r = await runWithRetries(options(f, log, loadConfig(f.configFile)));
    expect(r.message).toBeUndefined();
    expect(log.lines.some((l) => /transient error .*retry 1 of 4/.test(l.message))).toBe(true);
  });
});
