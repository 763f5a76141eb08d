// Builds every SQL model in order, in one transaction (readers see the old marts
// or the new ones, never a mix), then runs the model data tests.
import type { DuckDBConnection } from '@duckdb/node-api';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { COMPUTED_MARTS, MODELS, type Model } from './models.ts';
import { renderSql, type ModelParams } from './params.ts';
import { sqlIdent } from '../contract/checks.ts';

const SQL_DIR = fileURLToPath(new URL('../sql/', import.meta.url));

export const modelSql = (m: Model, params: ModelParams) => {
  const file = `${m.layer}/${m.name}.sql`;
  return renderSql(readFileSync(`${SQL_DIR}${file}`, 'utf8'), params, file);
};

/** `cpuMs`: the process's CPU time (every DuckDB thread), steadier than `ms` on a shared machine. */
export interface ModelResult { model: string; layer: string; rows: number | null; ms: number; cpuMs: number }

export const cpuMs = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };

export async function buildModels(c: DuckDBConnection, params: ModelParams): Promise<ModelResult[]> {
  const results: ModelResult[] = [];
  // Render every model first: a bad parameter fails before anything is touched.
  const sql = new Map(MODELS.map((m) => [m.name, modelSql(m, params)]));
  await c.run('BEGIN TRANSACTION');
  try {
    for (const layer of ['staging', 'intermediate', 'marts']) await c.run(`CREATE SCHEMA IF NOT EXISTS ${layer}`);
    for (const m of MODELS) {
      const t0 = performance.now(), c0 = cpuMs();
      const target = `${m.layer}.${sqlIdent(m.name)}`;
      await c.run(`CREATE OR REPLACE ${m.materialized === 'view' ? 'VIEW' : 'TABLE'} ${target} AS ${sql.get(m.name)}`);
      const rows = m.materialized === 'table' ? Number((await c.runAndReadAll(`SELECT count(*) FROM ${target}`)).getRows()[0][0]) : null;
      results.push({ model: m.name, layer: m.layer, rows, ms: Math.round(performance.now() - t0), cpuMs: Math.round(cpuMs() - c0) });
    }
    // A model that was removed from the list must not linger as a stale table a reader could pick up.
    const known = new Set([...MODELS.map((m) => `${m.layer}.${m.name}`), ...COMPUTED_MARTS.map((m) => `marts.${m.name}`)]);
    const existing = (await c.runAndReadAll(
      `SELECT schema_name, table_name, 'TABLE' AS kind FROM duckdb_tables() WHERE schema_name IN ('staging', 'intermediate', 'marts')
       UNION ALL SELECT schema_name, view_name, 'VIEW' FROM duckdb_views() WHERE schema_name IN ('staging', 'intermediate', 'marts')`)).getRows();
    for (const [schema, name, kind] of existing) {
      if (!known.has(`${schema}.${name}`)) await c.run(`DROP ${kind} ${schema}.${sqlIdent(String(name))}`);
    }
    await c.run('COMMIT');
  } catch (error) {
    await c.run('ROLLBACK');
    throw error;
  }
  return results;
}
