// Benefits obtained: on favourable cases, the sum and the median of benefit_usd by
// group (every breakdown, program included), with how many favourable cases
// recorded an amount. The median's interval is distribution-free, from order
// statistics (stats/median-interval.ts): [X(j), X(n − j + 1)] with binomial ranks,
// so it holds for skewed amounts; its exact coverage is stated beside it.
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Config } from '../config.ts';
import { medianRanks } from './stats/index.ts';
import { DIMENSION_LABELS, groupLabel } from './labels.ts';
import { writeTable, type Columns } from './table-writer.ts';

export interface Impact {
  dimension: string; dimension_label: string; group_code: string; group_label: string;
  favourable_cases: number; cases_with_benefit: number; share_with_benefit: number | null;
  benefit_usd_sum: number; benefit_usd_median: number | null; benefit_usd_median_lower: number | null; benefit_usd_median_upper: number | null;
  median_interval_coverage: number | null; median_interval_method: string; reliability: string; note: string | null;
}

export const IMPACT_COLUMNS: Columns<Impact> = {
  dimension: 'VARCHAR', dimension_label: 'VARCHAR', group_code: 'VARCHAR', group_label: 'VARCHAR',
  favourable_cases: 'BIGINT', cases_with_benefit: 'BIGINT', share_with_benefit: 'DOUBLE',
  benefit_usd_sum: 'DOUBLE', benefit_usd_median: 'DOUBLE', benefit_usd_median_lower: 'DOUBLE', benefit_usd_median_upper: 'DOUBLE',
  median_interval_coverage: 'DOUBLE', median_interval_method: 'VARCHAR', reliability: 'VARCHAR', note: 'VARCHAR',
};

const METHOD = 'order statistics with binomial ranks (Conover 1999 §3.2)';

export async function buildImpact(c: DuckDBConnection, config: Config): Promise<number> {
  const level = config.measures.confidence_level;
  const groups = (await c.runAndReadAll(`SELECT * FROM marts.mart_benefits ORDER BY dimension, group_code`)).getRowObjectsJS() as Record<string, unknown>[];
  // The ranks depend on n only: one (n, j, k) row per distinct n, all integers.
  const ranks = new Map<number, ReturnType<typeof medianRanks>>();
  for (const g of groups) { const n = Number(g.cases_with_benefit); if (!ranks.has(n)) ranks.set(n, medianRanks(n, level)); }
  const usable = [...ranks.values()].filter((r) => r.ok);
  const bounds = new Map<string, { lower: number; upper: number }>();
  if (usable.length > 0) {
    const values = usable.map((r) => `(${r.n}, ${r.lowerRank}, ${r.upperRank})`).join(', ');
    const rows = (await c.runAndReadAll(
      `WITH ranks(n, lower_rank, upper_rank) AS (VALUES ${values}),
       amounts AS (
         SELECT dimension, group_code, benefit_usd FROM intermediate.int_case_groups WHERE is_favourable AND benefit_usd IS NOT NULL
         UNION ALL SELECT 'all', 'all', benefit_usd FROM staging.stg_cases WHERE is_favourable AND benefit_usd IS NOT NULL
       ),
       sorted AS (SELECT dimension, group_code, list_sort(list(benefit_usd)) AS v FROM amounts GROUP BY ALL)
       SELECT dimension, group_code, v[lower_rank] AS lower, v[upper_rank] AS upper FROM sorted JOIN ranks ON len(v) = ranks.n`)).getRowObjectsJS() as Record<string, unknown>[];
    for (const r of rows) bounds.set(`${r.dimension}\u0000${r.group_code}`, { lower: Number(r.lower), upper: Number(r.upper) });
  }
  const out = groups.map((g): Impact => {
    const dimension = String(g.dimension), group = String(g.group_code);
    const fav = Number(g.favourable_cases), n = Number(g.cases_with_benefit);
    const r = ranks.get(n)!;
    const b = bounds.get(`${dimension}\u0000${group}`);
    return {
      dimension, dimension_label: DIMENSION_LABELS[dimension] ?? dimension, group_code: group, group_label: groupLabel(dimension, group),
      favourable_cases: fav, cases_with_benefit: n, share_with_benefit: fav > 0 ? n / fav : null,
      benefit_usd_sum: Number(g.benefit_usd_sum), benefit_usd_median: g.benefit_usd_median === null ? null : Number(g.benefit_usd_median),
      benefit_usd_median_lower: b?.lower ?? null, benefit_usd_median_upper: b?.upper ?? null, median_interval_coverage: r.ok ? r.coverage : null,
      median_interval_method: METHOD,
      // The RSE rule is for proportions; for amounts the count rule alone applies.
      reliability: n === 0 ? 'very_unstable' : n < config.reliability.min_count ? 'unstable' : 'ok',
      note: n === 0 ? 'no benefit amount recorded on any favourable case' : r.ok ? null : `no interval for the median: ${r.detail}`,
    };
  });
  await writeTable(c, 'marts', 'impact', IMPACT_COLUMNS, out);
  return out.length;
}
