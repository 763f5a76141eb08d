// `pipeline run`: the scheduled job. Picks up new exports from the inbox,
// ingests them, rebuilds the models and their tests, publishes the protected
// aggregates, builds the reports and the site aside and swaps them in whole.
// Each step is skipped when its inputs have not changed, so a run with nothing
// new takes seconds. A failed run leaves the last good site published.
import { cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import cliProgress from 'cli-progress';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Config } from '../config.ts';
import { CliError, EXIT, InputError } from '../errors.ts';
import type { Logger } from '../log.ts';
import { openWarehouse, type Warehouse } from '../warehouse/open.ts';
import { runDataTests } from '../warehouse/datatests.ts';
import { ingestFile, type FileResult } from '../ingest/ingest.ts';
import { loadMapping, type LoadedMapping } from '../ingest/mapping.ts';
import { scanForLeaks } from '../publish/scan.ts';
import { acquireLock } from './lock.ts';
import { hashOf, hashTree } from './hash.ts';
import { archiveFile, listInbox, rejectFile, strayFiles, utcDay, type InboxFile } from './inbox.ts';
import { finishRun, markInterrupted, NO_COUNTS, recentRuns, startRun, type Outcome, type RunCounts, type StepRecord } from './history.ts';
import { failureMessage, runStep, type Step, type StepContext } from './steps.ts';
import { currentRelease, ensureSiteDirs, MANIFEST, partialDir, promote, prune, releasesDir } from './release.ts';
import { PROJECT_ROOT } from './site-build.ts';
import { NO_REPORT_BUILDER, reportBuilder } from './reports-step.ts';
import { reportScopeFilters } from '../reports/definition.ts';
import { statusOf, writeRunsFile, writeStatusFile, RUNS_FILE } from './status.ts';

export interface RunOptions {
  config: Config;
  configFile?: string;
  warehouse: string;
  json?: boolean;
  waitSeconds: number;
  /** The day open cases are censored at and closing dates judged against (default today, UTC). */
  asOf?: string;
  /** Stop before the site and reports: the warehouse, marts and published aggregates are still brought up to date. */
  skipSite?: boolean;
  trigger: 'manual' | 'schedule';
  log: Logger;
}

export interface RunResult {
  runId: string;
  outcome: Outcome;
  exitCode: number;
  steps: StepRecord[];
  counts: RunCounts;
  release?: string;
  failedStep?: string;
  message?: string;
  /** The error a failed run ended with (to decide whether a retry may help). */
  error?: unknown;
}

export const STEPS = ['intake', 'models', 'publish', 'reports', 'site'] as const;

export const runLockPath = (warehouse: string) => `${resolve(warehouse)}.run.lock`;

function newRunId(now: Date): string {
  return `${now.toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-')}-${randomBytes(2).toString('hex')}`;
}

async function loadState(c: DuckDBConnection): Promise<string> {
  const r = (await c.runAndReadAll(`SELECT coalesce(string_agg(run_id || ':' || file_sha256, ',' ORDER BY run_id), '') FROM ingest_runs WHERE status = 'loaded'`)).getRows();
  return hashOf(String(r[0][0]));
}

/** Leftovers of a publish killed between its renames (publish.ts writes <dir>.tmp-<pid> and <dir>.old-<pid>). */
function clearPublishLeftovers(published: string): void {
  const dir = dirname(published);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return;
  const base = basename(published);
  for (const n of readdirSync(dir)) if (n.startsWith(`${base}.tmp-`) || n.startsWith(`${base}.old-`)) rmSync(join(dir, n), { recursive: true, force: true });
}

function bar(o: RunOptions, format: string) {
  if (!process.stderr.isTTY || o.json) return undefined;
  return new cliProgress.SingleBar({ format, stream: process.stderr, clearOnComplete: true, hideCursor: true }, cliProgress.Presets.shades_classic);
}

/** One run, under the run lock. Throws only when it cannot start (lock or warehouse busy); a failed step gives outcome 'failed'. */
export async function runJob(o: RunOptions): Promise<RunResult> {
  const { config, log } = o;
  const lock = await acquireLock(runLockPath(o.warehouse), {
    purpose: `pipeline run (${o.trigger})`, waitSeconds: o.waitSeconds, log,
    busyMessage: (who) => `Another pipeline run is in progress: ${who}. It will pick up new exports too; run again when it is done, or with --wait SECONDS.`,
  });
  let w: Warehouse | undefined;
  try {
    w = await openWarehouse(o.warehouse, { waitSeconds: o.waitSeconds, onWait: (m) => log.info(m) });
    return await steps(o, w);
  } finally {
    w?.close();
    lock.release();
  }
}

