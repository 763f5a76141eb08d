// Parquet exports: the rows are streamed to a staging CSV, then DuckDB converts
// it. Every column stays VARCHAR so nothing is lost or reinterpreted (a case id
// like 000123 or a FIPS code with a leading zero must survive as text).
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { rename, rm } from 'node:fs/promises';

/** A SQL string literal, for the one place DuckDB takes no parameter: COPY's target. */
const sqlString = (s: string) => `'${s.replaceAll("'", "''")}'`;

export class ParquetConverter {
  private instance: DuckDBInstance | undefined;
  private connection: DuckDBConnection | undefined;

  private async connect(): Promise<DuckDBConnection> {
    if (!this.connection) {
      // One thread: the same input then always gives the same bytes (row groups in the same order).
      this.instance = await DuckDBInstance.create(':memory:', { threads: '1' });
      this.connection = await this.instance.connect();
    }
    return this.connection;
  }

  /** Converts `csvPath` to `parquetPath` (renamed into place when complete) and deletes the CSV. */
  async convert(csvPath: string, parquetPath: string): Promise<void> {
    const tmp = `${parquetPath}.tmp`;
    const connection = await this.connect();
    try {
      await connection.run(
        `COPY (SELECT * FROM read_csv($1, header = true, delim = ',', quote = '"', escape = '"', all_varchar = true)) ` +
        `TO ${sqlString(tmp)} (FORMAT parquet)`,
        [csvPath],
      );
      await rename(tmp, parquetPath);
    } finally {
      await rm(tmp, { force: true });
      await rm(csvPath, { force: true });
    }
  }

  close(): void {
    this.connection?.closeSync();
    this.instance?.closeSync();
    this.connection = undefined;
    this.instance = undefined;
  }
}
