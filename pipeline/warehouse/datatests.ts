// Data tests in the dbt manner, run after every load: uniqueness, not-null,
// accepted values, relationships and the reconciliation invariant. A failure is
// recorded in data_test_results and blocks publishing.
import type { DuckDBConnection } from '@duckdb/node-api';
import { z } from 'zod';
import { COLUMNS, REQUIRED_COLUMNS } from '../contract/index.ts';
import { codeType, codeTypesSql, sqlIdent } from '../contract/checks.ts';
import { RETURN_WINDOWS } from '../importers/hmis/returns.ts';

export interface DataTest {
  name: string;
  table: string;
  /** SQL returning the offending rows; the test passes when there are none. */
  failingRowsSql: string;
}

function codeColumns() {
  return COLUMNS.flatMap((c) => {
    const json = z.toJSONSchema(c.schema, { unrepresentable: 'any' }) as { enum?: unknown; items?: { enum?: unknown } };
    return json.enum ? [{ name: c.name, list: false }] : json.items?.enum ? [{ name: c.name, list: true }] : [];
  });
}

const windows = Object.entries(RETURN_WINDOWS);

/** case_returns: an attribute of the case version it was loaded with, and open windows unknown, never "no return". */
const CASE_RETURNS_TESTS: DataTest[] = [
  { name: 'unique_case_returns', table: 'case_returns', failingRowsSql: 'SELECT org_id, case_id FROM case_returns GROUP BY ALL HAVING count(*) > 1' },
  {
    // Every row has its case, and belongs to the case's current version (the same load).
    name: 'relationship_case_returns_cases', table: 'case_returns',
    failingRowsSql: `SELECT 1 FROM case_returns r ANTI JOIN cases k ON k.org_id = r.org_id AND k.case_id = r.case_id AND k.ingest_run_id = r.ingest_run_id`,
  },
  {
    // A load that brought returns brought them for every case it loaded that is still current.
    name: 'reconciliation_case_returns_per_run', table: 'case_returns',
    failingRowsSql: `SELECT r.ingest_run_id FROM (SELECT ingest_run_id, count(*) AS n FROM case_returns GROUP BY ALL) r
                     JOIN (SELECT ingest_run_id, count(*) AS n FROM cases GROUP BY ALL) k USING (ingest_run_id) WHERE r.n <> k.n`,
  },
  {
    name: 'case_returns_exit_matches_case', table: 'case_returns',
    failingRowsSql: `SELECT 1 FROM case_returns r JOIN cases k USING (org_id, case_id)
                     WHERE (r.exited_to_permanent AND (k.closed_on IS NULL OR k.closed_on > r.observed_through
                              OR r.exit_quarter IS DISTINCT FROM CAST(date_trunc('quarter', k.closed_on) AS DATE)))
                        OR (NOT r.exited_to_permanent AND (r.exit_quarter IS NOT NULL OR r.measure2_exit
                              OR ${windows.map(([w]) => `${w} IS NOT NULL`).join(' OR ')}))`,
  },
  {
    // A return within a window is one within every longer window (unknown while that one is open, never false).
    name: 'case_returns_windows_nest', table: 'case_returns',
    failingRowsSql: `SELECT 1 FROM case_returns WHERE (returned_6m AND returned_12m = false) OR (returned_12m AND returned_24m = false)`,
  },
  {
    // Known (true or false) exactly when the whole window has been observed; NULL while it is open.
    name: 'case_returns_open_windows_unknown', table: 'case_returns',
    failingRowsSql: `SELECT 1 FROM case_returns r JOIN cases k USING (org_id, case_id) WHERE r.exited_to_permanent AND (
                       ${windows.map(([w, days]) => `(r.${w} IS NULL) <> (k.closed_on + ${days} > r.observed_through)`).join(' OR ')})`,
  },
];

