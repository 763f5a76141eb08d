// Everything `pipeline measure` computes, in order: the SQL models, then the
// marts computed from them with the statistics library.
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Config } from '../config.ts';
import { buildModels, type ModelResult } from '../model/build.ts';
import { buildGroupRates } from './group-rates.ts';
import { buildBarriers } from './barriers.ts';
import { buildResolution } from './resolution.ts';
import { buildScopeGroupRates } from './scope-rates.ts';
import type { ScopeFilter } from './scopes.ts';
import { buildReturnRates } from './return-rates.ts';

/** `scopeFilters`: the scopes reports ask for, measured besides all cases and the site's scopes. */
export async function buildMeasures(c: DuckDBConnection, config: Config, asOf: string, scopeFilters: readonly ScopeFilter[] = []): Promise<ModelResult[]> {
  const built = await buildModels(c, { favourableOutcomes: config.measures.favourable_outcomes, asOf, scopeFilters });
  const t0 = performance.now();
  const rates = await buildGroupRates(c, config);
  built.push({ model: 'group_rates', layer: 'marts', rows: rates.length, ms: Math.round(performance.now() - t0) });
  const t1 = performance.now();
  const barrierRows = await buildBarriers(c, config);
  built.push({ model: 'barrier_associations, barrier_prevalence', layer: 'marts', rows: barrierRows, ms: Math.round(performance.now() - t1) });
  const t2 = performance.now();
  const resolutionRows = await buildResolution(c, config);
  built.push({ model: 'time_to_resolution, resolution_curves', layer: 'marts', rows: resolutionRows, ms: Math.round(performance.now() - t2) });
  const t3 = performance.now();
  const scopeRows = await buildScopeGroupRates(c, config);
  built.push({ model: 'scope_group_rates', layer: 'marts', rows: scopeRows, ms: Math.round(performance.now() - t3) });
  const t4 = performance.now();
  const returnRows = await buildReturnRates(c, config);
  built.push({ model: 'return_rates', layer: 'marts', rows: returnRows.length, ms: Math.round(performance.now() - t4) });
  return built;
}
