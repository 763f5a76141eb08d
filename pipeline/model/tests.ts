// Data tests on the models, run after every build (dbt's unique / not_null /
// invariants): keys, funnel monotonicity, and that every breakdown accounts for
// every case exactly once (or at least once, for select-all-that-apply fields).
import { COMPUTED_MARTS, MODELS } from './models.ts';
import type { DataTest } from '../warehouse/datatests.ts';
import { sqlIdent } from '../contract/checks.ts';

/** Dimensions where each case sits in exactly one group. */
export const PARTITION_DIMENSIONS = [
  'age_band', 'disability', 'interpreter_needed', 'income_band', 'veteran', 'service_area', 'program', 'organisation', 'county', 'quarter', 'race_ethnicity_alone',
] as const;
/** Select-all-that-apply dimensions: a case may sit in several groups. */
export const MULTI_DIMENSIONS = ['race_ethnicity_aoic', 'gender'] as const;

const keyTests: DataTest[] = [...MODELS.filter((m) => m.materialized === 'table'), ...COMPUTED_MARTS.map((m) => ({ ...m, layer: 'marts' }))].flatMap((m) => {
  const t = `${m.layer}.${m.name}`;
  const key = m.key.map(sqlIdent).join(', ');
  return [
    { name: `unique_${m.name}`, table: t, failingRowsSql: `SELECT ${key} FROM ${t} GROUP BY ALL HAVING count(*) > 1` },
    { name: `not_null_key_${m.name}`, table: t, failingRowsSql: `SELECT 1 FROM ${t} WHERE ${m.key.map((k) => `${sqlIdent(k)} IS NULL`).join(' OR ')}` },
  ];
});

const list = (xs: readonly string[]) => xs.map((x) => `'${x}'`).join(', ');

