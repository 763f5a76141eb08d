// The SQL models, in the one order they run: staging -> intermediate -> marts.
// Each is a SELECT in pipeline/sql/<layer>/<name>.sql, materialised as
// <layer>.<name>. Marts are the only tables anything downstream reads.
export type Layer = 'staging' | 'intermediate' | 'marts';

export interface Model {
  name: string;
  layer: Layer;
  /** What one row is. */
  grain: string;
  /** Columns that together identify a row (tested unique and not null). */
  key: string[];
  /** A view when the table would only be read once and is large (many rows per case). */
  materialized: 'table' | 'view';
  /**
   * Kept out of the Parquet exports: it holds single clients' values that only
   * disclosure control may read (the largest benefit amounts of a group).
   */
  internal?: true;
}

export const MODELS: readonly Model[] = [
  { name: 'stg_cases', layer: 'staging', grain: 'one row per case (latest version)', key: ['org_id', 'case_id'], materialized: 'table' },
  { name: 'int_scopes', layer: 'intermediate', grain: 'one row per scope: all cases, each service area, organisation and program, and each report filter', key: ['scope_id'], materialized: 'table' },
  { name: 'stg_case_returns', layer: 'staging', grain: 'one row per case with returns to homelessness recorded (HMIS exports only)', key: ['org_id', 'case_id'], materialized: 'table' },
  { name: 'int_case_groups', layer: 'intermediate', grain: 'one row per case, dimension and group', key: ['org_id', 'case_id', 'dimension', 'group_code'], materialized: 'view' },
  {
    name: 'int_funnel_grain', layer: 'intermediate',
    grain: "one row per dimension, group, service area, organisation, program, county and quarter opened: cases at each funnel stage; ('all', 'all') is every case",
    key: ['dimension', 'group_code', 'service_area', 'org_id', 'program', 'county', 'opened_quarter'], materialized: 'table',
  },
  { name: 'mart_funnel_strata', layer: 'marts', grain: 'one row per dimension, group, service area and organisation: cases at each funnel stage', key: ['dimension', 'group_code', 'service_area', 'org_id'], materialized: 'table' },
  { name: 'mart_barrier_strata', layer: 'marts', grain: 'one row per barrier and service area: closed accepted cases with and without it, and the unfavourable ones', key: ['barrier', 'service_area'], materialized: 'table' },
  { name: 'mart_barrier_prevalence', layer: 'marts', grain: 'one row per dimension, group and barrier: requests that met the barrier', key: ['dimension', 'group_code', 'barrier'], materialized: 'table' },
  { name: 'mart_barrier_cooccurrence', layer: 'marts', grain: "one row per service area ('all' for every request) and pair of barriers i <= j met together: requests that met both (i = j: requests that met i)", key: ['service_area', 'barrier_i', 'barrier_j'], materialized: 'table' },
  { name: 'mart_resolution_times', layer: 'marts', grain: 'one row per dimension, group and days: accepted cases closed after that many days, and still open (censored)', key: ['dimension', 'group_code', 'days'], materialized: 'table' },
  { name: 'mart_quarterly_counts', layer: 'marts', grain: 'one row per dimension, group and quarter opened: cases at each funnel stage, and the days of the quarter the data covers', key: ['dimension', 'group_code', 'quarter_start'], materialized: 'table' },
  { name: 'mart_monthly_counts', layer: 'marts', grain: "one row per service area ('all' for every case) and month opened: cases at each funnel stage, and the days of the month the data covers", key: ['service_area', 'month_start'], materialized: 'table' },
  { name: 'mart_intersection_strata', layer: 'marts', grain: 'one row per pair of breakdowns, pair of groups, service area and organisation: closed accepted cases and the favourable ones', key: ['dimension_a', 'group_a', 'dimension_b', 'group_b', 'service_area', 'org_id'], materialized: 'table' },
  { name: 'mart_benefits', layer: 'marts', grain: 'one row per dimension and group: favourable cases, those with a benefit recorded, sum and median benefit_usd', key: ['dimension', 'group_code'], materialized: 'table' },
  { name: 'mart_benefit_dominance', layer: 'marts', grain: 'one row per dimension and group with a benefit recorded on a favourable case: how many, their sum in whole dollars, the two largest amounts (for the dominance rule; never published)', key: ['dimension', 'group_code'], materialized: 'table', internal: true },
  { name: 'mart_funnel_counts', layer: 'marts', grain: 'one row per dimension and group: cases at each funnel stage', key: ['dimension', 'group_code'], materialized: 'table' },
  { name: 'mart_scope_funnel_strata', layer: 'marts', grain: 'one row per scope (other than all), dimension, group, service area and organisation: cases at each funnel stage', key: ['scope_id', 'dimension', 'group_code', 'service_area', 'org_id'], materialized: 'table' },
  { name: 'mart_scope_funnel_counts', layer: 'marts', grain: 'one row per scope (other than all), dimension and group: cases at each funnel stage', key: ['scope_id', 'dimension', 'group_code'], materialized: 'table' },
  {
    name: 'mart_return_counts', layer: 'marts',
    grain: 'one row per dimension and group: exits to permanent housing from SO, ES, TH, SH or PH projects (HUD Measure 2 universe), and per 6/12/24-month window the exits whose window had elapsed (followed) and those with a return to homelessness within it; exits whose window is still open count in neither',
    key: ['dimension', 'group_code'], materialized: 'table',
  },
];

