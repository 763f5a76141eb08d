// Fixed, hand-made published figures for the chart snapshots: each set has an
// ordinary row, an unstable one and a suppressed one (null figures with their
// status), the three states every chart and table must show apart.
export const K = 11;

export const PREVALENCE = [
  { barrier: 'cost', barrier_label: 'Cost', dimension: 'age_band', group_code: '25-34', group_label: '25–34', with_barrier_count: 120, requests: 1000, prevalence: 0.12, prevalence_lower: 0.101, prevalence_upper: 0.142, status: 'ok', suppression_reason: null },
  { barrier: 'cost', barrier_label: 'Cost', dimension: 'age_band', group_code: '65+', group_label: '65 and over', with_barrier_count: 12, requests: 25, prevalence: 0.48, prevalence_lower: 0.3, prevalence_upper: 0.67, status: 'unstable', suppression_reason: null },
  { barrier: 'cost', barrier_label: 'Cost', dimension: 'age_band', group_code: '0-17', group_label: '0–17', with_barrier_count: null, requests: 40, prevalence: null, prevalence_lower: null, prevalence_upper: null, status: 'suppressed', suppression_reason: 'primary' },
  { barrier: 'wait_time', barrier_label: 'Wait time', dimension: 'age_band', group_code: '25-34', group_label: '25–34', with_barrier_count: 300, requests: 1000, prevalence: 0.3, prevalence_lower: 0.272, prevalence_upper: 0.329, status: 'ok', suppression_reason: null },
  { barrier: 'wait_time', barrier_label: 'Wait time', dimension: 'age_band', group_code: '65+', group_label: '65 and over', with_barrier_count: 0, requests: 25, prevalence: 0, prevalence_lower: 0, prevalence_upper: 0.133, status: 'unstable', suppression_reason: null },
  { barrier: 'wait_time', barrier_label: 'Wait time', dimension: 'age_band', group_code: '0-17', group_label: '0–17', with_barrier_count: 14, requests: 40, prevalence: 0.35, prevalence_lower: 0.22, prevalence_upper: 0.5, status: 'ok', suppression_reason: null },
];

export const ASSOCIATIONS = [
  { barrier: 'cost', barrier_label: 'Cost', closed_with_count: 500, unfavourable_with_count: 250, closed_without_count: 5000, unfavourable_without_count: 2000, pooled_ratio: 1.25, pooled_lower: 1.14, pooled_upper: 1.37, pooled_p_bh: 0.0001, adjusted_ratio: 1.1, adjusted_lower: 1.0, adjusted_upper: 1.21, adjusted_p_bh: 0.04, adjusted_for: 'service area', reverses_when_adjusted: false, status: 'ok', suppression_reason: null },
  { barrier: 'documentation', barrier_label: 'Documentation', closed_with_count: 20, unfavourable_with_count: 12, closed_without_count: 5480, unfavourable_without_count: 2238, pooled_ratio: 0.8, pooled_lower: 0.55, pooled_upper: 1.16, pooled_p_bh: 0.3, adjusted_ratio: 1.3, adjusted_lower: 0.9, adjusted_upper: 1.88, adjusted_p_bh: 0.2, adjusted_for: 'service area', reverses_when_adjusted: false, status: 'unstable', suppression_reason: null },
  { barrier: 'childcare', barrier_label: 'Childcare', closed_with_count: null, unfavourable_with_count: null, closed_without_count: null, unfavourable_without_count: null, pooled_ratio: null, pooled_lower: null, pooled_upper: null, pooled_p_bh: null, adjusted_ratio: null, adjusted_lower: null, adjusted_upper: null, adjusted_p_bh: null, adjusted_for: 'service area', reverses_when_adjusted: null, status: 'suppressed', suppression_reason: 'primary' },
];