async function steps(o: RunOptions, w: Warehouse): Promise<RunResult> {
  const { config, log } = o;
  const c = w.connection;
  const started = new Date();
  const runId = newRunId(started);
  const site = resolve(config.paths.site);
  const published = resolve(config.paths.published);
  const marts = resolve(config.paths.marts);
  const asOf = o.asOf ?? utcDay();
  const counts: RunCounts = { ...NO_COUNTS };
  const ctx: StepContext = { c, runId, log, records: [] };

  for (const id of await markInterrupted(c)) log.warn(`Run ${id} was interrupted (killed or crashed) before it finished; this run picks up where it stopped.`);
  await startRun(c, { runId, trigger: o.trigger, host: hostname(), pid: process.pid, startedAt: started });
  log.info(`run ${runId} started (${o.trigger})`, { run_id: runId });
  let failure: { step: string; message: string; error: unknown } | undefined;
  let code = '';
  try {
    ensureSiteDirs(site);
    prune(site, config.ops.keep_releases);
    clearPublishLeftovers(published);
    // Every step depends on the code: a new version rebuilds everything after the intake.
    code = await hashTree([join(PROJECT_ROOT, 'pipeline'), join(PROJECT_ROOT, 'package-lock.json')], PROJECT_ROOT);
  } catch (error) {
    failure = { step: 'setup', message: failureMessage(error), error };
  }
  const outputs: Record<string, string | null> = {};
  const last = async (step: string, fallback: () => Promise<string | null>) => outputs[step] ?? (outputs[step] = await fallback());
  let release: string | undefined;
  let intakeLoaded = false;

  const inbox = failure ? { files: [], settling: [], mappings: new Map<string, string>() } : listInbox(resolve(config.paths.inbox), config.ops.settle_seconds);
  const intake: Step = {
    name: 'intake',
    always: true,
    skipBecause: () => {
      for (const name of strayFiles(resolve(config.paths.inbox))) log.warn(`${join(config.paths.inbox, name)} is not in an organisation's folder and is not read: move it into ${config.paths.inbox}/<org>/.`);
      if (inbox.settling.length) log.info(`${inbox.settling.length} file${inbox.settling.length > 1 ? 's were' : ' was'} modified less than ${config.ops.settle_seconds} s ago (still being copied?) and wait${inbox.settling.length > 1 ? '' : 's'} for the next run: ${inbox.settling.map((f) => `${f.org}/${f.name}`).join(', ')}`);
      return inbox.files.length ? undefined : `no new exports in ${config.paths.inbox}`;
    },
    input: async () => hashOf(inbox.files.map((f) => [f.org, f.name, f.bytes, f.mtimeMs])),
    output: async () => loadState(c),
    run: async () => {
      counts.files_seen = inbox.files.length;
      const mappings = new Map<string, LoadedMapping | InputError>();
      const mappingOf = (org: string) => {
        const path = inbox.mappings.get(org);
        if (!path) return undefined;
        if (!mappings.has(org)) {
          try { mappings.set(org, loadMapping(path)); } catch (e) { if (e instanceof InputError) mappings.set(org, e); else throw e; }
        }
        return mappings.get(org);
      };
      const progress = bar(o, ' intake {bar} {value}/{total} files ({duration}s)');
      progress?.start(inbox.files.length, 0);
      const day = utcDay();
      for (const f of inbox.files) {
        const where = `${f.org}/${f.name}`;
        const mapping = mappingOf(f.org);
        let r: FileResult;
        try {
          if (mapping instanceof InputError) throw mapping;
          r = await ingestFile(c, f.path, { asOf, mapping });
        } catch (error) {
          if (!(error instanceof InputError)) throw error;
          r = { file: f.path, status: 'refused', message: error.message, read: 0, loaded: 0, updated: 0, quarantined: 0, rules: [], unusedColumns: [], missingColumns: [], seconds: 0 };
        }
        if (r.status === 'refused') {
          const to = rejectFile(f, r.message ?? 'refused', resolve(config.paths.rejected), resolve(config.paths.inbox));
          counts.files_rejected++;
          log.warn(`${where}: ${r.message} Moved to ${to} (reason in ${basename(to)}.why.txt).`, { org: f.org, file: f.name, status: 'rejected' });
        } else {
          const to = archiveFile(f, r, resolve(config.paths.archive), day, 'npm run pipeline --');
          if (r.status === 'skipped') {
            counts.files_already_loaded++;
            log.info(`${where}: ${r.message} Archived to ${to}.`, { org: f.org, file: f.name, status: 'already_loaded' });
          } else {
            intakeLoaded = true;
            counts.files_loaded++;
            counts.rows_loaded += r.loaded; counts.rows_updated += r.updated; counts.rows_quarantined += r.quarantined;
            const q = r.quarantined ? `; ${r.quarantined} rows quarantined, listed by: npm run pipeline -- quarantine --run ${r.runId} (see ${basename(to)}.quarantine.txt)` : '';
            (r.quarantined ? log.warn : log.info)(`${where}: read ${r.read}, loaded ${r.loaded}, updated ${r.updated}, quarantined ${r.quarantined}${q}. Archived to ${to}.`,
              { org: f.org, file: f.name, status: 'loaded', ingest_run: r.runId, rows_read: r.read, rows_loaded: r.loaded, rows_updated: r.updated, rows_quarantined: r.quarantined });
          }
        }
        progress?.increment();
      }
      progress?.stop();
      if (intakeLoaded) {
        const tests = await runDataTests(c);
        const failed = tests.filter((t) => t.status === 'fail');
        if (failed.length) throw new CliError(`Data tests failed after loading: ${failed.map((t) => `${t.name} (${t.failures})`).join(', ')}. Publishing is blocked until they pass: npm run pipeline -- check.`, { exitCode: EXIT.dataTests });
      }
      return `${counts.files_loaded} loaded, ${counts.files_already_loaded} already loaded, ${counts.files_rejected} rejected`;
    },
  };

  const models: Step = {
    name: 'models',
    skipBecause: async () => ((await c.runAndReadAll(`SELECT count(*) FROM ingest_runs WHERE status = 'loaded'`)).getRows()[0][0] ? undefined
      : `no data loaded yet: drop exports in ${config.paths.inbox}/<org>/`),
    // The reports' filters are scopes the models measure: a changed filter rebuilds them.
    input: async () => hashOf(await loadState(c), asOf, config.measures, config.reliability, reportScopeFilters(config.paths.reports), code),
    output: async () => last('models', () => hashTree([marts], marts)),
    run: async () => {
      delete outputs.models;
      // Loaded only when there is work: a run with nothing new stays quick to start.
      const [{ buildMeasures }, { MODEL_TESTS }, { exportMarts }] = await Promise.all([import('../measures/build.ts'), import('../model/tests.ts'), import('../model/export.ts')]);
      const built = await buildMeasures(c, config, asOf, reportScopeFilters(config.paths.reports));
      const tests = await runDataTests(c, MODEL_TESTS);
      const failed = tests.filter((t) => t.status === 'fail');
      if (failed.length) throw new CliError(`Model tests failed: ${failed.map((t) => `${t.name} (${t.failures})`).join(', ')}. Publishing is blocked until they pass.`, { exitCode: EXIT.dataTests });
      const exported = await exportMarts(c, marts);
      return `${built.length} models, ${tests.length} model tests passed, ${exported.length} marts exported`;
    },
  };

  // Reports are written into the publication by the reports step: not part of what publish left.
  const publishedHash = () => last('publish', () => hashTree([published], published, (n) => n === RUNS_FILE || n === 'reports' || n.includes('.tmp-')));
  const publishStep: Step = {
    name: 'publish',
    skipBecause: async () => ((await c.runAndReadAll(`SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'marts' AND table_name = 'group_rates'`)).getRows()[0][0] ? undefined
      : 'no measures built yet'),
    input: async () => hashOf(await models.output(runId), await loadState(c), config.disclosure, config.measures, config.reliability, code),
    output: publishedHash,
    run: async () => {
      delete outputs.publish;
      const { describeProtection, publish } = await import('../publish/publish.ts');
      const s = await publish(c, config, published, undefined, log);
      const findings = await scanForLeaks(s.dir, s.k, c);
      if (findings.length) throw new CliError(`The leak scan of ${s.dir} found ${findings.length} problem${findings.length > 1 ? 's' : ''} (first: ${findings[0].file}: ${findings[0].kind.replaceAll('_', ' ')} at ${findings[0].where}); nothing more is published.`, { exitCode: EXIT.refused });
      return describeProtection(s);
    },
  };

  const reportsOut = join(site, 'reports-build');
  const builder = reportBuilder();
  const reportsHash = () => last('reports', () => hashTree([reportsOut], site));
  const reports: Step = {
    name: 'reports',
    skipBecause: () => (!builder ? NO_REPORT_BUILDER : existsSync(join(published, 'group_rates.json')) ? undefined : 'nothing published yet'),
    input: async () => hashOf(await publishedHash(), await hashTree([...builder!.inputs, config.paths.reports].map((p) => resolve(p)), PROJECT_ROOT), config, code),
    output: reportsHash,
    run: async () => {
      delete outputs.reports;
      const partial = `${reportsOut}.partial`;
      rmSync(partial, { recursive: true, force: true });
      mkdirSync(partial, { recursive: true });
      const { reports: n } = await builder!.build({ outDir: partial, publishedDir: published, config, log, runId });
      const findings = await scanForLeaks(partial, config.disclosure.k, c);
      if (findings.length) throw new CliError(`The leak scan of the reports found ${findings.length} problem${findings.length > 1 ? 's' : ''} (first: ${findings[0].file}: ${findings[0].kind.replaceAll('_', ' ')}); they are not published.`, { exitCode: EXIT.refused });
      rmSync(reportsOut, { recursive: true, force: true });
      renameSync(partial, reportsOut);
      return `${n} reports built by ${builder!.name}`;
    },
  };

  const siteStep: Step = {
    name: 'site',
    skipBecause: () => (o.skipSite ? '--skip-site given' : existsSync(join(published, 'group_rates.json')) ? undefined : 'nothing published yet'),
    input: async () => hashOf(await publishedHash(), builder ? await reportsHash() : null,
      await hashTree([join(PROJECT_ROOT, 'src'), join(PROJECT_ROOT, 'observablehq.config.ts')], PROJECT_ROOT, (n) => n === '.observablehq'),
      { ...config, ops: null, schedule: null }, code),
    output: async (id) => hashTree([join(releasesDir(site), id, MANIFEST)], site),
    run: async () => {
      const out = partialDir(site, runId);
      rmSync(out, { recursive: true, force: true });
      const { buildSite } = await import('./site-build.ts');
      const progress = bar(o, ' site build {bar} {duration}s');
      progress?.start(1, 0);
      try {
        await buildSite({ outDir: out, publishedDir: published, configFile: o.configFile, reportsDir: config.paths.reports, logFile: join(site, 'logs', `${runId}.build.log`), log });
      } finally {
        progress?.stop();
      }
      if (existsSync(reportsOut)) cpSync(reportsOut, join(out, 'reports'), { recursive: true });
      const findings = await scanForLeaks(out, config.disclosure.k, c);
      if (findings.length) throw new CliError(`The leak scan of the new site found ${findings.length} problem${findings.length > 1 ? 's' : ''} (first: ${findings[0].file}: ${findings[0].kind.replaceAll('_', ' ')} at ${findings[0].where}); the previous release stays published.`, { exitCode: EXIT.refused });
      const manifest = await promote(site, runId);
      release = runId;
      const removed = prune(site, config.ops.keep_releases);
      return `published release ${runId} (${manifest.files.length} files)${removed.length ? `; removed old release${removed.length > 1 ? 's' : ''} ${removed.join(', ')}` : ''}`;
    },
  };

  let outcome: Outcome = failure ? 'failed' : 'succeeded';
  for (const step of [intake, models, publishStep, reports, siteStep]) {
    if (failure) break;
    try {
      await runStep(ctx, step);
    } catch (error) {
      failure = { step: step.name, message: failureMessage(error), error };
      outcome = 'failed';
      break;
    }
  }
  if (!failure && ctx.records.every((r) => r.status === 'skipped')) outcome = 'nothing_new';
  const finished = new Date();
  const durationMs = finished.getTime() - started.getTime();
  await finishRun(c, runId, { outcome, finishedAt: finished, durationMs, failedStep: failure?.step, message: failure?.message, release, counts });

  // What happened, for the site and for monitoring.
  const history = await recentRuns(c, 50);
  const current = currentRelease(site);
  try {
    if (existsSync(published) && statSync(published).isDirectory()) writeRunsFile(published, history);
    writeStatusFile(resolve(config.paths.status), statusOf(history, current, config));
  } catch (error) {
    // The run itself is recorded in the warehouse; a status file that cannot be written must not hide its outcome.
    log.warn(`Could not write the status files: ${failureMessage(error)}`);
  }

  const summary = `run ${runId}: ${outcome.replace('_', ' ')} in ${(durationMs / 1000).toFixed(1)} s; ${counts.files_seen} new file${counts.files_seen === 1 ? '' : 's'} (${counts.files_loaded} loaded, ${counts.files_already_loaded} already loaded, ${counts.files_rejected} rejected); published release: ${current ?? 'none'}`;
  if (failure) log.error(`${summary}. Failed in step ${failure.step}: ${failure.message}`, { run_id: runId, outcome, failed_step: failure.step });
  else log.info(summary, { run_id: runId, outcome, duration_ms: durationMs });

  const exitCode = failure
    ? (failure.error instanceof CliError ? failure.error.exitCode : EXIT.internal)
    : counts.files_rejected ? EXIT.refused : counts.rows_quarantined ? EXIT.quarantined : EXIT.ok;
  return { runId, outcome, exitCode, steps: ctx.records, counts, release, failedStep: failure?.step, message: failure?.message, error: failure?.error };
}