export const MODEL_TESTS: readonly DataTest[] = [
  ...keyTests,
  {
    name: 'group_rates_consistent', table: 'marts.group_rates',
    failingRowsSql: `SELECT 1 FROM marts.group_rates WHERE numerator > denominator OR (rate IS NOT NULL AND NOT (rate_lower <= rate AND rate <= rate_upper))
                     OR (ratio_lower IS NOT NULL AND NOT (ratio_lower <= rate_ratio AND rate_ratio <= ratio_upper)) OR p_adjusted < p_value - 1e-12
                     OR (compared AND reference_group IS NULL)`,
  },
  {
    name: 'group_rates_one_reference_per_breakdown', table: 'marts.group_rates',
    failingRowsSql: `SELECT measure, dimension FROM marts.group_rates WHERE dimension <> 'all' AND reference_group IS NOT NULL GROUP BY ALL HAVING count(*) FILTER (WHERE is_reference) <> 1`,
  },
  {
    name: 'group_rates_match_funnel_counts', table: 'marts.group_rates',
    failingRowsSql: `SELECT 1 FROM marts.group_rates g JOIN marts.mart_funnel_counts f USING (dimension, group_code)
                     WHERE g.measure = 'favourable_of_closed' AND (g.numerator <> f.favourable OR g.denominator <> f.closed_accepted)`,
  },
  { name: 'stg_cases_has_every_case', table: 'staging.stg_cases', failingRowsSql: `SELECT 1 WHERE (SELECT count(*) FROM staging.stg_cases) <> (SELECT count(*) FROM main.cases)` },
  {
    name: 'funnel_stages_never_grow', table: 'marts.mart_funnel_counts',
    failingRowsSql: `SELECT 1 FROM marts.mart_funnel_counts WHERE NOT (accepted <= requests AND turned_away_capacity <= requests - accepted AND closed_accepted <= accepted AND favourable <= closed_accepted)`,
  },
  {
    name: 'strata_add_up_to_funnel', table: 'marts.mart_funnel_strata',
    failingRowsSql: `SELECT 1 FROM (SELECT dimension, group_code, sum(requests) AS r, sum(favourable) AS f FROM marts.mart_funnel_strata GROUP BY ALL) s
                     JOIN marts.mart_funnel_counts c USING (dimension, group_code) WHERE s.r <> c.requests OR s.f <> c.favourable`,
  },
  {
    name: 'barrier_strata_cover_closed_cases', table: 'marts.mart_barrier_strata',
    failingRowsSql: `SELECT barrier FROM marts.mart_barrier_strata GROUP BY barrier
                     HAVING sum(closed_with + closed_without) <> (SELECT closed_accepted FROM marts.mart_funnel_counts WHERE dimension = 'all')`,
  },
  {
    // The diagonal is each barrier's prevalence count, over all requests and in each service area;
    // a pair is never met more often than either of its barriers.
    name: 'barrier_cooccurrence_diagonal_matches_prevalence', table: 'marts.mart_barrier_cooccurrence',
    failingRowsSql: `SELECT 1 FROM (SELECT * FROM marts.mart_barrier_cooccurrence WHERE barrier_i = barrier_j) d
                     FULL JOIN (SELECT group_code AS service_area, barrier, requests_with_barrier FROM marts.mart_barrier_prevalence WHERE dimension = 'service_area'
                                UNION ALL SELECT 'all', barrier, sum(requests_with_barrier) FROM marts.mart_barrier_prevalence WHERE dimension = 'service_area' GROUP BY barrier) p
                       ON p.service_area = d.service_area AND p.barrier = d.barrier_i
                     WHERE d.requests_with_both IS DISTINCT FROM p.requests_with_barrier
                     UNION ALL
                     SELECT 1 FROM marts.mart_barrier_cooccurrence o
                     JOIN marts.mart_barrier_cooccurrence di ON di.service_area = o.service_area AND di.barrier_i = o.barrier_i AND di.barrier_j = o.barrier_i
                     JOIN marts.mart_barrier_cooccurrence dj ON dj.service_area = o.service_area AND dj.barrier_i = o.barrier_j AND dj.barrier_j = o.barrier_j
                     WHERE o.barrier_i > o.barrier_j OR o.requests_with_both > least(di.requests_with_both, dj.requests_with_both)`,
  },
  {
    name: 'resolution_times_cover_accepted_cases', table: 'marts.mart_resolution_times',
    failingRowsSql: `SELECT dimension FROM marts.mart_resolution_times WHERE dimension IN (${list(PARTITION_DIMENSIONS)}) GROUP BY dimension
                     HAVING sum(closed_cases + open_cases) <> (SELECT accepted FROM marts.mart_funnel_counts WHERE dimension = 'all')`,
  },
  {
    name: 'funnel_overall_matches_cases', table: 'marts.mart_funnel_counts',
    failingRowsSql: `SELECT 1 FROM marts.mart_funnel_counts f, (SELECT count(*) AS n, count(*) FILTER (WHERE is_favourable) AS fav FROM staging.stg_cases) s
                     WHERE f.dimension = 'all' AND (f.requests <> s.n OR f.favourable <> s.fav)`,
  },
  { name: 'stg_case_returns_has_every_row', table: 'staging.stg_case_returns', failingRowsSql: `SELECT 1 WHERE (SELECT count(*) FROM staging.stg_case_returns) <> (SELECT count(*) FROM main.case_returns)` },
  {
    // Windows nest: an exit followed for 24 months was followed for 12 and 6. (Returns need not: a return
    // within 6 months whose 12-month window is still open counts at 6 months only.)
    name: 'return_counts_nest', table: 'marts.mart_return_counts',
    failingRowsSql: `SELECT 1 FROM marts.mart_return_counts WHERE NOT (followed_24m <= followed_12m AND followed_12m <= followed_6m AND followed_6m <= exits_to_permanent
                       AND returned_6m <= followed_6m AND returned_12m <= followed_12m AND returned_24m <= followed_24m)`,
  },
  {
    name: 'return_counts_overall_matches_case_returns', table: 'marts.mart_return_counts',
    failingRowsSql: `SELECT 1 FROM (SELECT count(*) AS n, count(returned_24m) AS f24, count(*) FILTER (WHERE returned_24m) AS r24 FROM staging.stg_case_returns WHERE exited_to_permanent AND measure2_exit) s
                     FULL JOIN (SELECT * FROM marts.mart_return_counts WHERE dimension = 'all') a ON true
                     WHERE coalesce(a.exits_to_permanent, 0) <> s.n OR coalesce(a.followed_24m, 0) <> s.f24 OR coalesce(a.returned_24m, 0) <> s.r24`,
  },
  {
    name: 'return_counts_partitions_add_up', table: 'marts.mart_return_counts',
    failingRowsSql: `SELECT dimension FROM marts.mart_return_counts WHERE dimension IN (${list(PARTITION_DIMENSIONS)}) GROUP BY dimension
                     HAVING sum(exits_to_permanent) <> (SELECT exits_to_permanent FROM marts.mart_return_counts WHERE dimension = 'all')
                         OR sum(returned_12m) <> (SELECT returned_12m FROM marts.mart_return_counts WHERE dimension = 'all')`,
  },
  {
    name: 'return_rates_match_counts', table: 'marts.return_rates',
    failingRowsSql: `SELECT 1 FROM marts.return_rates r FULL JOIN marts.mart_return_counts c USING (dimension, group_code)
                     WHERE r.measure IS NULL OR c.dimension IS NULL OR r.exits_to_permanent <> c.exits_to_permanent
                        OR (r.measure = 'returned_6m' AND (r.numerator <> c.returned_6m OR r.denominator <> c.followed_6m))
                        OR (r.measure = 'returned_12m' AND (r.numerator <> c.returned_12m OR r.denominator <> c.followed_12m))
                        OR (r.measure = 'returned_24m' AND (r.numerator <> c.returned_24m OR r.denominator <> c.followed_24m))
                        OR (r.rate IS NOT NULL AND NOT (r.rate_lower <= r.rate AND r.rate <= r.rate_upper))`,
  },
  {
    name: 'partition_dimensions_account_for_every_case', table: 'marts.mart_funnel_counts',
    failingRowsSql: `SELECT dimension FROM marts.mart_funnel_counts WHERE dimension IN (${list(PARTITION_DIMENSIONS)})
                     GROUP BY dimension HAVING sum(requests) <> (SELECT requests FROM marts.mart_funnel_counts WHERE dimension = 'all')
                     UNION ALL SELECT unnest([${list(PARTITION_DIMENSIONS)}]) EXCEPT SELECT DISTINCT dimension FROM marts.mart_funnel_counts`,
  },
  {
    name: 'multi_dimensions_cover_every_case', table: 'marts.mart_funnel_counts',
    failingRowsSql: `SELECT dimension FROM marts.mart_funnel_counts WHERE dimension IN (${list(MULTI_DIMENSIONS)})
                     GROUP BY dimension HAVING sum(requests) < (SELECT requests FROM marts.mart_funnel_counts WHERE dimension = 'all')`,
  },
  // Site scopes partition the cases three ways: their funnels must add up to all cases, group by group.
  ...(['service_area', 'organisation', 'program'] as const).map((kind): DataTest => ({
    name: `scopes_by_${kind}_add_up_to_all_cases`, table: 'marts.mart_scope_funnel_counts',
    failingRowsSql: `SELECT dimension, group_code FROM (
                       SELECT f.dimension, f.group_code, sum(f.requests) AS requests, sum(f.favourable) AS favourable
                       FROM marts.mart_scope_funnel_counts f WHERE f.scope_kind = '${kind}' GROUP BY ALL) x
                     FULL JOIN (SELECT * FROM marts.mart_funnel_counts WHERE dimension NOT IN ('service_area', 'organisation', 'program', 'county', 'quarter')) a USING (dimension, group_code)
                     WHERE x.requests IS DISTINCT FROM a.requests OR x.favourable IS DISTINCT FROM a.favourable`,
  })),
  {
    name: 'scope_group_rates_match_scope_funnels', table: 'marts.scope_group_rates',
    failingRowsSql: `SELECT 1 FROM marts.scope_group_rates g FULL JOIN marts.mart_scope_funnel_counts f USING (scope_id, dimension, group_code)
                     WHERE g.measure IS NULL OR f.scope_id IS NULL OR (g.measure = 'favourable_of_closed' AND (g.numerator <> f.favourable OR g.denominator <> f.closed_accepted))`,
  },
  {
    name: 'quarterly_counts_add_up_to_funnel', table: 'marts.mart_quarterly_counts',
    failingRowsSql: `SELECT 1 FROM (SELECT dimension, group_code, sum(requests) AS r, sum(closed_accepted) AS c, sum(favourable) AS f FROM marts.mart_quarterly_counts GROUP BY ALL) q
                     FULL JOIN (SELECT * FROM marts.mart_funnel_counts WHERE dimension <> 'quarter') f USING (dimension, group_code)
                     WHERE q.r IS DISTINCT FROM f.requests OR q.c IS DISTINCT FROM f.closed_accepted OR q.f IS DISTINCT FROM f.favourable`,
  },
  {
    name: 'monthly_counts_add_up_to_funnel', table: 'marts.mart_monthly_counts',
    failingRowsSql: `SELECT 1 FROM (SELECT service_area, sum(requests) AS r, sum(favourable) AS f FROM marts.mart_monthly_counts GROUP BY ALL) m
                     LEFT JOIN marts.mart_funnel_counts c ON c.dimension = CASE WHEN m.service_area = 'all' THEN 'all' ELSE 'service_area' END
                       AND c.group_code = m.service_area
                     WHERE m.r IS DISTINCT FROM c.requests OR m.f IS DISTINCT FROM c.favourable`,
  },
  {
    name: 'intersection_pairs_cover_closed_cases', table: 'marts.mart_intersection_strata',
    failingRowsSql: `SELECT dimension_a, dimension_b FROM marts.mart_intersection_strata
                     WHERE dimension_a IN (${list(PARTITION_DIMENSIONS)}) AND dimension_b IN (${list(PARTITION_DIMENSIONS)}) GROUP BY ALL
                     HAVING sum(closed_accepted) <> (SELECT closed_accepted FROM marts.mart_funnel_counts WHERE dimension = 'all')`,
  },
  {
    name: 'quarterly_trends_labelled_by_interval', table: 'marts.quarterly_trends',
    failingRowsSql: `SELECT 1 FROM marts.quarterly_trends WHERE (status = 'estimated' AND (direction IS DISTINCT FROM
                       CASE WHEN slope_lower > 0 THEN 'rising' WHEN slope_upper < 0 THEN 'falling' ELSE 'stable' END))
                     OR (status = 'refused' AND (reason IS NULL OR slope_logodds_per_quarter IS NOT NULL OR direction IS NOT NULL))`,
  },
  {
    name: 'policy_change_refusals_carry_no_number', table: 'marts.policy_change_effects',
    failingRowsSql: `SELECT id FROM marts.policy_change_effects WHERE status NOT IN ('estimated', 'refused')
                     OR (status = 'refused' AND (reason IS NULL OR level_change_logodds IS NOT NULL OR slope_change_logodds_per_period IS NOT NULL OR rate_ratio_at_date IS NOT NULL))
                     OR (status = 'estimated' AND NOT (level_change_lower <= level_change_logodds AND level_change_logodds <= level_change_upper))`,
  },
  {
    name: 'intersections_consistent', table: 'marts.intersections',
    failingRowsSql: `SELECT 1 FROM marts.intersections WHERE numerator > denominator OR (rate IS NOT NULL AND NOT (rate_lower <= rate AND rate <= rate_upper))
                     OR p_adjusted < p_value - 1e-12 OR (compared AND (reference_group_a IS NULL OR reference_group_b IS NULL))`,
  },
  {
    // Whole-dollar sums (each amount rounded) stay within half a dollar per amount of the exact sums.
    name: 'benefit_dominance_matches_benefits', table: 'marts.mart_benefit_dominance',
    failingRowsSql: `SELECT 1 FROM marts.mart_benefit_dominance d FULL JOIN (SELECT * FROM marts.mart_benefits WHERE cases_with_benefit > 0) b USING (dimension, group_code)
                     WHERE d.cases_with_benefit IS DISTINCT FROM b.cases_with_benefit OR abs(d.benefit_whole_usd_sum - b.benefit_usd_sum) > 0.5 * d.cases_with_benefit
                        OR NOT (d.second_largest_usd <= d.largest_usd AND d.largest_usd <= d.benefit_whole_usd_sum)`,
  },
  {
    name: 'impact_median_inside_its_interval', table: 'marts.impact',
    failingRowsSql: `SELECT 1 FROM marts.impact WHERE cases_with_benefit > favourable_cases
                     OR (benefit_usd_median_lower IS NOT NULL AND NOT (benefit_usd_median_lower <= benefit_usd_median AND benefit_usd_median <= benefit_usd_median_upper))`,
  },
];
