// `ingest --format hmis <folder>`: convert the export to a format-1 Parquet file
// in a temporary folder, load that file like any other export (same checks,
// quarantine, one transaction), load its returns to homelessness into
// `case_returns` inside that same transaction, and remove the temporary files.
import type { DuckDBConnection } from '@duckdb/node-api';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { sqlString } from '../../contract/checks.ts';
import { ingestFile, today, type FileResult, type IngestOptions } from '../../ingest/ingest.ts';
import { hmisToFormat1, type HmisImportOptions, type HmisImportSummary } from './index.ts';

export interface HmisIngestOptions extends Omit<IngestOptions, 'mapping' | 'format' | 'afterCasesLoaded'>, Omit<HmisImportOptions, 'asOf'> {}

export interface HmisIngestResult {
  /** The load of the converted file; `file` is the export folder. */
  result: FileResult;
  /** The conversion. Its casesFile (and returnsFile, unless options.returnsFile kept it) no longer exist. */
  summary: HmisImportSummary;
}

/**
 * The returns of the cases this run loaded (new or updated), keyed by the
 * warehouse's (org_id, case_id). Quarantined cases have no row in `cases` for
 * this run, so they get none here either. The exit day stays in cases.closed_on;
 * only its quarter is copied, and days_to_return (which would date the return) is not.
 */
export function loadReturnsSql(returnsFile: string, runId: number, observedThrough: string): string {
  return `
    INSERT INTO case_returns BY NAME
    SELECT k.org_id, k.case_id, r.exit_to_permanent AS exited_to_permanent, r.spm2_exit AS measure2_exit,
           CASE WHEN r.exit_to_permanent THEN CAST(date_trunc('quarter', k.closed_on) AS DATE) END AS exit_quarter,
           DATE ${sqlString(observedThrough)} AS observed_through,
           r.returned_6m, r.returned_12m, r.returned_24m, ${runId} AS ingest_run_id
    FROM cases k JOIN read_parquet(${sqlString(returnsFile)}) r ON r.case_id = k.case_id
    WHERE k.ingest_run_id = ${runId}`;
}

export async function ingestHmisFolder(connection: DuckDBConnection, folder: string, options: HmisIngestOptions = {}): Promise<HmisIngestResult> {
  const { membership, orgId, returnsFile, ...ingestOptions } = options;
  // One as-of day for both: the contract's "closed in the future" and the returns' horizon.
  const asOf = ingestOptions.asOf ?? today();
  const dir = mkdtempSync(join(tmpdir(), 'aa-hmis-'));
  try {
    // Named after the folder (and membership), so ingest runs and quarantine entries say which export they came from.
    const stem = basename(resolve(folder)).replace(/[^A-Za-z0-9_.-]+/g, '-') || 'hmis';
    const file = join(dir, `${stem}${membership === 'all' ? '-all' : ''}.parquet`);
    ingestOptions.onStage?.('converting');
    const summary = await hmisToFormat1(folder, file, { membership, orgId, asOf, returnsFile: returnsFile ?? join(dir, 'returns.parquet') });
    const result = await ingestFile(connection, file, {
      ...ingestOptions,
      asOf,
      format: 'parquet',
      afterCasesLoaded: (c, run) => c.run(loadReturnsSql(summary.returnsFile, run.runId, summary.returnsObservedThrough)).then(() => undefined),
    });
    return { result: { ...result, file: folder }, summary };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
