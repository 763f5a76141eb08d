// @ts-check
// Data loader for the Overview page: the headline rates of all cases, the same
// rates by quarter with the quarters the data cover only in part (for the change
// since the last whole quarter) and each stage's trend, the largest disparity that
// survives Benjamini–Hochberg with its reference group, coverage and data
// freshness. Everything comes from the published files; counts shown are
// published counts (0 or at least k).
/** @import { PublishedRate } from '../../pipeline/publish/published-rates.ts' */
/** @import { PublishedTrends } from '../../pipeline/publish/published-trends.ts' */
import { readPublished } from './published.js';

/** @typedef {{ k: number; suppressed_share: number; confidence_level: number; data: { first_opened: string; last_opened: string; last_load: string; loads: number } }} Manifest */

const rates = /** @type {PublishedRate[]} */ (readPublished('group_rates.json', 'overview'));
const manifest = /** @type {Manifest} */ (readPublished('manifest.json', 'overview'));
/** @param {PublishedRate} r */
const pick = ({ measure, rate, rate_lower, rate_upper, numerator, denominator, rate_status, group_code, group_label, dimension_label }) =>
  ({ measure, rate, rate_lower, rate_upper, numerator, denominator, rate_status, group_code, group_label, dimension_label });

const overall = rates.filter((r) => r.dimension === 'all').map(pick);
// All cases by quarter from the trends publication (the same cells as group_rates' quarter breakdown),
// with its partial-quarter flags, so that the Overview and the Trends page agree on which quarters are whole.
const trends = /** @type {PublishedTrends} */ (readPublished('trends.json', 'overview'));
const quarters = trends.rates.filter((r) => r.dimension === 'all').map(({ measure, quarter, rate, rate_lower, rate_upper, numerator, denominator, rate_status, is_partial_quarter }) =>
  ({ measure, group_code: quarter, rate, rate_lower, rate_upper, numerator, denominator, rate_status, is_partial_quarter }));
const overallTrends = trends.trends.filter((t) => t.dimension === 'all').map(({ measure, status, reason, direction, odds_ratio_per_quarter, odds_ratio_lower, odds_ratio_upper, first_quarter, last_quarter, quarters_used, confidence_level }) =>
  ({ measure, status, reason, direction, odds_ratio_per_quarter, odds_ratio_lower, odds_ratio_upper, first_quarter, last_quarter, quarters_used, confidence_level }));

// The largest gap (furthest ratio from 1 on the log scale) whose BH-adjusted p is under 0.05, among shown ratios.
const candidates = rates.filter((r) => r.ratio_status === 'ok' && !r.is_reference && r.rate_ratio !== null && r.p_adjusted !== null && r.p_adjusted < 0.05
  && !['quarter', 'program', 'county', 'organisation', 'service_area'].includes(r.dimension) && !['not_reported', 'not_recorded'].includes(r.group_code));
// rate_ratio is not null here (filtered above).
const largest = candidates.sort((a, b) => Math.abs(Math.log(/** @type {number} */ (b.rate_ratio))) - Math.abs(Math.log(/** @type {number} */ (a.rate_ratio))))[0];
const reference = largest ? rates.find((r) => r.measure === largest.measure && r.dimension === largest.dimension && r.group_code === largest.reference_group) : undefined;

// Coverage: organisations, requests, and how many requests say each demographic.
/** @param {string} dimension @param {string} group */
const requestsOf = (dimension, group) => rates.find((r) => r.measure === 'accepted_of_requests' && r.dimension === dimension && r.group_code === group)?.denominator ?? null;
const total = requestsOf('all', 'all');
/** @param {string} dimension */
const reported = (dimension) => {
  const missing = ['not_recorded', 'not_reported'].map((g) => (rates.some((r) => r.dimension === dimension && r.group_code === g) ? requestsOf(dimension, g) : 0));
  return total === null || missing.includes(null) ? null : 1 - /** @type {number[]} */ (missing).reduce((s, x) => s + x, 0) / total;
};
const coverage = {
  organisations: new Set(rates.filter((r) => r.dimension === 'organisation').map((r) => r.group_code)).size,
  programs: new Set(rates.filter((r) => r.dimension === 'program').map((r) => r.group_code)).size,
  // Rounded to the nearest hundred: the headline needs no more, and a total is never small.
  requests: total === null ? null : Math.round(total / 100) * 100,
  reported: [['race_ethnicity_alone', 'Race and ethnicity'], ['gender', 'Gender'], ['age_band', 'Age'], ['disability', 'Disability'], ['income_band', 'Income']].map(([d, label]) => ({ label, share: reported(d) })),
};

process.stdout.write(JSON.stringify({
  k: manifest.k, confidence_level: manifest.confidence_level, suppressed_share: manifest.suppressed_share, data: manifest.data,
  overall, quarters, whole_quarters: trends.quarters.filter((q) => !q.is_partial_quarter).map((q) => q.quarter), trends: overallTrends, coverage,
  largest: largest ? { ...largest, reference_label: reference?.group_label ?? largest.reference_group } : null,
}));
