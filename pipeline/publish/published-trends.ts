// Trends as they may be published: the funnel counts of every group by quarter
// opened, the quarterly rates built from them, each series' change over time, and
// the before/after estimate of each dated policy change. The quarterly counts
// join the one protection problem with what an attacker knows ties them to the
// rest of the site:
// - a group's quarters add up to its all-period count, the very cell group_rates
//   publishes (same table and key), so a quarter hidden here cannot be had by
//   subtracting the other quarters from the Outcomes page;
// - within a quarter, the groups of a single-valued breakdown add up to the
//   quarter's count of all cases, which is group_rates' own `quarter=…` cell.
//   Select-all-that-apply breakdowns (race alone or in combination, gender) do
//   not add up, so only the first link holds for them.
// Every rate and interval built from a hidden count is hidden with it. A trend or
// a before/after estimate is a function of its whole series: given the others, its
// slope and interval are two equations in a hidden quarter's two counts, enough to
// solve for them. So it is published only when every count of every whole period
// of its series is published, else it is withheld as 'series_incomplete'.
import { ref, type Cell, type CellRef, type CellStatus, type Constraint } from '../disclosure/index.ts';
import type { Config } from '../config.ts';
import { MEASURES } from '../measures/group-rates.ts';
import { isPartialPeriod, type Period } from '../measures/periods.ts';
import { readPolicyChangePeriods, type PeriodCounts, type PolicyChangeEffect } from '../measures/policy-changes.ts';
import type { QuarterCounts, QuarterlyRate, QuarterlyTrend } from '../measures/trends.ts';
import { DIMENSION_LABELS, groupLabel } from '../measures/labels.ts';
import { cellKey, COUNT_COLUMNS, type FunnelCounts } from './protect-funnel.ts';
import { rateSuppressionReason, type FigureStatus, type SuppressionReason } from './published-rates.ts';
import type { Publication, PublicationFragment, StatusOf } from './publication.ts';
import { isSmallSlice, poolTwoWay } from './small-slices.ts';
import { rows as query } from './json-rows.ts';
import { PAGE_DIMENSIONS, PAGE_PARTITIONS, sqlList } from './page-dimensions.ts';

/**
 * The key of a quarterly count. All cases in a quarter is the funnel's own
 * `quarter=2024-Q3` cell (published by group_rates); a group in a quarter is
 * `quarter=2024-Q3|race_ethnicity_alone=white`.
 */
export const quarterKey = (quarter: string, dimension: string, group: string) =>
  (dimension === 'all' ? cellKey('quarter', quarter) : `${cellKey('quarter', quarter)}|${cellKey(dimension, group)}`);

export type TrendSuppressionReason = SuppressionReason | 'series_incomplete';

export interface PublishedQuarter { quarter: string; quarter_start: string; days_in_quarter: number; days_observed: number; is_partial_quarter: boolean }

export interface PublishedQuarterlyRate {
  measure: string; measure_label: string; dimension: string; dimension_label: string; group_code: string; group_label: string;
  quarter: string; numerator: number | null; denominator: number | null;
  rate: number | null; rate_lower: number | null; rate_upper: number | null;
  /** `no_cases`: a published denominator of 0, so there is no rate (not a suppression). */
  rate_status: FigureStatus | 'no_cases'; suppression_reason: SuppressionReason | null; reliability: string;
  is_partial_quarter: boolean; used_in_trend: boolean;
}

export interface PublishedTrend {
  measure: string; measure_label: string; dimension: string; dimension_label: string; group_code: string; group_label: string;
  /** `estimated`: slope and label published; `refused`: too few quarters (the reason says why); `suppressed`: a count of the series is hidden. */
  status: 'estimated' | 'refused' | 'suppressed'; suppression_reason: 'series_incomplete' | null; reason: string | null;
  first_quarter: string | null; last_quarter: string | null; quarters_used: number | null; partial_quarters_excluded: number;
  slope_logodds_per_quarter: number | null; slope_lower: number | null; slope_upper: number | null;
  odds_ratio_per_quarter: number | null; odds_ratio_lower: number | null; odds_ratio_upper: number | null;
  direction: string | null; confidence_level: number; note: string | null;
}