const time = (group_code: string, group_label: string, accepted: number | null, median: number | null, status: string, curve: string) => ({
  dimension: group_code === 'all' ? 'all' : 'age_band', dimension_label: 'Age band', group_code, group_label, accepted,
  median_days: median, median_lower: median && median - 5, median_upper: median && median + 6, p75_days: median && median * 2, p75_lower: median && median * 2 - 9, p75_upper: median && median * 2 + 11,
  p90_days: null, p90_lower: null, p90_upper: null, status, suppression_reason: status === 'suppressed' ? 'small_denominator' : null, curve,
});
export const TIMES = [
  time('all', 'All cases', 2000, 60, 'ok', 'full'),
  time('25-34', '25–34', 1200, 55, 'ok', 'full'),
  time('65+', '65 and over', 25, 80, 'unstable', 'coarser'),
  time('0-17', '0–17', null, null, 'suppressed', 'suppressed'),
];
const point = (group_code: string, days: number, share_open: number) => ({ dimension: group_code === 'all' ? 'all' : 'age_band', group_code, days, share_open, lower: share_open === 1 ? null : share_open - 0.04, upper: share_open === 1 ? null : share_open + 0.04 });
export const CURVES = [
  ...[[0, 1], [7, 0.95], [14, 0.9], [30, 0.75], [60, 0.5], [90, 0.4], [180, 0.25], [365, 0.15]].map(([d, s]) => point('all', d, s)),
  ...[[0, 1], [7, 0.94], [14, 0.88], [30, 0.72], [60, 0.47], [90, 0.38], [180, 0.22], [365, 0.12]].map(([d, s]) => point('25-34', d, s)),
  ...[[0, 1], [30, 0.8], [90, 0.5]].map(([d, s]) => point('65+', d, s)),
];

const rate = (group_code: string, group_label: string, rate: number | null, rate_status: string) => ({
  measure: 'favourable_of_closed', measure_label: 'Favourable outcome', group_code, group_label, numerator: rate === null ? null : Math.round(rate * 400), denominator: rate === null ? null : 400,
  rate, rate_lower: rate && rate - 0.05, rate_upper: rate && rate + 0.05, rate_status, suppression_reason: rate === null ? 'complementary' : null,
});
export const COUNTY_RATES = [rate('53001', 'Adams (Washington)', 0.6, 'ok'), rate('53003', 'Asotin (Washington)', null, 'suppressed'), rate('53005', 'Benton (Washington)', 0.52, 'unstable')];
/** Three unit squares standing in for counties (GeoJSON, lon/lat). */
export const COUNTIES = {
  type: 'FeatureCollection',
  features: [['53001', 0], ['53003', 1], ['53005', 2], ['53007', 3]].map(([id, x]) => ({
    type: 'Feature', id, properties: { name: id },
    geometry: { type: 'Polygon', coordinates: [[[-120 + Number(x), 46], [-119 + Number(x), 46], [-119 + Number(x), 47], [-120 + Number(x), 47], [-120 + Number(x), 46]]] },
  })),
};

export const QUARTERS = [
  { measure: 'favourable_of_closed', group_code: '2024-Q1', rate: 0.58, rate_lower: 0.56, rate_upper: 0.6, numerator: 1160, denominator: 2000, rate_status: 'ok' },
  { measure: 'favourable_of_closed', group_code: '2024-Q2', rate: 0.6, rate_lower: 0.55, rate_upper: 0.65, numerator: 24, denominator: 40, rate_status: 'unstable' },
  { measure: 'favourable_of_closed', group_code: '2024-Q3', rate: null, rate_lower: null, rate_upper: null, numerator: null, denominator: 9, rate_status: 'suppressed' },
];

export const MISSING = [
  { org_id: 'org-a', dimension: 'age_band', dimension_label: 'Age band', group_code: 'not_recorded', missing_count: 40, requests: 1000, share: 0.04, status: 'ok' },
  { org_id: 'org-a', dimension: 'age_band', dimension_label: 'Age band', group_code: 'not_reported', missing_count: null, requests: 1000, share: null, status: 'suppressed' },
  { org_id: 'org-b', dimension: 'age_band', dimension_label: 'Age band', group_code: 'not_recorded', missing_count: 0, requests: 20, share: 0, status: 'unstable' },
];

