// Group rates as they may be published: every count, rate, ratio and p-value
// built from a suppressed count is itself suppressed (null, with its status and
// reason); unstable figures are shown and flagged. Status travels with the number.
import { FUNNEL_FAMILY, type GroupRate, type RateFamily } from '../measures/group-rates.ts';
import type { CellStatus } from '../disclosure/index.ts';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { FunnelCounts, FunnelStatus } from './protect-funnel.ts';
import { funnelFragment, funnelStatus } from './protect-funnel.ts';
import type { Publication } from './publication.ts';
import { rows as query } from './json-rows.ts';

export type FigureStatus = 'ok' | 'unstable' | 'suppressed';
/** `small_slice`: withheld because a slice it crosses is under disclosure.min_slice_requests (small-slices.ts). */
export type SuppressionReason = 'primary' | 'complementary' | 'small_denominator' | 'reference_suppressed' | 'small_slice';

export interface PublishedRate {
  measure: string; measure_label: string; dimension: string; dimension_label: string; group_code: string; group_label: string;
  numerator: number | null; denominator: number | null; requests: number | null;
  rate: number | null; rate_lower: number | null; rate_upper: number | null; confidence_level: number;
  rate_status: FigureStatus; suppression_reason: SuppressionReason | null; reliability: string;
  is_reference: boolean; reference_group: string | null; reference_rule: string;
  rate_ratio: number | null; ratio_lower: number | null; ratio_upper: number | null; ratio_status: FigureStatus | 'not_compared';
  ratio_suppression_reason: SuppressionReason | null;
  test_method: string | null; p_value: number | null; p_adjusted: number | null;
  adjusted_ratio: number | null; adjusted_lower: number | null; adjusted_upper: number | null; adjusted_p: number | null; adjusted_p_bh: number | null; adjusted_for: string | null;
  comparison_family: string; note: string | null;
}

const hidden = (s: CellStatus) => s.state === 'suppressed';

/** Why a figure built from a numerator and a denominator is hidden (null when it is not): the denominator's reason first. */
export function rateSuppressionReason(numerator: CellStatus, denominator: CellStatus): SuppressionReason | null {
  if (hidden(denominator)) return denominator.reason === 'small_slice' ? 'small_slice' : denominator.reason === 'primary' ? 'small_denominator' : 'complementary';
  return hidden(numerator) ? (numerator.reason ?? 'primary') : null;
}

export function publishGroupRates(rates: readonly GroupRate[], funnel: FunnelStatus): PublishedRate[] {
  return publishRates(rates, FUNNEL_FAMILY, funnel);
}

/** Rates of any family (funnel, returns, ...): `requests` on each row is the family's size count. */
export function publishRates<C extends string>(rates: readonly GroupRate[], family: RateFamily<C>, counts: FunnelStatus): PublishedRate[] {
  const byKey = new Map(rates.map((r) => [`${r.measure}|${r.dimension}|${r.group_code}`, r]));
  return rates.map((r) => {
    const m = family.measures.find((x) => x.id === r.measure)!;
    const status = (column: string, group = r.group_code) => counts(column, r.dimension, group);
    const num = status(m.numerator), den = status(m.denominator), req = status(family.size);
    const rateHidden = hidden(num) || hidden(den);
    const reason = rateSuppressionReason(num, den);
    const rateStatus: FigureStatus = rateHidden ? 'suppressed' : r.reliability === 'ok' ? 'ok' : 'unstable';

    let ratioStatus: PublishedRate['ratio_status'] = r.rate_ratio === null ? 'not_compared' : rateStatus;
    let ratioReason: SuppressionReason | null = rateHidden ? reason : null;
    const refRow = r.reference_group ? byKey.get(`${r.measure}|${r.dimension}|${r.reference_group}`) : undefined;
    if (r.rate_ratio !== null && !r.is_reference && refRow && !rateHidden) {
      if (hidden(status(m.numerator, refRow.group_code)) || hidden(status(m.denominator, refRow.group_code))) {
        ratioStatus = 'suppressed';
        ratioReason = 'reference_suppressed';
      } else if (refRow.reliability !== 'ok') ratioStatus = 'unstable';
    }
    const ratioHidden = ratioStatus === 'suppressed';
    return {
      measure: r.measure, measure_label: r.measure_label, dimension: r.dimension, dimension_label: r.dimension_label,
      group_code: r.group_code, group_label: r.group_label,
      numerator: hidden(num) ? null : r.numerator, denominator: hidden(den) ? null : r.denominator, requests: hidden(req) ? null : r.requests,
      rate: rateHidden ? null : r.rate, rate_lower: rateHidden ? null : r.rate_lower, rate_upper: rateHidden ? null : r.rate_upper,
      confidence_level: r.confidence_level, rate_status: rateStatus, suppression_reason: reason, reliability: rateHidden ? 'suppressed' : r.reliability,
      is_reference: r.is_reference, reference_group: r.reference_group, reference_rule: r.reference_rule,
      rate_ratio: ratioHidden ? null : r.rate_ratio, ratio_lower: ratioHidden ? null : r.ratio_lower, ratio_upper: ratioHidden ? null : r.ratio_upper,
      ratio_status: ratioStatus, ratio_suppression_reason: ratioHidden ? ratioReason : null,
      test_method: ratioHidden ? null : r.test_method, p_value: ratioHidden ? null : r.p_value, p_adjusted: ratioHidden ? null : r.p_adjusted,
      // The adjusted ratio rests on the same group and reference counts: it shares their suppression.
      adjusted_ratio: ratioHidden ? null : r.adjusted_ratio, adjusted_lower: ratioHidden ? null : r.adjusted_lower, adjusted_upper: ratioHidden ? null : r.adjusted_upper,
      adjusted_p: ratioHidden ? null : r.adjusted_p, adjusted_p_bh: ratioHidden ? null : r.adjusted_p_bh, adjusted_for: r.adjusted_for,
      comparison_family: r.comparison_family, note: r.note,
    };
  });
}

/** All cases: the funnel counts by every breakdown, and the rates and disparities built from them. */
export const groupRatesPublication: Publication<{ funnel: FunnelCounts[]; rates: GroupRate[] }> = {
  name: 'group_rates',
  read: async (c: DuckDBConnection) => ({
    funnel: await query<FunnelCounts>(c, `SELECT * FROM marts.mart_funnel_counts ORDER BY dimension, group_code`),
    rates: await query<GroupRate>(c, `SELECT * FROM marts.group_rates ORDER BY measure, dimension, group_code`),
  }),
  fragment: ({ funnel }) => funnelFragment(funnel),
  files: ({ rates }, status) => {
    const published = publishGroupRates(rates, funnelStatus(status));
    return [{ name: 'group_rates.json', body: published, rows: published.length }];
  },
};
