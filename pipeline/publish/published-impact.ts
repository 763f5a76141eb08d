// Benefits obtained (benefit_usd on favourable cases) by group and by program, as
// they may be published. Three kinds of figure, three kinds of protection:
// - counts: favourable cases (the funnel's own cell), those that recorded an
//   amount and those that did not (favourable = with + without, so a small
//   "without" cannot be had by subtraction either), each a table over every
//   breakdown with its margins, in the one protection problem;
// - sums: a magnitude table with the same margins (whole dollars), sensitive by
//   the frequency and p% rules (dominance.ts), protected in the same problem, and
//   also hidden wherever the count of amounts behind them is hidden; published
//   rounded to SUM_ROUNDING;
// - medians: the median of an odd number of amounts is one client's amount, and
//   the interval's bounds always are: published only where at least k amounts
//   stand behind them and their count is published, rounded to MEDIAN_ROUNDING
//   (the bounds outward, so the interval still covers).
import type { DuckDBConnection } from '@duckdb/node-api';
import { ref, sumOf, type Cell, type CellStatus, type Constraint, type Fragment } from '../disclosure/index.ts';
import type { Config } from '../config.ts';
import type { Impact } from '../measures/impact.ts';
import { PARTITION_DIMENSIONS } from '../model/tests.ts';
import { ceilTo, floorTo, magnitudeCell, roundTo, sensitiveBy, DOMINANCE_P } from './dominance.ts';
import { rows as query } from './json-rows.ts';
import { PAGE_DIMENSIONS, sqlList } from './page-dimensions.ts';
import { cellKey } from './protect-funnel.ts';
import type { Publication, StatusOf } from './publication.ts';
import type { FigureStatus } from './published-rates.ts';

export const WITH_BENEFIT = 'favourable_with_benefit';
export const WITHOUT_BENEFIT = 'favourable_without_benefit';
export const BENEFIT_SUM = 'benefit_usd_sum';
/** Sums to the nearest $1,000: a total for testimony needs no more, and rounding adds noise the protection does not count on. */
export const SUM_ROUNDING = 1000;
/**
 * Medians to the nearest $100: under 5% of every group median in the sample
 * ($1,800–$5,300) and far inside the median's own interval, so nothing a reader
 * uses is lost, while the exact amount of the client in the middle is not shown.
 */
export const MEDIAN_ROUNDING = 100;
/** The breakdowns published: the pages' own, and program (the program pages' question: what did clients obtain). */
export const IMPACT_DIMENSIONS = [...PAGE_DIMENSIONS, 'program'] as const;

/** One group's impact row with what the dominance rule needs (from marts.mart_benefit_dominance). */
export interface ImpactGroup extends Impact { whole_usd_sum: number; largest_usd: number; second_largest_usd: number }

export type SumReason = 'frequency' | 'dominance' | 'complementary' | 'count_suppressed';
export type MedianReason = 'fewer_than_k' | 'count_suppressed';

export interface PublishedImpact {
  dimension: string; dimension_label: string; group_code: string; group_label: string;
  favourable_cases: number | null; benefit_cases: number | null; share_with_benefit: number | null;
  benefit_usd_sum: number | null; sum_rounded_to: number; sum_status: 'ok' | 'suppressed'; sum_suppression_reason: SumReason | null;
  benefit_usd_median: number | null; median_lower: number | null; median_upper: number | null; median_rounded_to: number;
  median_interval_coverage: number | null; median_interval_method: string;
  median_status: FigureStatus; median_suppression_reason: MedianReason | null; note: string | null;
}

const partition = new Set<string>(PARTITION_DIMENSIONS);

export function impactFragment(groups: readonly ImpactGroup[], k: number): Fragment {
  const cells: Cell[] = [];
  const constraints: Constraint[] = [];
  const key = (g: Pick<ImpactGroup, 'dimension' | 'group_code'>) => cellKey(g.dimension, g.group_code);
  for (const g of groups) {
    cells.push({ table: 'favourable', key: key(g), value: g.favourable_cases });
    cells.push({ table: WITH_BENEFIT, key: key(g), value: g.cases_with_benefit });
    cells.push({ table: WITHOUT_BENEFIT, key: key(g), value: g.favourable_cases - g.cases_with_benefit });
    cells.push(magnitudeCell(BENEFIT_SUM, key(g), { n: g.cases_with_benefit, sum: g.whole_usd_sum, largest: g.largest_usd, secondLargest: g.second_largest_usd }, k));
    constraints.push(sumOf(ref('favourable', key(g)), [ref(WITH_BENEFIT, key(g)), ref(WITHOUT_BENEFIT, key(g))], `favourable ${key(g)} = with + without an amount`));
  }
  for (const table of [WITH_BENEFIT, WITHOUT_BENEFIT, BENEFIT_SUM]) {
    for (const dimension of new Set(groups.map((g) => g.dimension))) {
      if (!partition.has(dimension)) continue;
      const parts = groups.filter((g) => g.dimension === dimension);
      constraints.push(sumOf(ref(table, cellKey('all', 'all')), parts.map((g) => ref(table, key(g))), `${table} by ${dimension}`));
    }
    for (const org of groups.filter((g) => g.dimension === 'organisation')) {
      const programs = groups.filter((g) => g.dimension === 'program' && g.group_code.startsWith(`${org.group_code}/`));
      if (programs.length) constraints.push(sumOf(ref(table, key(org)), programs.map((g) => ref(table, key(g))), `${table} programs of ${org.group_code}`));
    }
  }
  return { cells, constraints };
}

