// Everything `pipeline measure` computes, in order: the SQL models, then the
// marts computed from them with the statistics library.
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Config } from '../config.ts';
import { buildModels, cpuMs, type ModelResult } from '../model/build.ts';
import { buildGroupRates } from './group-rates.ts';
import { buildBarriers } from './barriers.ts';
import { buildResolution } from './resolution.ts';
import { buildScopeGroupRates } from './scope-rates.ts';
import type { ScopeFilter } from './scopes.ts';
import { buildReturnRates } from './return-rates.ts';
import { buildTrends } from './trends.ts';
import { buildPolicyChanges } from './policy-changes.ts';
import { buildIntersections } from './intersections.ts';
import { buildImpact } from './impact.ts';

/** `scopeFilters`: the scopes reports ask for, measured besides all cases and the site's scopes. */
export async function buildMeasures(c: DuckDBConnection, config: Config, asOf: string, scopeFilters: readonly ScopeFilter[] = []): Promise<ModelResult[]> {
  const built = await buildModels(c, { favourableOutcomes: config.measures.favourable_outcomes, asOf, scopeFilters });
  // The marts computed in JavaScript, in order: intersections read group_rates (its reference groups).
  const computed: [string, () => Promise<number>][] = [
    ['group_rates', async () => (await buildGroupRates(c, config)).length],
    ['barrier_associations, barrier_prevalence', () => buildBarriers(c, config)],
    ['time_to_resolution, resolution_curves', () => buildResolution(c, config)],
    ['scope_group_rates', () => buildScopeGroupRates(c, config)],
    ['return_rates', async () => (await buildReturnRates(c, config)).length],
    ['quarterly_rates, quarterly_trends', () => buildTrends(c, config)],
    ['policy_change_effects', () => buildPolicyChanges(c, config)],
    ['intersections', () => buildIntersections(c, config)],
    ['impact', () => buildImpact(c, config)],
  ];
  for (const [model, build] of computed) {
    const t = performance.now(), c0 = cpuMs();
    const rows = await build();
    built.push({ model, layer: 'marts', rows, ms: Math.round(performance.now() - t), cpuMs: Math.round(cpuMs() - c0) });
  }
  return built;
}
