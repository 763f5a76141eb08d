// `ingest --format hmis <folder>`: convert the export to a format-1 Parquet file
// in a temporary folder, load that file like any other export (same checks,
// quarantine, one transaction), and remove the temporary files.
import type { DuckDBConnection } from '@duckdb/node-api';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { ingestFile, type FileResult, type IngestOptions } from '../../ingest/ingest.ts';
import { hmisToFormat1, type HmisImportOptions, type HmisImportSummary } from './index.ts';

export interface HmisIngestOptions extends Omit<IngestOptions, 'mapping' | 'format'>, HmisImportOptions {}

export interface HmisIngestResult {
  /** The load of the converted file; `file` is the export folder. */
  result: FileResult;
  /** The conversion. Its casesFile (and returnsFile, unless options.returnsFile kept it) no longer exist. */
  summary: HmisImportSummary;
}

export async function ingestHmisFolder(connection: DuckDBConnection, folder: string, options: HmisIngestOptions = {}): Promise<HmisIngestResult> {
  const { membership, orgId, returnsFile, ...ingestOptions } = options;
  const dir = mkdtempSync(join(tmpdir(), 'aa-hmis-'));
  try {
    // Named after the folder (and membership), so ingest runs and quarantine entries say which export they came from.
    const stem = basename(resolve(folder)).replace(/[^A-Za-z0-9_.-]+/g, '-') || 'hmis';
    const file = join(dir, `${stem}${membership === 'all' ? '-all' : ''}.parquet`);
    ingestOptions.onStage?.('converting');
    const summary = await hmisToFormat1(folder, file, { membership, orgId, returnsFile: returnsFile ?? join(dir, 'returns.parquet') });
    const result = await ingestFile(connection, file, { ...ingestOptions, format: 'parquet' });
    return { result: { ...result, file: folder }, summary };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
