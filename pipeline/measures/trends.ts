// Quarterly series of every funnel measure, overall and by group, and the change
// over time of each: a weighted least-squares slope on the log-odds per quarter
// (stats/trend.ts), labelled rising / stable / falling by its interval, never by
// its point estimate. Quarters the data covers only in part are flagged and left
// out of the fit: a quarter cut short at the edge of the data holds a different
// mix of cases (and, at the end, more cases still open).
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Config } from '../config.ts';
import { reliability, trend, wilson, type PeriodCount } from './stats/index.ts';
import { MEASURES } from './group-rates.ts';
import { DIMENSION_LABELS, groupLabel } from './labels.ts';
import { isPartialPeriod, periodIndex } from './periods.ts';
import { writeTable, type Columns } from './table-writer.ts';

export interface QuarterCounts {
  dimension: string; group_code: string; quarter: string; quarter_start: string; days_in_quarter: number; days_observed: number;
  requests: number; accepted: number; turned_away_capacity: number; closed_accepted: number; favourable: number;
}

export interface QuarterlyRate {
  measure: string; measure_label: string; dimension: string; dimension_label: string; group_code: string; group_label: string;
  quarter: string; quarter_start: string; numerator: number; denominator: number;
  rate: number | null; rate_lower: number | null; rate_upper: number | null; confidence_level: number; reliability: string;
  days_in_quarter: number; days_observed: number; is_partial_quarter: boolean; used_in_trend: boolean;
}

export interface QuarterlyTrend {
  measure: string; measure_label: string; dimension: string; dimension_label: string; group_code: string; group_label: string;
  status: 'estimated' | 'refused'; reason: string | null;
  first_quarter: string | null; last_quarter: string | null; quarters_used: number; partial_quarters_excluded: number;
  scale: string; slope_logodds_per_quarter: number | null; slope_lower: number | null; slope_upper: number | null;
  odds_ratio_per_quarter: number | null; odds_ratio_lower: number | null; odds_ratio_upper: number | null;
  direction: string | null; confidence_level: number; quarters_boundary_adjusted: number | null; note: string | null;
}

export const QUARTERLY_RATE_COLUMNS: Columns<QuarterlyRate> = {
  measure: 'VARCHAR', measure_label: 'VARCHAR', dimension: 'VARCHAR', dimension_label: 'VARCHAR', group_code: 'VARCHAR', group_label: 'VARCHAR',
  quarter: 'VARCHAR', quarter_start: 'VARCHAR', numerator: 'BIGINT', denominator: 'BIGINT', rate: 'DOUBLE', rate_lower: 'DOUBLE', rate_upper: 'DOUBLE',
  confidence_level: 'DOUBLE', reliability: 'VARCHAR', days_in_quarter: 'BIGINT', days_observed: 'BIGINT', is_partial_quarter: 'BOOLEAN', used_in_trend: 'BOOLEAN',
};

export const QUARTERLY_TREND_COLUMNS: Columns<QuarterlyTrend> = {
  measure: 'VARCHAR', measure_label: 'VARCHAR', dimension: 'VARCHAR', dimension_label: 'VARCHAR', group_code: 'VARCHAR', group_label: 'VARCHAR',
  status: 'VARCHAR', reason: 'VARCHAR', first_quarter: 'VARCHAR', last_quarter: 'VARCHAR', quarters_used: 'BIGINT', partial_quarters_excluded: 'BIGINT',
  scale: 'VARCHAR', slope_logodds_per_quarter: 'DOUBLE', slope_lower: 'DOUBLE', slope_upper: 'DOUBLE',
  odds_ratio_per_quarter: 'DOUBLE', odds_ratio_lower: 'DOUBLE', odds_ratio_upper: 'DOUBLE', direction: 'VARCHAR', confidence_level: 'DOUBLE',
  quarters_boundary_adjusted: 'BIGINT', note: 'VARCHAR',
};

/** Stages that end after intake: recent quarters still hold open cases, which pulls their closed share down. */
const CENSORED_NOTE: Record<string, string> = {
  closed_of_accepted: 'recent quarters hold cases still open, so their closed share is lower for that reason alone',
  favourable_of_closed: 'recent quarters count only the cases closed so far, which may differ from those still open',
};