/** Race (alone) × gender, as the Outcomes page hands them to the grid: White × woman is the reference cell. */
const cross = (row_label: string, col_label: string, numerator: number | null, denominator: number | null, rate_status: string, extra: Record<string, unknown> = {}) => {
  const rate = numerator === null || denominator === null ? null : numerator / denominator;
  return {
    dimension_a: 'race_ethnicity_alone', group_a: row_label.toLowerCase(), dimension_b: 'gender', group_b: col_label.toLowerCase(), row_label, col_label,
    numerator, denominator, rate, rate_lower: rate && rate - 0.04, rate_upper: rate && rate + 0.04, rate_status, suppression_reason: rate === null ? 'small_denominator' : null,
    is_reference: false, rate_ratio: null, ratio_lower: null, ratio_upper: null, ratio_status: rate === null ? 'suppressed' : 'not_compared', p_adjusted: null, adjusted_ratio: null, adjusted_lower: null, adjusted_upper: null, adjusted_p_bh: null,
    ...extra,
  };
};
export const INTERSECTIONS = [
  cross('White', 'Woman', 240, 400, 'ok', { is_reference: true, rate_ratio: 1, ratio_status: 'ok' }),
  cross('White', 'Man', 170, 300, 'ok', { rate_ratio: 0.94, ratio_lower: 0.83, ratio_upper: 1.07, ratio_status: 'ok', p_adjusted: 0.41 }),
  cross('Black', 'Woman', 140, 300, 'ok', { rate_ratio: 0.78, ratio_lower: 0.67, ratio_upper: 0.9, ratio_status: 'ok', p_adjusted: 0.002, adjusted_ratio: 0.81, adjusted_lower: 0.7, adjusted_upper: 0.94, adjusted_p_bh: 0.01 }),
  cross('Black', 'Man', 12, 25, 'unstable', { rate_ratio: 0.8, ratio_lower: 0.53, ratio_upper: 1.21, ratio_status: 'unstable', p_adjusted: 0.41 }),
  cross('Asian', 'Woman', null, null, 'suppressed'),
];

const benefit = (group_code: string, group_label: string, n: number | null, median: number | null, median_status: string, extra: Record<string, unknown> = {}) => ({
  dimension: group_code === 'all' ? 'all' : 'program', group_code, group_label, favourable_cases: n === null ? 60 : n * 2, benefit_cases: n, share_with_benefit: n === null ? null : 0.5,
  benefit_usd_sum: n === null ? null : n * 4000, sum_rounded_to: 1000, sum_status: n === null ? 'suppressed' : 'ok', sum_suppression_reason: n === null ? 'count_suppressed' : null,
  benefit_usd_median: median, median_lower: median && median - 400, median_upper: median && median + 500, median_rounded_to: 100,
  median_status, median_suppression_reason: median_status === 'suppressed' ? (n === null ? 'count_suppressed' : 'fewer_than_k') : null, ...extra,
});
export const IMPACT = [
  benefit('all', 'All cases', 1200, 4200, 'ok'),
  benefit('org-a/snap', 'org-a/snap', 900, 5300, 'ok'),
  benefit('org-a/ssi', 'org-a/ssi', 25, 1800, 'unstable'),
  benefit('org-b/housing', 'org-b/housing', null, null, 'suppressed'),
  benefit('org-b/debt', 'org-b/debt', 40, null, 'suppressed', { sum_status: 'suppressed', benefit_usd_sum: null, sum_suppression_reason: 'dominance', median_suppression_reason: 'fewer_than_k' }),
  benefit('org-c/food', 'org-c/food', 0, null, 'unstable', { benefit_usd_sum: 0 }),
];

/** Barriers met together, all requests: the share of requests with the row's barrier that also met the column's. */
const pair = (barrier_label: string, also_barrier_label: string, both_count: number | null, with_barrier_count: number, status: string) => {
  const share = both_count === null ? null : both_count / with_barrier_count;
  return {
    service_area: 'all', barrier: barrier_label.toLowerCase(), barrier_label, also_barrier: also_barrier_label.toLowerCase(), also_barrier_label, both_count, with_barrier_count,
    share_also: share, share_lower: share && Math.max(0, share - 0.05), share_upper: share && share + 0.05, status, suppression_reason: share === null ? 'primary' : null,
  };
};
export const COOCCURRENCE = [
  pair('Cost', 'Wait time', 250, 500, 'ok'), pair('Cost', 'Childcare', null, 500, 'suppressed'),
  pair('Wait time', 'Cost', 250, 1000, 'ok'), pair('Wait time', 'Childcare', 12, 1000, 'unstable'),
  pair('Childcare', 'Cost', null, 40, 'suppressed'), pair('Childcare', 'Wait time', 12, 40, 'unstable'),
];

