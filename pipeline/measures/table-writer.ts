// Writes rows computed in JavaScript (a few thousand aggregates at most) into a
// warehouse table with declared column types, through DuckDB's appender.
import type { DuckDBConnection } from '@duckdb/node-api';
import { sqlIdent } from '../contract/checks.ts';

export type ColumnType = 'VARCHAR' | 'DOUBLE' | 'BIGINT' | 'BOOLEAN';
export type Columns<R> = { [K in keyof R & string]: ColumnType };

export async function writeTable<R extends object>(c: DuckDBConnection, schema: string, table: string, columns: Columns<R>, rows: readonly R[]): Promise<void> {
  const names = Object.keys(columns) as (keyof R & string)[];
  await c.run(`CREATE OR REPLACE TABLE ${schema}.${sqlIdent(table)} (${names.map((n) => `${sqlIdent(n)} ${columns[n]}`).join(', ')})`);
  const appender = await c.createAppender(table, schema);
  try {
    for (const row of rows) {
      for (const n of names) {
        const v = (row as Record<string, unknown>)[n];
        if (v === null || v === undefined || (typeof v === 'number' && !Number.isFinite(v))) { appender.appendNull(); continue; }
        switch (columns[n]) {
          case 'VARCHAR': appender.appendVarchar(String(v)); break;
          case 'DOUBLE': appender.appendDouble(Number(v)); break;
          case 'BIGINT': appender.appendBigInt(BigInt(v as number)); break;
          case 'BOOLEAN': appender.appendBoolean(Boolean(v)); break;
        }
      }
      appender.endRow();
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}