const hidden = (s: CellStatus) => s.state === 'suppressed';

export function publishImpact(groups: readonly ImpactGroup[], status: StatusOf, k: number): PublishedImpact[] {
  return groups.map((g) => {
    const key = cellKey(g.dimension, g.group_code);
    const fav = status('favourable', key), withB = status(WITH_BENEFIT, key), sum = status(BENEFIT_SUM, key);
    const n = g.cases_with_benefit;
    const sumReason: SumReason | null = hidden(withB) ? 'count_suppressed'
      : hidden(sum) ? (sum.reason === 'primary' ? sensitiveBy({ n, sum: g.whole_usd_sum, largest: g.largest_usd, secondLargest: g.second_largest_usd }, k) ?? 'dominance' : 'complementary')
      : null;
    const medianReason: MedianReason | null = hidden(withB) ? 'count_suppressed' : n > 0 && n < k ? 'fewer_than_k' : null;
    const median = medianReason || g.benefit_usd_median === null ? null : roundTo(g.benefit_usd_median, MEDIAN_ROUNDING);
    const interval = median !== null && g.benefit_usd_median_lower !== null && g.benefit_usd_median_upper !== null;
    return {
      dimension: g.dimension, dimension_label: g.dimension_label, group_code: g.group_code, group_label: g.group_label,
      favourable_cases: hidden(fav) ? null : g.favourable_cases, benefit_cases: hidden(withB) ? null : n,
      share_with_benefit: hidden(fav) || hidden(withB) ? null : g.share_with_benefit,
      benefit_usd_sum: sumReason ? null : roundTo(g.whole_usd_sum, SUM_ROUNDING), sum_rounded_to: SUM_ROUNDING,
      sum_status: sumReason ? 'suppressed' : 'ok', sum_suppression_reason: sumReason,
      benefit_usd_median: median,
      median_lower: interval ? floorTo(g.benefit_usd_median_lower!, MEDIAN_ROUNDING) : null,
      median_upper: interval ? ceilTo(g.benefit_usd_median_upper!, MEDIAN_ROUNDING) : null,
      median_rounded_to: MEDIAN_ROUNDING, median_interval_coverage: interval ? g.median_interval_coverage : null, median_interval_method: g.median_interval_method,
      median_status: medianReason ? 'suppressed' : g.reliability === 'ok' ? 'ok' : 'unstable',
      median_suppression_reason: medianReason,
      note: medianReason ? null : g.note,
    };
  });
}

/** Benefits obtained, by group and by program. */
export const impactPublication: Publication<ImpactGroup[]> = {
  name: 'impact',
  read: async (c: DuckDBConnection) => query<ImpactGroup>(c, `
    SELECT i.*, coalesce(d.benefit_whole_usd_sum, 0) AS whole_usd_sum, coalesce(d.largest_usd, 0) AS largest_usd, coalesce(d.second_largest_usd, 0) AS second_largest_usd
    FROM marts.impact i LEFT JOIN marts.mart_benefit_dominance d USING (dimension, group_code)
    WHERE i.dimension IN ('all', ${sqlList(IMPACT_DIMENSIONS)})
    ORDER BY i.dimension = 'all' DESC, i.dimension, i.group_code`),
  fragment: (groups, config) => impactFragment(groups, config.disclosure.k),
  files: (groups, status, config) => {
    const published = publishImpact(groups, status, config.disclosure.k);
    return [{ name: 'impact.json', body: published, rows: published.length }];
  },
};

/** For the methodology page: the rules in words. */
export const IMPACT_RULES = { sum_rounding: SUM_ROUNDING, median_rounding: MEDIAN_ROUNDING, dominance_p: DOMINANCE_P };