export const DATA_TESTS: readonly DataTest[] = [
  { name: 'unique_case_per_org', table: 'cases', failingRowsSql: 'SELECT org_id, case_id FROM cases GROUP BY ALL HAVING count(*) > 1' },
  { name: 'unique_ingest_run', table: 'ingest_runs', failingRowsSql: 'SELECT run_id FROM ingest_runs GROUP BY run_id HAVING count(*) > 1' },
  { name: 'accepted_values_ingest_run_status', table: 'ingest_runs', failingRowsSql: `SELECT 1 FROM ingest_runs WHERE status NOT IN ('loaded', 'refused') OR status IS NULL` },
  ...REQUIRED_COLUMNS.map((c) => ({ name: `not_null_${c}`, table: 'cases', failingRowsSql: `SELECT 1 FROM cases WHERE ${sqlIdent(c)} IS NULL` })),
  ...codeColumns().map(({ name, list }) => ({
    name: `accepted_values_${name}`,
    table: 'cases',
    failingRowsSql: list
      ? `SELECT 1 FROM cases WHERE len(list_filter(${sqlIdent(name)}, x -> TRY_CAST(x AS ${codeType(name)}) IS NULL)) > 0`
      : `SELECT 1 FROM cases WHERE ${sqlIdent(name)} IS NOT NULL AND TRY_CAST(${sqlIdent(name)} AS ${codeType(name)}) IS NULL`,
  })),
  { name: 'closed_not_before_opened', table: 'cases', failingRowsSql: `SELECT 1 FROM cases WHERE date_trunc('month', closed_on) < date_trunc('month', opened_on)` },
  { name: 'relationship_cases_ingest_runs', table: 'cases', failingRowsSql: `SELECT 1 FROM cases ANTI JOIN (SELECT run_id FROM ingest_runs WHERE status = 'loaded') r ON cases.ingest_run_id = r.run_id` },
  { name: 'relationship_history_ingest_runs', table: 'case_history', failingRowsSql: `SELECT 1 FROM case_history h ANTI JOIN (SELECT run_id FROM ingest_runs WHERE status = 'loaded') r ON h.superseded_by_run = r.run_id` },
  { name: 'relationship_quarantine_ingest_runs', table: 'quarantine', failingRowsSql: `SELECT 1 FROM quarantine q ANTI JOIN (SELECT run_id FROM ingest_runs WHERE status = 'loaded') r ON q.run_id = r.run_id` },
  {
    name: 'reconciliation_per_run', table: 'ingest_runs',
    failingRowsSql: `SELECT run_id FROM ingest_runs WHERE status = 'loaded' AND rows_read IS DISTINCT FROM rows_loaded + rows_updated + rows_quarantined`,
  },
  {
    name: 'reconciliation_quarantine_lines', table: 'quarantine',
    failingRowsSql: `SELECT r.run_id FROM ingest_runs r LEFT JOIN (SELECT run_id, count(DISTINCT line) AS n FROM quarantine GROUP BY run_id) q USING (run_id)
                     WHERE r.status = 'loaded' AND coalesce(q.n, 0) <> r.rows_quarantined`,
  },
  {
    // Every loaded row is a case; every updated row pushed one version into history.
    name: 'reconciliation_cases_and_history', table: 'cases',
    failingRowsSql: `SELECT 1 FROM (SELECT (SELECT count(*) FROM cases) AS cases, (SELECT count(*) FROM case_history) AS history,
                       (SELECT coalesce(sum(rows_loaded), 0) FROM ingest_runs WHERE status = 'loaded') AS loaded,
                       (SELECT coalesce(sum(rows_updated), 0) FROM ingest_runs WHERE status = 'loaded') AS updated)
                     WHERE cases <> loaded OR history <> updated`,
  },
  ...CASE_RETURNS_TESTS,
];

export interface DataTestResult { name: string; table: string; status: 'pass' | 'fail'; failures: number }

/** Runs the data tests (by default the warehouse's), records the results and returns them. */
export async function runDataTests(c: DuckDBConnection, tests: readonly DataTest[] = DATA_TESTS): Promise<DataTestResult[]> {
  for (const sql of codeTypesSql()) await c.run(sql);
  const results: DataTestResult[] = [];
  for (const t of tests) {
    const n = Number((await c.runAndReadAll(`SELECT count(*) FROM (${t.failingRowsSql})`)).getRows()[0][0]);
    results.push({ name: t.name, table: t.table, status: n === 0 ? 'pass' : 'fail', failures: n });
  }
  const at = new Date().toISOString();
  await c.run('BEGIN TRANSACTION');
  const prepared = await c.prepare(`INSERT INTO data_test_results VALUES ($1::TIMESTAMP, $2, $3, $4, $5, NULL)`);
  for (const r of results) {
    prepared.bind([at, r.name, r.table, r.status, r.failures]);
    await prepared.run();
  }
  await c.run('COMMIT');
  return results;
}