export type PublishedPolicyChange = Omit<PolicyChangeEffect, 'status'> & { status: PolicyChangeEffect['status'] | 'suppressed'; suppression_reason: 'series_incomplete' | null };

/** trends.json: the quarters (with partial ones flagged), the quarterly rates, the trends and the policy changes. */
export interface PublishedTrends { quarters: PublishedQuarter[]; rates: PublishedQuarterlyRate[]; trends: PublishedTrend[]; policy_changes: PublishedPolicyChange[] }

export interface TrendsData {
  /** Counts of every page breakdown's groups by quarter, a zero where a group had no case that quarter; ('all', 'all') is every case. */
  counts: QuarterCounts[];
  /** The all-period funnel counts the quarters add up to (group_rates' cells). */
  funnel: FunnelCounts[];
  rates: QuarterlyRate[];
  trends: QuarterlyTrend[];
  effects: PolicyChangeEffect[];
  /** The series each policy change was fitted to, by change id. */
  periods: Record<string, PeriodCounts[]>;
}

const hidden = (s: CellStatus) => s.state === 'suppressed';
const series = (dimension: string, group: string) => `${dimension}\u0000${group}`;

function bySeries(counts: readonly QuarterCounts[]): Map<string, QuarterCounts[]> {
  const out = new Map<string, QuarterCounts[]>();
  for (const c of counts) {
    const list = out.get(series(c.dimension, c.group_code));
    if (list) list.push(c); else out.set(series(c.dimension, c.group_code), [c]);
  }
  return out;
}

/**
 * Fills in a zero for every group and quarter without a case (the mart has no
 * row for it), so that the page says "no cases" rather than leave a gap, and the
 * zero is published as the count it is.
 */
export function completeQuarters(counts: readonly QuarterCounts[], rates: readonly QuarterlyRate[], config: Config): { counts: QuarterCounts[]; rates: QuarterlyRate[] } {
  const quarters = counts.filter((c) => c.dimension === 'all').sort((a, b) => a.quarter_start.localeCompare(b.quarter_start));
  const have = new Set(counts.map((c) => `${series(c.dimension, c.group_code)}|${c.quarter}`));
  const groups = [...new Map(counts.filter((c) => c.dimension !== 'all').map((c) => [series(c.dimension, c.group_code), c])).values()];
  const outCounts = [...counts], outRates = [...rates];
  for (const g of groups) {
    for (const q of quarters) {
      if (have.has(`${series(g.dimension, g.group_code)}|${q.quarter}`)) continue;
      outCounts.push({ ...q, dimension: g.dimension, group_code: g.group_code, requests: 0, accepted: 0, turned_away_capacity: 0, closed_accepted: 0, favourable: 0 });
      for (const m of MEASURES) {
        outRates.push({
          measure: m.id, measure_label: m.label, dimension: g.dimension, dimension_label: DIMENSION_LABELS[g.dimension] ?? g.dimension, group_code: g.group_code, group_label: groupLabel(g.dimension, g.group_code),
          quarter: q.quarter, quarter_start: q.quarter_start, numerator: 0, denominator: 0, rate: null, rate_lower: null, rate_upper: null,
          confidence_level: config.measures.confidence_level, reliability: 'unstable', days_in_quarter: q.days_in_quarter, days_observed: q.days_observed,
          is_partial_quarter: isPartialPeriod(q.days_observed, q.days_in_quarter), used_in_trend: false,
        });
      }
    }
  }
  const order = (a: QuarterlyRate, b: QuarterlyRate) => a.measure.localeCompare(b.measure) || a.dimension.localeCompare(b.dimension) || a.group_code.localeCompare(b.group_code) || a.quarter_start.localeCompare(b.quarter_start);
  return { counts: outCounts, rates: outRates.sort(order) };
}

