// @ts-check
// Data loader for the Trends page: the quarters (partial ones flagged), the
// quarterly rates of every stage by group, each series' trend, and the
// before/after estimates of the configured policy changes, exactly as published
// (trends.json: suppressed figures are null with their status). Labels are sent
// once each rather than on every row, to keep the page small.
/** @import { PublishedTrends } from '../../pipeline/publish/published-trends.ts' */
import { columnar, readPublished } from './published.js';

const published = /** @type {PublishedTrends} */ (readPublished('trends.json', 'trends'));
if (!published.rates.length) {
  process.stderr.write('trends loader: no published quarterly rates; refusing to publish an empty page.\n');
  process.exit(1);
}

/**
 * @template T
 * @param {readonly T[]} rows
 * @param {(r: T) => string} key
 * @returns {T[]}
 */
const unique = (rows, key) => [...new Map(rows.map((r) => [key(r), r])).values()];
const measures = unique(published.rates, (r) => r.measure).map((r) => ({ id: r.measure, label: r.measure_label }));
const dimensions = unique(published.rates, (r) => r.dimension).map((r) => ({ id: r.dimension, label: r.dimension_label }));
const groups = unique(published.rates, (r) => `${r.dimension}=${r.group_code}`).map((r) => ({ dimension: r.dimension, group_code: r.group_code, group_label: r.group_label }));

// One row per series (stage × group) with its trend; each quarterly rate names its series by index.
const trends = published.trends.map(({ measure_label: _1, dimension_label: _2, group_label: _3, note: _4, ...t }) => t);
const seriesIndex = new Map(trends.map((t, i) => [`${t.measure}|${t.dimension}|${t.group_code}`, i]));
const rates = published.rates.map((r) => {
  const series = seriesIndex.get(`${r.measure}|${r.dimension}|${r.group_code}`);
  if (series === undefined) {
    process.stderr.write(`trends loader: the quarterly rates of ${r.measure} for ${r.dimension}=${r.group_code} have no trend row; publish again (npm run pipeline -- publish).\n`);
    process.exit(1);
  }
  return {
    series, quarter: r.quarter, numerator: r.numerator, denominator: r.denominator, rate: r.rate, rate_lower: r.rate_lower, rate_upper: r.rate_upper,
    rate_status: r.rate_status, suppression_reason: r.suppression_reason,
  };
});
// The notes are one per stage (why recent quarters of closed and favourable shares run low): sent once.
const notes = Object.fromEntries(unique(published.trends.filter((t) => t.note), (t) => t.measure).map((t) => [t.measure, t.note]));

process.stdout.write(JSON.stringify({
  quarters: published.quarters, measures, dimensions, groups, notes,
  series: columnar(trends), rates: columnar(rates), policy_changes: published.policy_changes,
}));
