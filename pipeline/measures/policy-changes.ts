// Before/after estimates for the dated policy changes in the configuration
// (measures.policy_changes): segmented regression of the measure's log-odds on
// time with a change in level and in slope at the date (interrupted time series,
// stats/interrupted-time-series.ts). With too few periods on either side the row
// says so (status 'refused' and the reason) and carries no number.
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Config } from '../config.ts';
import { interruptedTimeSeries, type PeriodCount } from './stats/index.ts';
import { MEASURES } from './group-rates.ts';
import { groupLabel } from './labels.ts';
import { isPartialPeriod, periodIndex, periodName, periodStartOf, type Period } from './periods.ts';
import { writeTable, type Columns } from './table-writer.ts';

export type PolicyChangeConfig = Config['measures']['policy_changes'][number];

/** One period's counts in the area the change applies to. */
export interface PeriodCounts {
  period_start: string; days_in_period: number; days_observed: number;
  requests: number; accepted: number; turned_away_capacity: number; closed_accepted: number; favourable: number;
}

export interface PolicyChangeEffect {
  id: string; label: string; date: string; measure: string; measure_label: string; service_area: string; service_area_label: string;
  period: string; status: 'estimated' | 'refused'; reason: string | null;
  periods_before: number; periods_after: number; periods_excluded: number; min_points_per_side: number; first_period: string | null; last_period: string | null;
  scale: string; confidence_level: number;
  level_change_logodds: number | null; level_change_lower: number | null; level_change_upper: number | null;
  level_change_odds_ratio: number | null; level_change_odds_ratio_lower: number | null; level_change_odds_ratio_upper: number | null;
  slope_change_logodds_per_period: number | null; slope_change_lower: number | null; slope_change_upper: number | null;
  pre_slope_logodds_per_period: number | null; post_slope_logodds_per_period: number | null;
  expected_rate_at_date: number | null; fitted_rate_at_date: number | null;
  rate_ratio_at_date: number | null; rate_ratio_lower: number | null; rate_ratio_upper: number | null;
  level_change_direction: string | null; durbin_watson: number | null; note: string | null;
}

export const POLICY_CHANGE_COLUMNS: Columns<PolicyChangeEffect> = {
  id: 'VARCHAR', label: 'VARCHAR', date: 'VARCHAR', measure: 'VARCHAR', measure_label: 'VARCHAR', service_area: 'VARCHAR', service_area_label: 'VARCHAR',
  period: 'VARCHAR', status: 'VARCHAR', reason: 'VARCHAR', periods_before: 'BIGINT', periods_after: 'BIGINT', periods_excluded: 'BIGINT', min_points_per_side: 'BIGINT',
  first_period: 'VARCHAR', last_period: 'VARCHAR', scale: 'VARCHAR', confidence_level: 'DOUBLE',
  level_change_logodds: 'DOUBLE', level_change_lower: 'DOUBLE', level_change_upper: 'DOUBLE',
  level_change_odds_ratio: 'DOUBLE', level_change_odds_ratio_lower: 'DOUBLE', level_change_odds_ratio_upper: 'DOUBLE',
  slope_change_logodds_per_period: 'DOUBLE', slope_change_lower: 'DOUBLE', slope_change_upper: 'DOUBLE',
  pre_slope_logodds_per_period: 'DOUBLE', post_slope_logodds_per_period: 'DOUBLE', expected_rate_at_date: 'DOUBLE', fitted_rate_at_date: 'DOUBLE',
  rate_ratio_at_date: 'DOUBLE', rate_ratio_lower: 'DOUBLE', rate_ratio_upper: 'DOUBLE', level_change_direction: 'VARCHAR', durbin_watson: 'DOUBLE', note: 'VARCHAR',
};

const expit = (x: number) => 1 / (1 + Math.exp(-x));
const NOTE = 'Segmented regression assumes independent periods: a Durbin-Watson statistic well below 2 means the interval is too narrow. '
  + 'rate_ratio_at_date is the fitted rate just after the date over the rate the earlier trend predicted for it; its interval carries the uncertainty of the level change only.';

