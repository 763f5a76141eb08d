// Query results as plain objects with numbers (DuckDB returns BIGINT as bigint).
import type { DuckDBConnection } from '@duckdb/node-api';

export async function rows<T>(c: DuckDBConnection, sql: string): Promise<T[]> {
  return ((await c.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[]).map((r) =>
    Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v])) as T,
  );
}