// Published group rates of one measure and breakdown (as published-rates.ts writes them), for the
// group ratio forest: the reference, an ordinary and an unstable comparison, a group suppressed,
// and one not compared (under the minimum share). Lower is better (returns to homelessness).
const groupRate = (group_code: string, group_label: string, o: Record<string, unknown>) => ({
  measure: 'returned_12m', dimension: 'race_ethnicity_aoic', dimension_label: 'Race and ethnicity', group_code, group_label,
  reference_group: 'white', reference_rule: 'named group (configuration)', is_reference: false, note: null, ...o,
});
export const GROUP_RATES = [
  groupRate('white', 'White', { numerator: 42, denominator: 369, rate: 0.114, rate_lower: 0.085, rate_upper: 0.15, rate_status: 'ok', is_reference: true, rate_ratio: 1, ratio_lower: null, ratio_upper: null, ratio_status: 'ok', note: 'reference group' }),
  groupRate('black_african_american', 'Black or African American', { numerator: 30, denominator: 150, rate: 0.2, rate_lower: 0.144, rate_upper: 0.271, rate_status: 'ok', rate_ratio: 1.76, ratio_lower: 1.14, ratio_upper: 2.7, ratio_status: 'ok' }),
  groupRate('american_indian_alaska_native', 'American Indian or Alaska Native', { numerator: 0, denominator: 14, rate: 0, rate_lower: 0, rate_upper: 0.215, rate_status: 'unstable', rate_ratio: 0.29, ratio_lower: 0.02, ratio_upper: 4.5, ratio_status: 'unstable' }),
  groupRate('asian', 'Asian', { numerator: null, denominator: null, rate: null, rate_lower: null, rate_upper: null, rate_status: 'suppressed', rate_ratio: null, ratio_lower: null, ratio_upper: null, ratio_status: 'suppressed' }),
  groupRate('native_hawaiian_pacific_islander', 'Native Hawaiian or Pacific Islander', { numerator: 0, denominator: 0, rate: null, rate_lower: null, rate_upper: null, rate_status: 'unstable', rate_ratio: null, ratio_lower: null, ratio_upper: null, ratio_status: 'not_compared', note: 'under 1% of all exits to permanent housing: not compared' }),
];
// The funnel's group rates by age band at two stages: a reference group, a group
// significantly lower, an unstable one, a suppressed one and one too small to compare.
const rri = (measure: string, measure_label: string, group_code: string, group_label: string, o: Record<string, unknown>) => ({
  measure, measure_label, dimension: 'age_band', dimension_label: 'Age band', group_code, group_label, reference_group: '25-34', reference_rule: 'largest group',
  is_reference: false, rate_status: 'ok', ratio_status: 'ok', reliability: 'ok', rate_ratio: null, ratio_lower: null, ratio_upper: null, p_adjusted: null,
  adjusted_ratio: null, adjusted_lower: null, adjusted_upper: null, adjusted_p_bh: null, requests: 1000, ...o,
});
export const FUNNEL = [
  rri('accepted_of_requests', 'Accepted', '25-34', '25–34', { is_reference: true, rate_ratio: 1, ratio_lower: 1, ratio_upper: 1 }),
  rri('accepted_of_requests', 'Accepted', '65+', '65 and over', { rate_ratio: 0.8, ratio_lower: 0.72, ratio_upper: 0.89, p_adjusted: 0.0004, adjusted_ratio: 0.86, adjusted_lower: 0.77, adjusted_upper: 0.96, adjusted_p_bh: 0.02 }),
  rri('accepted_of_requests', 'Accepted', '0-17', '0–17', { rate_ratio: 1.1, ratio_lower: 0.8, ratio_upper: 1.5, p_adjusted: 0.6, reliability: 'unstable', adjusted_ratio: 1.05, adjusted_lower: 0.76, adjusted_upper: 1.45, adjusted_p_bh: 0.7 }),
  rri('accepted_of_requests', 'Accepted', '18-24', '18–24', { ratio_status: 'not_compared' }),
  rri('favourable_of_closed', 'Favourable (of closed)', '25-34', '25–34', { is_reference: true, rate_ratio: 1, ratio_lower: 1, ratio_upper: 1 }),
  rri('favourable_of_closed', 'Favourable (of closed)', '65+', '65 and over', { rate_ratio: 1.3, ratio_lower: 1.1, ratio_upper: 1.54, p_adjusted: 0.01, adjusted_ratio: 1.2, adjusted_lower: 1.01, adjusted_upper: 1.43, adjusted_p_bh: 0.04 }),
  rri('favourable_of_closed', 'Favourable (of closed)', '0-17', '0–17', { rate_status: 'suppressed', ratio_status: 'suppressed' }),
  rri('favourable_of_closed', 'Favourable (of closed)', '18-24', '18–24', { ratio_status: 'not_compared' }),
];