export function computePolicyChange(change: PolicyChangeConfig, periods: readonly PeriodCounts[], config: Config): PolicyChangeEffect {
  const level = config.measures.confidence_level;
  const m = MEASURES.find((x) => x.id === change.measure)!;
  const period: Period = change.period;
  const area = change.service_area ?? 'all';
  const breakStart = periodStartOf(change.date, period);
  // A date inside a period leaves that period half before and half after: it belongs to neither side.
  const transition = breakStart !== change.date ? breakStart : null;
  const sorted = [...periods].sort((a, b) => a.period_start.localeCompare(b.period_start));
  const kept = sorted.filter((p) => !isPartialPeriod(p.days_observed, p.days_in_period) && p.period_start !== transition && p[m.denominator] > 0);
  const series: PeriodCount[] = kept.map((p) => ({ t: periodIndex(p.period_start, period), x: p[m.numerator], n: p[m.denominator] }));
  let breakIndex = kept.findIndex((p) => p.period_start >= change.date);
  if (breakIndex < 0) breakIndex = kept.length;
  const unit = period === 'quarter' ? 'quarter' : 'month';
  const base: PolicyChangeEffect = {
    id: change.id, label: change.label, date: change.date, measure: m.id, measure_label: m.label, service_area: area,
    service_area_label: area === 'all' ? 'All service areas' : groupLabel('service_area', area), period, status: 'refused', reason: null,
    periods_before: breakIndex, periods_after: kept.length - breakIndex, periods_excluded: sorted.length - kept.length, min_points_per_side: change.min_points_per_side,
    first_period: kept[0] ? periodName(kept[0].period_start, period) : null, last_period: kept.at(-1) ? periodName(kept.at(-1)!.period_start, period) : null,
    scale: 'logit', confidence_level: level,
    level_change_logodds: null, level_change_lower: null, level_change_upper: null, level_change_odds_ratio: null, level_change_odds_ratio_lower: null, level_change_odds_ratio_upper: null,
    slope_change_logodds_per_period: null, slope_change_lower: null, slope_change_upper: null, pre_slope_logodds_per_period: null, post_slope_logodds_per_period: null,
    expected_rate_at_date: null, fitted_rate_at_date: null, rate_ratio_at_date: null, rate_ratio_lower: null, rate_ratio_upper: null,
    level_change_direction: null, durbin_watson: null, note: null,
  };
  if (sorted.length === 0) return { ...base, reason: `no cases${area === 'all' ? '' : ` in service area ${area}`}: nothing to compare before and after ${change.date}` };
  const fit = interruptedTimeSeries(series, breakIndex, { scale: 'logit', level, minPointsPerSide: change.min_points_per_side });
  if (!fit.ok) {
    const excluded = base.periods_excluded ? `; ${base.periods_excluded} ${unit}(s) left out as partial, transitional or without cases` : '';
    return {
      ...base,
      reason: fit.reason === 'too_few_points'
        ? `too few ${unit}s to estimate a before/after change: ${fit.detail.replace(/period\(s\)/g, `${unit}(s)`).replace('the break', change.date)}${excluded}. `
          + `Lowering min_points_per_side (now ${change.min_points_per_side}) makes the estimate less trustworthy; counting by month gives more points than by quarter.`
        : `no estimate: ${fit.detail}`,
    };
  }
  const expected = expit(fit.baseline.estimate), fitted = expit(fit.baseline.estimate + fit.levelChange.estimate);
  return {
    ...base, status: 'estimated',
    level_change_logodds: fit.levelChange.estimate, level_change_lower: fit.levelChange.lower, level_change_upper: fit.levelChange.upper,
    level_change_odds_ratio: Math.exp(fit.levelChange.estimate), level_change_odds_ratio_lower: Math.exp(fit.levelChange.lower), level_change_odds_ratio_upper: Math.exp(fit.levelChange.upper),
    slope_change_logodds_per_period: fit.slopeChange.estimate, slope_change_lower: fit.slopeChange.lower, slope_change_upper: fit.slopeChange.upper,
    pre_slope_logodds_per_period: fit.preSlope.estimate, post_slope_logodds_per_period: fit.postSlope.estimate,
    expected_rate_at_date: expected, fitted_rate_at_date: fitted, rate_ratio_at_date: fitted / expected,
    rate_ratio_lower: expit(fit.baseline.estimate + fit.levelChange.lower) / expected, rate_ratio_upper: expit(fit.baseline.estimate + fit.levelChange.upper) / expected,
    level_change_direction: fit.levelChange.lower > 0 ? 'rose' : fit.levelChange.upper < 0 ? 'fell' : 'no change detected',
    durbin_watson: fit.durbinWatson, note: NOTE,
  };
}

/** The series a change is fitted to: its area's counts by period (months summed into quarters when counted by quarter). */
export async function readPolicyChangePeriods(c: DuckDBConnection, change: Pick<PolicyChangeConfig, 'period' | 'service_area'>): Promise<PeriodCounts[]> {
  // Quarters are summed from months; a month with no cases in the area is absent, so its days are missing
  // from days_observed and the quarter is treated as partial (left out), the safe side for a sparse area.
  const start = change.period === 'quarter' ? `date_trunc('quarter', month_start)` : 'month_start';
  const prepared = await c.prepare(
    `SELECT strftime(${start}, '%Y-%m-%d') AS period_start, sum(days_in_month)::BIGINT AS days_in_period, sum(days_observed)::BIGINT AS days_observed,
            sum(requests)::BIGINT AS requests, sum(accepted)::BIGINT AS accepted, sum(turned_away_capacity)::BIGINT AS turned_away_capacity,
            sum(closed_accepted)::BIGINT AS closed_accepted, sum(favourable)::BIGINT AS favourable
     FROM marts.mart_monthly_counts WHERE service_area = $1 GROUP BY 1 ORDER BY 1`);
  prepared.bindVarchar(1, change.service_area ?? 'all');
  return ((await prepared.runAndReadAll()).getRowObjectsJS() as Record<string, unknown>[]).map((r): PeriodCounts => ({
    period_start: String(r.period_start), days_in_period: Number(r.days_in_period), days_observed: Number(r.days_observed), requests: Number(r.requests),
    accepted: Number(r.accepted), turned_away_capacity: Number(r.turned_away_capacity), closed_accepted: Number(r.closed_accepted), favourable: Number(r.favourable),
  }));
}

export async function buildPolicyChanges(c: DuckDBConnection, config: Config): Promise<number> {
  const rows: PolicyChangeEffect[] = [];
  for (const change of config.measures.policy_changes) rows.push(computePolicyChange(change, await readPolicyChangePeriods(c, change), config));
  await writeTable(c, 'marts', 'policy_change_effects', POLICY_CHANGE_COLUMNS, rows);
  return rows.length;
}
