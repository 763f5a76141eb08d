// The publish gate: only suppressed aggregates leave the warehouse. Reads the
// marts, protects every count (primary and complementary suppression, proven by
// the LP audit), and writes the published files that the site's data loaders and
// the reports read: nothing else is published. Refuses while any data test fails.
import type { DuckDBConnection } from '@duckdb/node-api';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import { CliError, EXIT } from '../errors.ts';
import { cellId, type CellStatus, DEFAULT_PROGRESS_SECONDS, DisclosureInputError, isSensitive, protect, UnprotectedError, type Fragment, type ProtectionProblem, type ProtectProgress, type ProtectResult } from '../disclosure/index.ts';
import { rows } from './json-rows.ts';
import { joinFragments, type Publication, type PublicationFragment, type PublishedFile, type StatusOf } from './publication.ts';
import { PUBLICATIONS } from './publications.ts';
import { nestedDifferences } from './nested-counts.ts';
import { SCHEMA_VERSION } from '../warehouse/migrate.ts';
import { COMPUTED_MARTS, MODELS } from '../model/models.ts';
import { TOOL_VERSION } from '../version.ts';

export const DEFAULT_PUBLISHED_DIR = 'data/published';

/** `withheld`: cells of small slices, not published (under `minSliceRequests` requests; small-slices.ts). */
export interface PublishSummary { dir: string; k: number; cells: number; suppressedShare: number; withheld: number; minSliceRequests: number; files: { name: string; rows: number; sha256: string }[] }

/** What protection did, in one line for people (counts of cells only, never a value). */
export function describeProtection(s: PublishSummary): string {
  const withheld = s.withheld ? `; ${s.withheld.toLocaleString('en-US')} more withheld as small slices (under ${s.minSliceRequests.toLocaleString('en-US')} requests)` : '';
  return `${s.cells} counts protected with k = ${s.k}, ${(s.suppressedShare * 100).toFixed(1)}% suppressed${withheld}; no leak found`;
}

/**
 * protect() names the counts in its errors (useful to whoever calls the library
 * on a test table); here they are clients' counts on their way to a log, so the
 * publish step says which cells and why, never their values.
 */
