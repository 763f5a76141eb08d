// Ingest of one export file, in one transaction: read, refuse direct
// identifiers, check every row against the contract inside DuckDB, quarantine
// failing rows with their reasons, and load or update the rest. Counts reconcile:
// read = loaded + updated + quarantined, or nothing is committed.
import type { DuckDBConnection } from '@duckdb/node-api';
import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { anyFailureSql, codeTypesSql, COLUMN_CHECKS, failuresSql, sqlIdent, sqlString } from '../contract/checks.ts';
import { anyIdentifierSql, describeFindings, identifierColumnKind, identifierFindingsSql, type PiiFinding } from '../contract/pii.ts';
import { typedSelectSql } from '../contract/typed.ts';
import { COLUMN_NAMES, REQUIRED_COLUMNS } from '../contract/index.ts';
import { InputError } from '../errors.ts';
import { detectFormat, readSource, type Format } from './source.ts';
import { project, type LoadedMapping } from './mapping.ts';
import { TOOL_VERSION } from '../version.ts';

export interface IngestOptions {
  /** The day closing dates are judged against (YYYY-MM-DD); default today (UTC). */
  asOf?: string;
  mapping?: LoadedMapping;
  format?: string;
  /** Check and count, then roll back: nothing is written. */
  dryRun?: boolean;
  onStage?: (stage: string) => void;
  /**
   * Loads attributes that come with the cases (an importer's extra tables) inside
   * the same transaction, after this run's cases are in `cases` with
   * `ingest_run_id = runId`. A throw rolls the whole file back.
   */
  afterCasesLoaded?: (c: DuckDBConnection, run: { runId: number; asOf: string }) => Promise<void>;
}

export interface RuleCount { column: string | null; rule: string; rows: number; firstLine: number; example: string }

export interface FileResult {
  file: string;
  status: 'loaded' | 'skipped' | 'refused' | 'checked';
  format?: Format;
  runId?: number;
  read: number;
  loaded: number;
  updated: number;
  quarantined: number;
  /** Why a file was refused or skipped. */
  message?: string;
  rules: RuleCount[];
  unusedColumns: string[];
  missingColumns: string[];
  seconds: number;
}