/**
 * The quarterly counts as cells, with the equations that tie them to the
 * all-period counts and to each quarter's total. A group's count in a quarter is
 * shown only when the quarter and the group (over all quarters) each have at
 * least `minRequests` requests; the others are withheld and pooled (small-slices.ts).
 */
export function trendsFragment({ counts, funnel }: Pick<TrendsData, 'counts' | 'funnel'>, minRequests = 0): PublicationFragment {
  const cells: Cell[] = [];
  const constraints: Constraint[] = [];
  const withheld: CellRef[] = [];
  const quarters = counts.filter((c) => c.dimension === 'all');
  const quarterRequests = new Map(quarters.map((q) => [q.quarter, q.requests]));
  const groupRequests = new Map(funnel.map((f) => [`${f.dimension}|${f.group_code}`, f.requests]));
  const byCell = new Map(counts.map((c) => [`${c.dimension}|${c.group_code}|${c.quarter}`, c]));
  for (const column of COUNT_COLUMNS) {
    // The cells this publication links to, declared with their values so that the fragment stands alone;
    // joined with group_rates' cells, they are one cell each. All cases by quarter is group_rates' own breakdown.
    for (const f of funnel) cells.push({ table: column, key: cellKey(f.dimension, f.group_code), value: f[column] });
    for (const q of quarters) cells.push({ table: column, key: quarterKey(q.quarter, 'all', 'all'), value: q[column] });
  }
  for (const dimension of new Set(counts.map((c) => c.dimension).filter((d) => d !== 'all'))) {
    const pooled = poolTwoWay({
      name: `quarter × ${dimension}`, tables: COUNT_COLUMNS, rows: quarters.map((q) => q.quarter),
      cols: [...new Set(counts.filter((c) => c.dimension === dimension).map((c) => c.group_code))],
      key: (quarter, group) => quarterKey(quarter, dimension, group),
      value: (table, quarter, group) => byCell.get(`${dimension}|${group}|${quarter}`)?.[table as (typeof COUNT_COLUMNS)[number]],
      // Within a quarter, each single-valued breakdown adds up to the quarter's count of all cases.
      rowTotal: (PAGE_PARTITIONS as readonly string[]).includes(dimension) ? (table, quarter) => ref(table, quarterKey(quarter, 'all', 'all')) : undefined,
      // Every case was opened in one quarter: a group's quarters add up to its all-period count.
      colTotal: (table, group) => ref(table, cellKey(dimension, group)),
      smallRow: (quarter) => isSmallSlice(quarterRequests.get(quarter) ?? 0, minRequests),
      smallCol: (group) => isSmallSlice(groupRequests.get(`${dimension}|${group}`) ?? 0, minRequests),
      label: (table, side, slice) => (side === 'row' ? `${table} by ${dimension} in ${slice}` : `${table} ${dimension}=${slice}: sum of quarters`),
    });
    cells.push(...pooled.cells);
    constraints.push(...pooled.constraints);
    withheld.push(...pooled.withheld!);
  }
  return { cells, constraints, withheld };
}

export function publishQuarterlyRates(rates: readonly QuarterlyRate[], status: StatusOf): PublishedQuarterlyRate[] {
  return rates.map((r) => {
    const m = MEASURES.find((x) => x.id === r.measure)!;
    const num = status(m.numerator, quarterKey(r.quarter, r.dimension, r.group_code));
    const den = status(m.denominator, quarterKey(r.quarter, r.dimension, r.group_code));
    const off = hidden(num) || hidden(den);
    return {
      measure: r.measure, measure_label: r.measure_label, dimension: r.dimension, dimension_label: r.dimension_label, group_code: r.group_code, group_label: r.group_label,
      quarter: r.quarter, numerator: hidden(num) ? null : r.numerator, denominator: hidden(den) ? null : r.denominator,
      rate: off ? null : r.rate, rate_lower: off ? null : r.rate_lower, rate_upper: off ? null : r.rate_upper,
      rate_status: off ? 'suppressed' : r.denominator === 0 ? 'no_cases' : r.reliability === 'ok' ? 'ok' : 'unstable',
      suppression_reason: rateSuppressionReason(num, den), reliability: off ? 'suppressed' : r.denominator === 0 ? 'no_cases' : r.reliability,
      is_partial_quarter: r.is_partial_quarter, used_in_trend: r.used_in_trend,
    };
  });
}