export function computeTrends(counts: readonly QuarterCounts[], config: Config): { rates: QuarterlyRate[]; trends: QuarterlyTrend[] } {
  const level = config.measures.confidence_level;
  const thresholds = { minN: config.reliability.min_count, unstableRse: config.reliability.unstable_rse, veryUnstableRse: config.reliability.very_unstable_rse };
  const byGroup = new Map<string, QuarterCounts[]>();
  for (const c of counts) {
    const key = `${c.dimension}\u0000${c.group_code}`;
    const list = byGroup.get(key);
    if (list) list.push(c); else byGroup.set(key, [c]);
  }
  const rates: QuarterlyRate[] = [], trends: QuarterlyTrend[] = [];
  const keys = [...byGroup.keys()].sort();
  for (const m of MEASURES) {
    for (const key of keys) {
      const quarters = [...byGroup.get(key)!].sort((a, b) => a.quarter_start.localeCompare(b.quarter_start));
      const { dimension, group_code } = quarters[0];
      const labels = { measure: m.id, measure_label: m.label, dimension, dimension_label: DIMENSION_LABELS[dimension] ?? dimension, group_code, group_label: groupLabel(dimension, group_code) };
      const series: PeriodCount[] = [];
      const used: QuarterCounts[] = [];
      let partial = 0;
      for (const q of quarters) {
        const x = q[m.numerator], n = q[m.denominator];
        const ci = wilson(x, n, level);
        const isPartial = isPartialPeriod(q.days_observed, q.days_in_quarter);
        if (isPartial) partial++;
        else if (n > 0) { series.push({ t: periodIndex(q.quarter_start, 'quarter'), x, n }); used.push(q); }
        rates.push({
          ...labels, quarter: q.quarter, quarter_start: q.quarter_start, numerator: x, denominator: n, rate: ci.estimate, rate_lower: ci.lower, rate_upper: ci.upper,
          confidence_level: level, reliability: reliability(x, n, thresholds), days_in_quarter: q.days_in_quarter, days_observed: q.days_observed,
          is_partial_quarter: isPartial, used_in_trend: !isPartial && n > 0,
        });
      }
      const fit = trend(series, { scale: 'logit', level });
      const base = {
        ...labels, first_quarter: used[0]?.quarter ?? null, last_quarter: used.at(-1)?.quarter ?? null, quarters_used: series.length,
        partial_quarters_excluded: partial, scale: 'logit', confidence_level: level, note: CENSORED_NOTE[m.id] ?? null,
      };
      if (!fit.ok) {
        trends.push({
          ...base, status: 'refused', reason: `no trend: ${fit.detail}${partial ? ` (${partial} partial quarter(s) left out)` : ''}`,
          slope_logodds_per_quarter: null, slope_lower: null, slope_upper: null, odds_ratio_per_quarter: null, odds_ratio_lower: null, odds_ratio_upper: null,
          direction: null, quarters_boundary_adjusted: null,
        });
        continue;
      }
      trends.push({
        ...base, status: 'estimated', reason: null,
        slope_logodds_per_quarter: fit.slope.estimate, slope_lower: fit.slope.lower, slope_upper: fit.slope.upper,
        odds_ratio_per_quarter: fit.oddsRatioPerPeriod!.estimate, odds_ratio_lower: fit.oddsRatioPerPeriod!.lower, odds_ratio_upper: fit.oddsRatioPerPeriod!.upper,
        direction: fit.label, quarters_boundary_adjusted: fit.boundaryAdjusted,
      });
    }
  }
  return { rates, trends };
}

export async function buildTrends(c: DuckDBConnection, config: Config): Promise<number> {
  const rows = ((await c.runAndReadAll(
    `SELECT dimension, group_code, quarter, strftime(quarter_start, '%Y-%m-%d') AS quarter_start, days_in_quarter, days_observed,
            requests, accepted, turned_away_capacity, closed_accepted, favourable
     FROM marts.mart_quarterly_counts ORDER BY dimension, group_code, quarter_start`)).getRowObjectsJS() as Record<string, unknown>[]).map((r): QuarterCounts => ({
    dimension: String(r.dimension), group_code: String(r.group_code), quarter: String(r.quarter), quarter_start: String(r.quarter_start),
    days_in_quarter: Number(r.days_in_quarter), days_observed: Number(r.days_observed), requests: Number(r.requests), accepted: Number(r.accepted),
    turned_away_capacity: Number(r.turned_away_capacity), closed_accepted: Number(r.closed_accepted), favourable: Number(r.favourable),
  }));
  const { rates, trends } = computeTrends(rows, config);
  await writeTable(c, 'marts', 'quarterly_rates', QUARTERLY_RATE_COLUMNS, rates);
  await writeTable(c, 'marts', 'quarterly_trends', QUARTERLY_TREND_COLUMNS, trends);
  return rates.length + trends.length;
}
