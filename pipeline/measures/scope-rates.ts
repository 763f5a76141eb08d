// The group rates within each scope (service area, organisation, program, report
// filter): the same computation as for all cases, with the scope's own reference
// group and its own Benjamini-Hochberg families.
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Config } from '../config.ts';
import { computeGroupRates, funnelRow, GROUP_RATE_COLUMNS, STRATA_DIMENSIONS, stratumRow, type FunnelRow, type GroupRate, type StratumRow } from './group-rates.ts';
import { writeTable } from './table-writer.ts';

export interface ScopeGroupRate extends GroupRate { scope_id: string }

export async function buildScopeGroupRates(c: DuckDBConnection, config: Config): Promise<number> {
  const read = async (sql: string) => (await c.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
  const funnel = new Map<string, FunnelRow[]>();
  for (const r of await read(`SELECT * FROM marts.mart_scope_funnel_counts ORDER BY scope_id, dimension, group_code`)) {
    const id = String(r.scope_id);
    if (!funnel.has(id)) funnel.set(id, []);
    funnel.get(id)!.push(funnelRow(r));
  }
  const strata = new Map<string, StratumRow[]>();
  // Ordered so that the Mantel-Haenszel sums, and so the last bits of their estimates, are the same on every run.
  for (const r of await read(`SELECT * FROM marts.mart_scope_funnel_strata WHERE dimension NOT IN ('all', ${STRATA_DIMENSIONS}) ORDER BY scope_id, dimension, group_code, service_area, org_id`)) {
    const id = String(r.scope_id);
    if (!strata.has(id)) strata.set(id, []);
    strata.get(id)!.push(stratumRow(r));
  }
  const rows: ScopeGroupRate[] = [];
  for (const [scope, f] of funnel) {
    for (const rate of computeGroupRates(f, config, strata.get(scope) ?? [], true)) rows.push({ scope_id: scope, ...rate });
  }
  await writeTable(c, 'marts', 'scope_group_rates', { scope_id: 'VARCHAR', ...GROUP_RATE_COLUMNS }, rows);
  return rows.length;
}
