// Versioned schema migrations: numbered .sql files applied in order, each in its
// own transaction, recorded in schema_migrations.
import type { DuckDBConnection } from '@duckdb/node-api';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

export interface Migration { version: number; name: string; sql: string }

export function listMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((f) => ({ version: Number(f.slice(0, 3)), name: f.replace(/\.sql$/, ''), sql: readFileSync(join(dir, f), 'utf8') }));
}

/** The newest schema version this code knows. */
export const SCHEMA_VERSION = Math.max(...listMigrations().map((m) => m.version));

export async function migrate(connection: DuckDBConnection): Promise<number[]> {
  await connection.run(`CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)`);
  const done = new Set(
    (await connection.runAndReadAll('SELECT version FROM schema_migrations')).getRows().map((r) => Number(r[0])),
  );
  const newest = done.size ? Math.max(...done) : 0;
  if (newest > SCHEMA_VERSION) {
    throw new Error(`The warehouse has schema version ${newest}, newer than this code knows (${SCHEMA_VERSION}). Update the code.`);
  }
  const applied: number[] = [];
  for (const m of listMigrations()) {
    if (done.has(m.version)) continue;
    await connection.run('BEGIN TRANSACTION');
    try {
      await connection.run(m.sql);
      await connection.run(`INSERT INTO schema_migrations VALUES (${m.version}, '${m.name}', now()::TIMESTAMP)`);
      await connection.run('COMMIT');
    } catch (error) {
      await connection.run('ROLLBACK');
      throw error;
    }
    applied.push(m.version);
  }
  return applied;
}
