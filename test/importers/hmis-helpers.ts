// Helpers for the HMIS importer tests: where the data is, reading Parquet back
// through DuckDB, and the pseudonymous case id recomputed independently.
import { DuckDBInstance } from '@duckdb/node-api';
import { createHash } from 'node:crypto';
import { join } from 'node:path';

export const SAMPLE = join(import.meta.dirname, '../../../shared/data/hmis-sample');
export const EVA = join(SAMPLE, 'eva-demo-fy2024');
export const GREENRIVER = join(SAMPLE, 'greenriver-datalab-fy2024');
export const FIXTURES = join(import.meta.dirname, '../fixtures/hmis');

/** Runs one query in a fresh in-memory DuckDB; BigInts become numbers. */
export async function duck(sql: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(':memory:');
  const c = await instance.connect();
  try {
    return ((await c.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[]).map((r) =>
      Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v])),
    );
  } finally {
    c.closeSync();
    instance.closeSync();
  }
}

const q = (s: string) => `'${s.replaceAll("'", "''")}'`;
export const readParquet = (file: string) => duck(`SELECT * FROM read_parquet(${q(file)})`);
/** Every column of a CSV as text, exactly as written (no trimming, no casting). */
export const readCsv = (file: string) => duck(`SELECT * FROM read_csv(${q(file)}, header = true, all_varchar = true, delim = ',', quote = '"', escape = '"')`);

/** The importer's case id rule, written again: 'hmis-' + 20 hex of sha256(SourceID U+001F EnrollmentID). */
export function caseIdOf(sourceId: string, enrollmentId: string): string {
  return `hmis-${createHash('sha256').update(`${sourceId}\u001f${enrollmentId}`).digest('hex').slice(0, 20)}`;
}