export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function one(c: DuckDBConnection, sql: string): Promise<Record<string, unknown>> {
  return ((await c.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[])[0] ?? {};
}
async function all(c: DuckDBConnection, sql: string): Promise<Record<string, unknown>[]> {
  return (await c.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
}

export async function ingestFile(c: DuckDBConnection, filePath: string, options: IngestOptions = {}): Promise<FileResult> {
  const started = new Date();
  const path = resolve(filePath);
  const file = basename(path);
  const asOf = options.asOf ?? today();
  const stage = options.onStage ?? (() => {});
  const result: FileResult = { file: filePath, status: 'loaded', read: 0, loaded: 0, updated: 0, quarantined: 0, rules: [], unusedColumns: [], missingColumns: [], seconds: 0 };
  const finish = (r: FileResult) => ({ ...r, seconds: (Date.now() - started.getTime()) / 1000 });

  let bytes: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new Error('not a file');
    bytes = st.size;
  } catch {
    throw new InputError(`${filePath}: no such file. Check the path.`);
  }
  const format = detectFormat(path, options.format ?? options.mapping?.mapping.format);
  result.format = format;
  stage('hashing');
  const sha = await sha256File(path);
  const mappingSha = options.mapping?.sha256 ?? null;

  const previous = await one(c,
    `SELECT run_id, finished_at::VARCHAR AS at, rows_read, rows_loaded, rows_updated, rows_quarantined FROM ingest_runs
     WHERE status = 'loaded' AND file_sha256 = ${sqlString(sha)} AND mapping_sha256 IS NOT DISTINCT FROM ${mappingSha ? sqlString(mappingSha) : 'NULL'}
     ORDER BY run_id LIMIT 1`);
  if (previous.run_id !== undefined && !options.dryRun) {
    return finish({
      ...result, status: 'skipped', runId: Number(previous.run_id),
      message: `already loaded (same content${mappingSha ? ' and mapping' : ''}) as run ${previous.run_id} at ${String(previous.at).slice(0, 19)}: nothing to do.`,
    });
  }

  const record = async (status: 'loaded' | 'refused', r: FileResult, runId: number) => {
    const finished = new Date();
    await c.run(
      `INSERT INTO ingest_runs VALUES (${runId}, ${sqlString(path)}, ${sqlString(file)}, ${sqlString(sha)}, ${bytes}, ${sqlString(format)}, ` +
        `${mappingSha ? sqlString(mappingSha) : 'NULL'}, ${sqlString(status)}, ${status === 'loaded' ? `${r.read}, ${r.loaded}, ${r.updated}, ${r.quarantined}` : 'NULL, NULL, NULL, NULL'}, ` +
        `${r.message ? sqlString(r.message) : 'NULL'}, DATE ${sqlString(asOf)}, ${sqlString(started.toISOString())}::TIMESTAMP, ${sqlString(finished.toISOString())}::TIMESTAMP, ` +
        `${finished.getTime() - started.getTime()}, ${sqlString(TOOL_VERSION)})`,
    );
  };
  const refuse = async (message: string, rollback = true): Promise<FileResult> => {
    if (rollback) await c.run('ROLLBACK');
    // A refused file contributes no rows: it is counted as a refused file, so read = loaded + updated + quarantined still holds.
    const r = finish({ ...result, status: 'refused', message, read: 0, loaded: 0, updated: 0, quarantined: 0, rules: [] });
    if (!options.dryRun) {
      const runId = Number((await one(c, `SELECT nextval('ingest_run_seq') AS id`)).id);
      await record('refused', r, runId);
      r.runId = runId;
    }
    return r;
  };

  await c.run('BEGIN TRANSACTION');
  try {
    for (const sql of codeTypesSql()) await c.run(sql);
    stage('reading');
    const source = await readSource(c, path, format, options.mapping?.mapping.delimiter);
    const proj = project(source, filePath, options.mapping?.mapping);
    result.unusedColumns = proj.unused;
    result.missingColumns = proj.missing;

    // Direct identifiers by column name, before reading any row.
    const kept = source.columns.filter((col) => !proj.dropped.has(col.name));
    const byName: PiiFinding[] = kept.filter((col) => !proj.consumed.has(col.name)).flatMap((col) => {
      const kind = identifierColumnKind(col.name);
      return kind ? [{ column: col.name, by: 'name' as const, kind }] : [];
    });
    if (byName.length) return await refuse(`refused: ${describeFindings(byName)}`);
    const absentRequired = REQUIRED_COLUMNS.filter((col) => proj.missing.includes(col));
    if (absentRequired.length) {
      return await refuse(
        `refused: required column${absentRequired.length > 1 ? 's' : ''} ${absentRequired.join(', ')} ${absentRequired.length > 1 ? 'are' : 'is'} missing. ` +
          `The file has: ${source.columns.map((x) => x.name).join(', ') || '(no columns)'}. Rename the header (names match ignoring case) or map it with --mapping.`,
      );
    }

    // One read of the file, straight into the staging table: contract columns as
    // trimmed text, plus every other kept column for the identifier scan.
    const extras = kept.filter((col) => proj.unused.includes(col.name) || proj.consumed.has(col.name));
    const staged = await source.stage(c, [
      ...COLUMN_NAMES.map((n) => `${proj.exprs[n]} AS ${sqlIdent(n)}`),
      ...extras.map((col) => `r.${col.ident} AS __x_${col.ident}`),
    ].join(', '));
    for (const n of proj.numbered) {
      await c.run(`UPDATE stg SET ${sqlIdent(n.column)} = ${sqlString(n.prefix)} || lpad(CAST(${staged.lineSql('stg')} AS VARCHAR), 6, '0')`);
    }
    result.read = staged.records + staged.unreadable.length;

    stage('checking rows');
    const asOfSql = `DATE ${sqlString(asOf)}`;
    // Failures keyed by staging row id; the failure list is built only for rows that fail something.
    await c.run(
      `CREATE OR REPLACE TEMP TABLE fail AS
       SELECT rid, line, f.column AS column_name, f.rule AS rule, f.message AS message
       FROM (SELECT rowid AS rid, ${staged.lineSql('stg')} AS line, unnest(${failuresSql(asOfSql)}) AS f FROM stg WHERE ${anyFailureSql(asOfSql)})`,
    );
    // The same (org_id, case_id) twice in one export is an error on every occurrence.
    await c.run(
      `INSERT INTO fail
       WITH keys AS (SELECT org_id, case_id, count(*) AS n FROM stg WHERE org_id IS NOT NULL AND case_id IS NOT NULL GROUP BY ALL HAVING count(*) > 1),
       rows_ AS (SELECT s.rowid AS rid, ${staged.lineSql('s')} AS line, k.n, s.org_id, s.case_id FROM stg s JOIN keys k ON s.org_id = k.org_id AND s.case_id = k.case_id),
       dup AS (SELECT org_id, case_id, list(line ORDER BY line)[1:5] AS lines FROM rows_ GROUP BY ALL)
       SELECT s.rid, s.line, 'case_id', 'duplicate_in_file',
         'the same org_id and case_id appear ' || s.n || ' times in this file (lines ' || array_to_string(d.lines, ', ') || CASE WHEN s.n > 5 THEN ', …' ELSE '' END ||
         '): an export lists each case once. Keep one row per case.'
       FROM rows_ s JOIN dup d ON s.org_id = d.org_id AND s.case_id = d.case_id`,
    );
    if (staged.unreadable.length) {
      await c.run(
        `INSERT INTO fail SELECT * FROM (VALUES ${staged.unreadable.map((u) => `(NULL::BIGINT, ${u.line}, NULL, ${sqlString(u.rule)}, ${sqlString(`line ${u.line}: ${u.message}`)})`).join(', ')}) v(rid, line, column_name, rule, message)`,
      );
    }
    stage('scanning for identifiers');
    // A value that passed a code, date or number check cannot look like an identifier, so the
    // scan reads the free-text columns and extra columns in full, and the rest only on failing rows.
    const freeText = new Set(COLUMN_CHECKS.filter((ch) => ch.rule === 'invalid_format').map((ch) => ch.column));
    const scanned = [...COLUMN_NAMES.map((n) => ({ name: n, ident: n })), ...extras.map((col) => ({ name: col.name, ident: `__x_${col.ident}` }))];
    const always = scanned.filter((x) => freeText.has(x.ident) || x.ident.startsWith('__x_'));
    const hit = await one(c,
      `SELECT count(*) AS n FROM (SELECT 1 FROM stg WHERE ${anyIdentifierSql(always.map((x) => x.ident))}
       UNION ALL SELECT 1 FROM stg SEMI JOIN fail ON stg.rowid = fail.rid WHERE ${anyIdentifierSql(scanned.map((x) => x.ident))} LIMIT 1)`);
    if (Number(hit.n) > 0) {
      await c.run(`CREATE OR REPLACE TEMP TABLE src_scan AS SELECT ${staged.lineSql('s')} AS __line, ${scanned.map((x) => `s.${sqlIdent(x.ident)}`).join(', ')} FROM stg s`);
      const found = await all(c, identifierFindingsSql('src_scan', scanned.map((x) => x.ident)));
      const byValue = found.map((row) => ({ column: scanned.find((x) => x.ident === row.column_name)!.name, by: 'value' as const, kind: String(row.kind), line: Number(row.line) }));
      byValue.sort((a, b) => a.line! - b.line! || a.column.localeCompare(b.column));
      return await refuse(`refused: ${describeFindings(byValue)}`);
    }

    const anyFailed = Number((await one(c, `SELECT count(*) AS n FROM fail WHERE rid IS NOT NULL`)).n) > 0;
    // A clean file (the common case) loads straight from staging, without the anti-join.
    const good = anyFailed
      ? `(SELECT stg.rowid AS __rid, * FROM stg ANTI JOIN (SELECT DISTINCT rid FROM fail WHERE rid IS NOT NULL) f ON stg.rowid = f.rid)`
      : `(SELECT stg.rowid AS __rid, * FROM stg)`;

    const counts = await one(c,
      `SELECT (SELECT count(*) FROM ${good}) AS good,
              (SELECT count(DISTINCT line) FROM fail) AS quarantined,
              (SELECT count(*) FROM ${good} g SEMI JOIN cases k ON k.org_id = g.org_id AND k.case_id = g.case_id) AS updated`);
    result.quarantined = Number(counts.quarantined);
    result.updated = Number(counts.updated);
    result.loaded = Number(counts.good) - result.updated;
    if (result.read !== result.loaded + result.updated + result.quarantined) {
      throw new Error(`reconciliation failed for ${filePath}: read ${result.read} ≠ loaded ${result.loaded} + updated ${result.updated} + quarantined ${result.quarantined}`);
    }
    result.rules = (await all(c,
      `SELECT column_name, rule, count(*) AS rows, min(line) AS first_line, arg_min(message, line) AS example FROM fail GROUP BY ALL ORDER BY rows DESC, rule`))
      .map((r) => ({ column: (r.column_name as string | null) ?? null, rule: String(r.rule), rows: Number(r.rows), firstLine: Number(r.first_line), example: String(r.example) }));

    if (options.dryRun) {
      await c.run('ROLLBACK');
      return finish({ ...result, status: 'checked' });
    }

    stage('loading');
    const runId = Number((await one(c, `SELECT nextval('ingest_run_seq') AS id`)).id);
    // A later export of a case replaces it; the replaced version goes to history.
    if (result.updated > 0) {
      await c.run(`INSERT INTO case_history BY NAME SELECT k.*, ${runId} AS superseded_by_run FROM cases k SEMI JOIN ${good} g ON k.org_id = g.org_id AND k.case_id = g.case_id`);
      await c.run(`DELETE FROM cases USING ${good} g WHERE cases.org_id = g.org_id AND cases.case_id = g.case_id`);
      // Attributes derived from the replaced version go with it; the new version's come with its own load.
      await c.run(`DELETE FROM case_returns USING ${good} g WHERE case_returns.org_id = g.org_id AND case_returns.case_id = g.case_id`);
    }
    await c.run(`INSERT INTO cases BY NAME SELECT ${typedSelectSql()}, ${runId} AS ingest_run_id, ${staged.lineSql('good', 'good.__rid')} AS source_line FROM ${good} good`);
    if (options.afterCasesLoaded) {
      stage('loading attributes');
      await options.afterCasesLoaded(c, { runId, asOf });
    }
    await c.run(`INSERT INTO quarantine SELECT ${runId}, ${sqlString(file)}, line, column_name, rule, message FROM fail`);
    result.runId = runId;
    await record('loaded', result, runId);
    await c.run('DROP TABLE IF EXISTS stg; DROP TABLE IF EXISTS fail; DROP TABLE IF EXISTS src_lines; DROP TABLE IF EXISTS src_jsonl; DROP TABLE IF EXISTS src_scan');
    stage('committing');
    await c.run('COMMIT');
    return finish(result);
  } catch (error) {
    try { await c.run('ROLLBACK'); } catch { /* the transaction may already be closed */ }
    if (error instanceof InputError) return await refuse(`refused: ${error.message.replace(`${path}: `, '').replace(`${filePath}: `, '')}`, false);
    throw error;
  }
}