/** Marts computed in JavaScript from the SQL marts (statistics from pipeline/measures/stats). */
export const COMPUTED_MARTS: readonly Pick<Model, 'name' | 'grain' | 'key'>[] = [
  { name: 'barrier_associations', grain: 'one row per barrier: risk ratio of an unfavourable outcome with vs without it, pooled and within service area', key: ['barrier'] },
  { name: 'barrier_prevalence', grain: 'one row per dimension, group and barrier: share of requests that met it, with interval', key: ['dimension', 'group_code', 'barrier'] },
  { name: 'time_to_resolution', grain: 'one row per dimension and group: Kaplan-Meier median, 75th and 90th percentile days to close, with intervals', key: ['dimension', 'group_code'] },
  { name: 'resolution_curves', grain: 'one row per dimension, group and day with a closing or censoring: share still open, with interval', key: ['dimension', 'group_code', 'days'] },
  { name: 'scope_group_rates', grain: 'one row per scope (other than all), funnel measure, dimension and group: as group_rates, within the scope', key: ['scope_id', 'measure', 'dimension', 'group_code'] },
  {
    name: 'return_rates',
    grain: 'one row per return window (6, 12, 24 months), dimension and group: share of exits to permanent housing followed by a return to homelessness, among exits whose window had elapsed; interval, reliability, ratio against the reference group (lower is better)',
    key: ['measure', 'dimension', 'group_code'],
  },
  { name: 'quarterly_rates', grain: 'one row per funnel measure, dimension, group and quarter opened: rate with interval and reliability, partial quarters flagged', key: ['measure', 'dimension', 'group_code', 'quarter'] },
  { name: 'quarterly_trends', grain: 'one row per funnel measure, dimension and group: change in log-odds per quarter with interval, labelled rising / stable / falling by the interval, or refused with the reason', key: ['measure', 'dimension', 'group_code'] },
  { name: 'policy_change_effects', grain: 'one row per configured policy change (measures.policy_changes): level and slope change at the date by interrupted time series, or refused with the reason', key: ['id'] },
  { name: 'intersections', grain: 'one row per pair of breakdowns and pair of groups: favourable-of-closed rate with interval and reliability, compared with the pair\'s reference cell', key: ['dimension_a', 'group_a', 'dimension_b', 'group_b'] },
  { name: 'impact', grain: 'one row per dimension and group: benefit_usd on favourable cases, sum and median with an order-statistic interval', key: ['dimension', 'group_code'] },
  { name: 'group_rates', grain: 'one row per funnel measure, dimension and group: rate, interval, reliability, disparity against the reference group', key: ['measure', 'dimension', 'group_code'] },
];