async function protectWithoutCounts(problem: ProtectionProblem, log?: ProgressLog): Promise<ProtectResult> {
  if (log) {
    const k = problem.k!;
    const sensitive = problem.cells.filter((c) => isSensitive(c, k)).length;
    log.info(`Protecting ${problem.cells.length.toLocaleString('en-US')} counts (differences of nested counts included): ${sensitive.toLocaleString('en-US')} are sensitive (1 to ${k - 1}).`);
    // Measured: at 18% sensitive (50,000-case sample) protection takes 1–2
    // minutes; at 38% (1,000 cases, small slices withheld) 40 s; at 55% (the
    // same warehouse with every breakdown) it did not finish in 17 minutes.
    if (sensitive > SLOW_SHARE * problem.cells.length) {
      log.warn(`${Math.round((100 * sensitive) / problem.cells.length)}% of the counts are sensitive, as in a small warehouse; protecting them may take minutes (README, "Small warehouses"). Progress is reported every ${DEFAULT_PROGRESS_SECONDS} s.`);
    }
  }
  const onProgress = log && ((p: ProtectProgress) => log.info(`disclosure: ${p.done.toLocaleString('en-US')} of ${p.total.toLocaleString('en-US')} sensitive counts given their protection in ${minutes(p.elapsedSeconds)}; about ${minutes(p.remainingSeconds)} more at this pace, then the final audit`));
  try {
    return await protect(problem, { onProgress });
  } catch (error) {
    if (error instanceof UnprotectedError) {
      const cells = error.exposed.map((e) => e.id);
      throw new CliError(`Publishing is blocked: ${cells.length} sensitive cell(s) would still be exposed after suppression: ${cells.slice(0, 5).join(', ')}${cells.length > 5 ? ', …' : ''}. This is a bug in disclosure control; nothing was published.`, { exitCode: EXIT.internal });
    }
    if (error instanceof DisclosureInputError) {
      const where = /^disclosure: ([^:(]*)/.exec(error.message)?.[1]?.trim() ?? 'the published tables';
      throw new CliError(`Publishing is blocked: the published tables are inconsistent (${where}). This is a bug in a publication's cells or equations; nothing was published.`, { exitCode: EXIT.internal });
    }
    throw error;
  }
}

type ProgressLog = Pick<Logger, 'info' | 'warn'>;

/** Above this share of sensitive counts protection gets slow (see protectWithoutCounts). */
const SLOW_SHARE = 0.3;

const minutes = (seconds: number) => (seconds < 90 ? `${seconds} s` : `${Math.round(seconds / 60)} min`);

/** Data tests whose latest result is a failure: any of them blocks publishing. */
export async function failingDataTests(c: DuckDBConnection): Promise<string[]> {
  const failing = await rows<{ test_name: string }>(c,
    `SELECT test_name FROM (SELECT test_name, arg_max(status, checked_at) AS status FROM data_test_results GROUP BY test_name) WHERE status = 'fail' ORDER BY 1`);
  return failing.map((r) => r.test_name);
}

/**
 * Every publication's counts and equations as one problem, with the counts an
 * attacker gets by subtracting nested ones (closed − favourable, ...) as cells too.
 */
export function protectionProblem(fragments: readonly Fragment[], { subtractionCells = true } = {}): Fragment & { shown: number } {
  const shown = joinFragments(fragments);
  return { ...(subtractionCells ? joinFragments([shown, nestedDifferences(shown)]) : shown), shown: shown.cells.length };
}

/**
 * Refuses a warehouse whose marts are missing or were built by an older version
 * (one without a mart this version reads): DuckDB's own "table does not exist"
 * would otherwise surface half-way through as an internal error.
 */
async function requireMarts(c: DuckDBConnection): Promise<void> {
  const present = new Set((await rows<{ name: string }>(c, `SELECT table_name AS name FROM duckdb_tables() WHERE schema_name = 'marts'`)).map((r) => r.name));
  if (present.size === 0) throw new CliError('There are no measures to publish yet. Run npm run pipeline -- measure first.', { exitCode: EXIT.refused });
  const missing = [...MODELS.filter((m) => m.layer === 'marts'), ...COMPUTED_MARTS].map((m) => m.name).filter((name) => !present.has(name));
  if (missing.length) {
    throw new CliError(`The warehouse's measures are out of date: marts.${missing.join(', marts.')} ${missing.length > 1 ? 'are' : 'is'} missing (built by an older version). Run npm run pipeline -- measure, then publish again.`, { exitCode: EXIT.refused });
  }
}

const SMALL_SLICE: CellStatus = { state: 'suppressed', reason: 'small_slice' };

/** The status of a published cell: protected, or withheld as a small slice; asking for any other cell is a publication's bug. */
export function statusOf(protection: Pick<ProtectResult, 'status'>, withheld: ReadonlySet<string>): StatusOf {
  return (table, key) => {
    if (withheld.has(`${table}:${key}`)) return SMALL_SLICE;
    const s = protection.status.get(`${table}:${key}`);
    if (!s) throw new Error(`publish: no disclosure status for ${table}:${key}: the publication shows a count it did not declare`);
    if (s.unpublished) throw new Error(`publish: ${table}:${key} is a count no page may show (a difference of nested counts or a pooled small slice)`);
    return s;
  };
}

/** The ids of the cells the publications withhold as small slices; one that another publication shows is a bug. */
export function withheldCells(fragments: readonly PublicationFragment[], problem: Fragment): Set<string> {
  const ids = new Set(fragments.flatMap((f) => (f.withheld ?? []).map(cellId)));
  const shown = problem.cells.find((c) => ids.has(cellId(c)));
  if (shown) throw new Error(`publish: ${cellId(shown)} is withheld as a small slice by one publication and shown by another`);
  return ids;
}

const json = (value: unknown) => `${JSON.stringify(value, null, 1)}\n`;

/**
 * `log`, when given, is told what protection is doing (how many counts, how
 * many sensitive, progress every DEFAULT_PROGRESS_SECONDS): counts of cells, never a value.
 */
export async function publish(c: DuckDBConnection, config: Config, dir = DEFAULT_PUBLISHED_DIR, publications: readonly Publication<any>[] = PUBLICATIONS, log?: ProgressLog): Promise<PublishSummary> {
  const failing = await failingDataTests(c);
  if (failing.length) {
    throw new CliError(`Publishing is blocked: these data tests fail: ${failing.join(', ')}. Fix the data (npm run pipeline -- check) and measure again.`, { exitCode: EXIT.dataTests });
  }
  await requireMarts(c);

  const k = config.disclosure.k;
  const read: { p: Publication<unknown>; data: unknown }[] = [];
  for (const p of publications) read.push({ p, data: await p.read(c, config) });
  const fragments = read.map(({ p, data }) => p.fragment(data, config));
  const problem = protectionProblem(fragments, { subtractionCells: config.disclosure.subtraction_cells });
  const withheld = withheldCells(fragments, problem);
  const protection = await protectWithoutCounts({ cells: problem.cells, constraints: problem.constraints, k }, log);
  // The share of the counts the pages show that are hidden (differences are never shown).
  const shownIds = problem.cells.slice(0, problem.shown).map(cellId);
  const suppressedShare = shownIds.filter((id) => protection.status.get(id)?.state === 'suppressed').length / Math.max(1, shownIds.length);
  const status = statusOf(protection, withheld);
  const written: PublishedFile[] = read.flatMap(({ p, data }) => p.files(data, status, config));
  const vintage = (await rows<Record<string, string | number | null>>(c,
    `SELECT strftime(min(opened_on), '%Y-%m-%d') AS first_opened, strftime(max(opened_on), '%Y-%m-%d') AS last_opened,
            (SELECT strftime(max(finished_at), '%Y-%m-%d %H:%M:%S') FROM ingest_runs WHERE status = 'loaded') AS last_load,
            (SELECT count(*) FROM ingest_runs WHERE status = 'loaded') AS loads
     FROM main.cases`))[0];

  // Written aside, then swapped in whole: a reader never sees half a publication.
  const out = resolve(dir);
  const tmp = `${out}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const files = written.map((f) => ({ name: f.name, body: json(f.body), rows: f.rows }));
  const names = new Set<string>();
  for (const f of files) {
    if (names.has(f.name) || f.name === 'manifest.json' || f.name.includes('..')) throw new Error(`publish: file name ${f.name} is used twice or not allowed`);
    names.add(f.name);
    mkdirSync(dirname(join(tmp, f.name)), { recursive: true });
    writeFileSync(join(tmp, f.name), f.body);
  }
  const summary: PublishSummary = {
    dir: out, k, cells: problem.shown, suppressedShare, withheld: withheld.size, minSliceRequests: config.disclosure.min_slice_requests,
    files: files.map((f) => ({ name: f.name, rows: f.rows, sha256: createHash('sha256').update(f.body).digest('hex') })),
  };
  writeFileSync(join(tmp, 'manifest.json'), json({
    k, cells_protected: problem.shown, differences_protected: problem.cells.length - problem.shown,
    min_slice_requests: config.disclosure.min_slice_requests, cells_withheld_small_slices: withheld.size, publications: publications.map((p) => p.name), suppressed_share: Number(suppressedShare.toFixed(4)),
    favourable_outcomes: config.measures.favourable_outcomes, confidence_level: config.measures.confidence_level,
    reliability: config.reliability, data: vintage, warehouse_schema: SCHEMA_VERSION, code_version: TOOL_VERSION, files: summary.files,
  }));
  mkdirSync(dirname(out), { recursive: true });
  const old = `${out}.old-${process.pid}`;
  if (existsSync(out)) renameSync(out, old);
  renameSync(tmp, out);
  rmSync(old, { recursive: true, force: true });
  return summary;
}