/** True when a count of the measure in a whole quarter of the series is hidden. */
function seriesIncomplete(counts: readonly QuarterCounts[], measure: (typeof MEASURES)[number], status: StatusOf): boolean {
  return counts.some((q) => !isPartialPeriod(q.days_observed, q.days_in_quarter)
    && [measure.numerator, measure.denominator].some((column) => hidden(status(column, quarterKey(q.quarter, q.dimension, q.group_code)))));
}

export function publishTrends(trends: readonly QuarterlyTrend[], counts: readonly QuarterCounts[], status: StatusOf): PublishedTrend[] {
  const groups = bySeries(counts);
  return trends.map((t) => {
    const m = MEASURES.find((x) => x.id === t.measure)!;
    const labels = { measure: t.measure, measure_label: t.measure_label, dimension: t.dimension, dimension_label: t.dimension_label, group_code: t.group_code, group_label: t.group_label };
    if (seriesIncomplete(groups.get(series(t.dimension, t.group_code)) ?? [], m, status)) {
      // Which quarters had cases, and how many were used, would say where the hidden counts are zero.
      return {
        ...labels, status: 'suppressed', suppression_reason: 'series_incomplete', reason: 'not published: a quarter of this series is suppressed, and the trend could give its counts away',
        first_quarter: null, last_quarter: null, quarters_used: null, partial_quarters_excluded: t.partial_quarters_excluded,
        slope_logodds_per_quarter: null, slope_lower: null, slope_upper: null, odds_ratio_per_quarter: null, odds_ratio_lower: null, odds_ratio_upper: null, direction: null, confidence_level: t.confidence_level, note: t.note,
      };
    }
    return {
      ...labels, status: t.status, suppression_reason: null, reason: t.reason,
      first_quarter: t.first_quarter, last_quarter: t.last_quarter, quarters_used: t.quarters_used, partial_quarters_excluded: t.partial_quarters_excluded,
      slope_logodds_per_quarter: t.slope_logodds_per_quarter, slope_lower: t.slope_lower, slope_upper: t.slope_upper,
      odds_ratio_per_quarter: t.odds_ratio_per_quarter, odds_ratio_lower: t.odds_ratio_lower, odds_ratio_upper: t.odds_ratio_upper, direction: t.direction, confidence_level: t.confidence_level, note: t.note,
    };
  });
}

/**
 * A policy change's estimate rests on its area's series. Counted by quarter, that
 * series is the area's published quarterly counts; counted by month, its months
 * are never published, so each must be 0 or at least k on its own, and the
 * area's quarters (which the months add up to) must be published too.
 */