// Trend panels: all cases and two groups over four quarters, the last partial. Women have an
// unstable quarter and a suppressed one; men had no case in 2024-Q2.
const qr = (group_code: string, group_label: string, quarter: string, rate: number | null, rate_status: string, n: number | null = 400) => ({
  measure: 'favourable_of_closed', dimension: group_code === 'all' ? 'all' : 'gender', group_code, group_label, quarter,
  numerator: rate === null ? (rate_status === 'no_cases' ? 0 : null) : Math.round(rate * n!), denominator: rate === null ? (rate_status === 'no_cases' ? 0 : null) : n,
  rate, rate_lower: rate && rate - 0.05, rate_upper: rate && rate + 0.05, rate_status, suppression_reason: rate_status === 'suppressed' ? 'primary' : null,
});
export const TREND_QUARTERS = ['2024-Q1', '2024-Q2', '2024-Q3', '2024-Q4'].map((quarter, i) => ({ quarter, is_partial_quarter: i === 3 }));
export const TREND_RATES = [
  qr('all', 'All cases', '2024-Q1', 0.5, 'ok'), qr('all', 'All cases', '2024-Q2', 0.45, 'ok'), qr('all', 'All cases', '2024-Q3', 0.4, 'ok'), qr('all', 'All cases', '2024-Q4', 0.3, 'ok'),
  qr('woman', 'Woman', '2024-Q1', 0.52, 'ok'), qr('woman', 'Woman', '2024-Q2', 0.6, 'unstable', 20), qr('woman', 'Woman', '2024-Q3', null, 'suppressed'), qr('woman', 'Woman', '2024-Q4', 0.35, 'ok'),
  qr('man', 'Man', '2024-Q1', 0.48, 'ok'), qr('man', 'Man', '2024-Q2', null, 'no_cases'), qr('man', 'Man', '2024-Q3', 0.41, 'ok'), qr('man', 'Man', '2024-Q4', 0.28, 'ok'),
];
const trendRow = (group_code: string, status: string, direction: string | null, or: number | null) => ({
  measure: 'favourable_of_closed', dimension: group_code === 'all' ? 'all' : 'gender', group_code, status, direction, suppression_reason: status === 'suppressed' ? 'series_incomplete' : null,
  reason: status === 'refused' ? 'no trend: 2 period(s) with cases; a trend needs at least 4' : status === 'suppressed' ? 'not published: a quarter of this series is suppressed, and the trend could give its counts away' : null,
  odds_ratio_per_quarter: or, odds_ratio_lower: or && or - 0.05, odds_ratio_upper: or && or + 0.05, first_quarter: or && '2024-Q1', last_quarter: or && '2024-Q3', quarters_used: or && 3, confidence_level: 0.95,
});
export const TREND_ROWS = [trendRow('all', 'estimated', 'falling', 0.8), trendRow('woman', 'suppressed', null, null), trendRow('man', 'refused', null, null)];
export const POLICY_CHANGES = [
  {
    id: 'p1', label: 'Intake moved online', date: '2024-07-01', measure: 'favourable_of_closed', measure_label: 'Favourable outcome (of closed, accepted)', service_area: 'income_benefits', service_area_label: 'Income and benefits',
    period: 'month', status: 'estimated', suppression_reason: null, reason: null, periods_before: 18, periods_after: 6, first_period: '2023-01', last_period: '2024-12', confidence_level: 0.95,
    level_change_odds_ratio: 0.6, level_change_odds_ratio_lower: 0.48, level_change_odds_ratio_upper: 0.74, slope_change_logodds_per_period: -0.012, slope_change_lower: -0.087, slope_change_upper: 0.064,
    expected_rate_at_date: 0.613, fitted_rate_at_date: 0.487, rate_ratio_at_date: 0.79, rate_ratio_lower: 0.71, rate_ratio_upper: 0.88, level_change_direction: 'fell', durbin_watson: 2.37,
  },
  {
    id: 'p2', label: 'New eligibility rule', date: '2024-10-01', measure: 'accepted_of_requests', measure_label: 'Accepted', service_area: 'all', service_area_label: 'All service areas', period: 'quarter',
    status: 'refused', suppression_reason: null, reason: 'too few quarters to estimate a before/after change: 7 quarter(s) with cases before 2024-10-01 and 1 after; at least 8 are needed on each side.',
  },
  {
    id: 'p3', label: 'Housing triage', date: '2024-04-01', measure: 'favourable_of_closed', measure_label: 'Favourable outcome (of closed, accepted)', service_area: 'housing', service_area_label: 'Housing', period: 'month',
    status: 'suppressed', suppression_reason: 'series_incomplete', reason: 'not published: a month of the series has fewer than 11 cases, and the estimate could give its counts away',
  },
];
