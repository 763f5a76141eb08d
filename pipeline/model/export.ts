// Exports every mart but the internal ones as Parquet, ordered by its key so the same data always gives
// the same bytes, with a manifest describing each file's grain and columns.
import type { DuckDBConnection } from '@duckdb/node-api';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';
import { COMPUTED_MARTS, MODELS } from './models.ts';
import { sqlIdent, sqlString } from '../contract/checks.ts';

export interface MartFile {
  name: string;
  file: string;
  grain: string;
  key: string[];
  rows: number;
  sha256: string;
  columns: { name: string; type: string }[];
}

/** `dir` comes from the configuration (paths.marts) or --marts. */
export async function exportMarts(c: DuckDBConnection, dir: string): Promise<MartFile[]> {
  const out = resolve(dir);
  mkdirSync(out, { recursive: true });
  const files: MartFile[] = [];
  for (const m of [...MODELS.filter((x) => x.layer === 'marts' && !x.internal), ...COMPUTED_MARTS]) {
    const table = `marts.${sqlIdent(m.name)}`;
    const file = join(out, `${m.name}.parquet`);
    const tmp = `${file}.tmp`;
    rmSync(tmp, { force: true });
    // Written aside and renamed: a reader never sees half a file.
    await c.run(`COPY (SELECT * FROM ${table} ORDER BY ${m.key.map(sqlIdent).join(', ')}) TO ${sqlString(tmp)} (FORMAT parquet, COMPRESSION zstd)`);
    renameSync(tmp, file);
    const columns = ((await c.runAndReadAll(`SELECT column_name, data_type FROM duckdb_columns() WHERE schema_name = 'marts' AND table_name = ${sqlString(m.name)} ORDER BY column_index`))
      .getRowObjectsJS() as { column_name: string; data_type: string }[]).map((r) => ({ name: r.column_name, type: r.data_type }));
    const rows = Number((await c.runAndReadAll(`SELECT count(*) FROM ${table}`)).getRows()[0][0]);
    files.push({ name: m.name, file: `${m.name}.parquet`, grain: m.grain, key: m.key, rows, sha256: createHash('sha256').update(readFileSync(file)).digest('hex'), columns });
  }
  writeFileSync(join(out, 'manifest.json'), `${JSON.stringify({ marts: files }, null, 2)}\n`);
  return files;
}