export function publishPolicyChanges(effects: readonly PolicyChangeEffect[], periods: Record<string, PeriodCounts[]>, counts: readonly QuarterCounts[], status: StatusOf, k: number): PublishedPolicyChange[] {
  return effects.map((e) => {
    const m = MEASURES.find((x) => x.id === e.measure)!;
    const area = counts.filter((c) => (e.service_area === 'all' ? c.dimension === 'all' : c.dimension === 'service_area' && c.group_code === e.service_area));
    const small = (n: number) => n >= 1 && n < k;
    // A series that was not read cannot be checked: withheld like a small one.
    const months = periods[e.id];
    const monthSmall = e.period === 'month' && (!months || months.some((p) => !isPartialPeriod(p.days_observed, p.days_in_period) && (small(p[m.numerator]) || small(p[m.denominator]))));
    if (!monthSmall && !seriesIncomplete(area, m, status)) return { ...e, suppression_reason: null };
    const withheld = Object.fromEntries(Object.entries(e).map(([key, v]) => [key, typeof v === 'number' && !['confidence_level', 'min_points_per_side'].includes(key) ? null : v]));
    return {
      ...(withheld as unknown as PolicyChangeEffect), status: 'suppressed', suppression_reason: 'series_incomplete', first_period: null, last_period: null, level_change_direction: null,
      reason: `not published: ${monthSmall ? `a ${e.period} of the series has fewer than ${k} cases` : 'a quarter of the series is suppressed'}, and the estimate could give its counts away`,
    };
  });
}

/** The quarters of the data, from the series of all cases, each flagged when the data cover it only in part. */
export function publishedQuarters(counts: readonly QuarterCounts[]): PublishedQuarter[] {
  return counts.filter((c) => c.dimension === 'all').sort((a, b) => a.quarter_start.localeCompare(b.quarter_start)).map((c) => ({
    quarter: c.quarter, quarter_start: c.quarter_start, days_in_quarter: c.days_in_quarter, days_observed: c.days_observed, is_partial_quarter: isPartialPeriod(c.days_observed, c.days_in_quarter),
  }));
}

/** Trends page: quarterly rates by group, their change over time, and the before/after estimates of policy changes. */
export const trendsPublication: Publication<TrendsData> = {
  name: 'trends',
  read: async (c, config) => {
    // The page breakdowns (page-dimensions.ts): program and county by quarter would add many small cells and no question the page answers.
    const dims = sqlList(PAGE_DIMENSIONS);
    const counts = await query<QuarterCounts>(c,
      `SELECT dimension, group_code, quarter, strftime(quarter_start, '%Y-%m-%d') AS quarter_start, days_in_quarter, days_observed, ${COUNT_COLUMNS.join(', ')}
       FROM marts.mart_quarterly_counts WHERE dimension IN ('all', ${dims}) ORDER BY dimension, group_code, quarter_start`);
    const rates = await query<QuarterlyRate>(c, `SELECT * FROM marts.quarterly_rates WHERE dimension IN ('all', ${dims}) ORDER BY measure, dimension, group_code, quarter_start`);
    const complete = completeQuarters(counts, rates, config);
    const effects = await query<PolicyChangeEffect>(c, `SELECT * FROM marts.policy_change_effects ORDER BY id`);
    // Each estimate's series, read for the row itself (not the configuration, which may have changed since it was measured).
    const periods: Record<string, PeriodCounts[]> = {};
    for (const e of effects) periods[e.id] = await readPolicyChangePeriods(c, { period: e.period as Period, service_area: e.service_area === 'all' ? undefined : e.service_area });
    return {
      ...complete,
      funnel: await query<FunnelCounts>(c, `SELECT * FROM marts.mart_funnel_counts WHERE dimension IN ('all', ${dims}) ORDER BY dimension, group_code`),
      trends: await query<QuarterlyTrend>(c, `SELECT * FROM marts.quarterly_trends WHERE dimension IN ('all', ${dims}) ORDER BY measure, dimension, group_code`),
      effects,
      periods,
    };
  },
  fragment: (data, config) => trendsFragment(data, config.disclosure.min_slice_requests),
  files: (data, status, config) => {
    const body: PublishedTrends = {
      quarters: publishedQuarters(data.counts),
      rates: publishQuarterlyRates(data.rates, status),
      trends: publishTrends(data.trends, data.counts, status),
      policy_changes: publishPolicyChanges(data.effects, data.periods, data.counts, status, config.disclosure.k),
    };
    return [{ name: 'trends.json', body, rows: body.rates.length + body.trends.length + body.policy_changes.length }];
  },
};
