// Intersections (favourable outcome of closed cases by each pair of breakdowns)
// as they may be published, protected with everything else. Each pair is a
// two-way table of two counts, closed accepted and favourable, whose margins an
// attacker already has: the one-way funnel cells of group_rates. So:
// - when B is single-valued (every case in exactly one group), for each a the
//   cells (a, b) add up to the one-way count of a, and likewise over a when A is;
// - race and gender "alone or in combination" put a case in several groups, so a
//   sum over their groups is no equation (only primary suppression applies there,
//   as in protect-funnel.ts); the sum over the other, single-valued breakdown is.
// A cell of a breakdown by service area is the count a service area's page shows
// for that group: it is the same cell (same key) as the scopes publication's.
import type { DuckDBConnection } from '@duckdb/node-api';
import { ref, type Cell, type CellRef, type CellStatus, type Constraint } from '../disclosure/index.ts';
import type { Intersection } from '../measures/intersections.ts';
import { PARTITION_DIMENSIONS } from '../model/tests.ts';
import { rows as query } from './json-rows.ts';
import { cellKey } from './protect-funnel.ts';
import type { Publication, PublicationFragment, StatusOf } from './publication.ts';
import { isSmallSlice, poolTwoWay } from './small-slices.ts';
import { rateSuppressionReason, type FigureStatus, type SuppressionReason } from './published-rates.ts';

/** The two counts behind an intersection's rate: the funnel's own count tables. */
const COUNTS = ['closed_accepted', 'favourable'] as const;
const partition = new Set<string>(PARTITION_DIMENSIONS);

/**
 * The key of cell (a, b): the count of group b within the cases of group a, as a
 * scope's page would key it; with service area, the service area is the scope.
 */
export function intersectionKey(dimensionA: string, groupA: string, dimensionB: string, groupB: string): string {
  return dimensionB === 'service_area' ? cellKey(dimensionA, groupA, `service_area=${groupB}`) : cellKey(dimensionB, groupB, `${dimensionA}=${groupA}`);
}

type PairCell = Pick<Intersection, 'dimension_a' | 'group_a' | 'dimension_b' | 'group_b' | 'numerator' | 'denominator'>;

/**
 * The counts of every pair as cells, with the margins an attacker knows (the
 * one-way funnel cells). A cell is shown only when both its groups have at least
 * `minRequests` requests (`requests`: every group's, from the one-way funnel);
 * the others are withheld and pooled (small-slices.ts). Within a service area
 * the groups follow the service area's page, which shows them all: only the
 * service area's own size counts.
 */
export function intersectionFragment(rows: readonly PairCell[], { requests = new Map<string, number>(), minRequests = 0 }: { requests?: ReadonlyMap<string, number>; minRequests?: number } = {}): PublicationFragment {
  const cells: Cell[] = [];
  const constraints: Constraint[] = [];
  const withheld: CellRef[] = [];
  const value = (r: PairCell, column: string) => (column === 'closed_accepted' ? r.denominator : r.numerator);
  const pairs = new Map<string, PairCell[]>();
  for (const r of rows) {
    const pair = `${r.dimension_a}|${r.dimension_b}`;
    if (!pairs.has(pair)) pairs.set(pair, []);
    pairs.get(pair)!.push(r);
  }
  const small = (dimension: string, group: string) => isSmallSlice(requests.get(`${dimension}|${group}`) ?? Infinity, minRequests);
  for (const [pair, members] of pairs) {
    const [da, db] = pair.split('|');
    const byCell = new Map(members.map((r) => [`${r.group_a}\u0000${r.group_b}`, r]));
    const pooled = poolTwoWay({
      name: `${da} × ${db}`, tables: COUNTS, rows: [...new Set(members.map((r) => r.group_a))], cols: [...new Set(members.map((r) => r.group_b))],
      key: (a, b) => intersectionKey(da, a, db, b),
      value: (table, a, b) => { const r = byCell.get(`${a}\u0000${b}`); return r ? value(r, table) : undefined; },
      // Summing over a single-valued breakdown gives the other's one-way count.
      rowTotal: partition.has(db) ? (table, a) => ref(table, cellKey(da, a)) : undefined,
      colTotal: partition.has(da) ? (table, b) => ref(table, cellKey(db, b)) : undefined,
      // With a service area on either side, only the service area's size counts: its page shows every group.
      smallRow: (a) => db !== 'service_area' && small(da, a),
      smallCol: (b) => da !== 'service_area' && small(db, b),
      label: (table, side, g) => (side === 'row' ? `${table} ${da}=${g} = sum over ${db}` : `${table} ${db}=${g} = sum over ${da}`),
    });
    cells.push(...pooled.cells);
    constraints.push(...pooled.constraints);
    withheld.push(...pooled.withheld!);
  }
  return { cells, constraints, withheld };
}

export interface PublishedIntersection {
  dimension_a: string; dimension_a_label: string; group_a: string; group_a_label: string;
  dimension_b: string; dimension_b_label: string; group_b: string; group_b_label: string;
  measure: string; numerator: number | null; denominator: number | null;
  rate: number | null; rate_lower: number | null; rate_upper: number | null; confidence_level: number;
  rate_status: FigureStatus; suppression_reason: SuppressionReason | null; reliability: string;
  is_reference: boolean; reference_group_a: string | null; reference_group_b: string | null;
  rate_ratio: number | null; ratio_lower: number | null; ratio_upper: number | null; ratio_status: FigureStatus | 'not_compared'; ratio_suppression_reason: SuppressionReason | null;
  test_method: string | null; p_value: number | null; p_adjusted: number | null;
  adjusted_ratio: number | null; adjusted_lower: number | null; adjusted_upper: number | null; adjusted_p_bh: number | null; adjusted_for: string | null;
  comparison_family: string; note: string | null;
}

const hidden = (s: CellStatus) => s.state === 'suppressed';

/** Every rate, ratio and p-value built from a hidden count is hidden with it; a ratio whose reference cell is hidden too. */
export function publishIntersections(rows: readonly Intersection[], status: StatusOf): PublishedIntersection[] {
  const statusOf = (r: Pick<Intersection, 'dimension_a' | 'group_a' | 'dimension_b' | 'group_b'>) => {
    const key = intersectionKey(r.dimension_a, r.group_a, r.dimension_b, r.group_b);
    return { num: status('favourable', key), den: status('closed_accepted', key) };
  };
  const byCell = new Map(rows.map((r) => [`${r.dimension_a}|${r.dimension_b}|${r.group_a}|${r.group_b}`, r]));
  return rows.map((r) => {
    const { num, den } = statusOf(r);
    const rateHidden = hidden(num) || hidden(den);
    const reason = rateSuppressionReason(num, den);
    const rateStatus: FigureStatus = rateHidden ? 'suppressed' : r.reliability === 'ok' ? 'ok' : 'unstable';
    let ratioStatus: PublishedIntersection['ratio_status'] = r.rate_ratio === null ? 'not_compared' : rateStatus;
    let ratioReason: SuppressionReason | null = rateHidden ? reason : null;
    const ref = r.reference_group_a !== null && r.reference_group_b !== null ? byCell.get(`${r.dimension_a}|${r.dimension_b}|${r.reference_group_a}|${r.reference_group_b}`) : undefined;
    if (r.rate_ratio !== null && !r.is_reference && ref && !rateHidden) {
      const s = statusOf(ref);
      if (hidden(s.num) || hidden(s.den)) { ratioStatus = 'suppressed'; ratioReason = 'reference_suppressed'; }
      else if (ref.reliability !== 'ok') ratioStatus = 'unstable';
    }
    const off = ratioStatus === 'suppressed';
    return {
      dimension_a: r.dimension_a, dimension_a_label: r.dimension_a_label, group_a: r.group_a, group_a_label: r.group_a_label,
      dimension_b: r.dimension_b, dimension_b_label: r.dimension_b_label, group_b: r.group_b, group_b_label: r.group_b_label,
      measure: r.measure, numerator: hidden(num) ? null : r.numerator, denominator: hidden(den) ? null : r.denominator,
      rate: rateHidden ? null : r.rate, rate_lower: rateHidden ? null : r.rate_lower, rate_upper: rateHidden ? null : r.rate_upper, confidence_level: r.confidence_level,
      rate_status: rateStatus, suppression_reason: reason, reliability: rateHidden ? 'suppressed' : r.reliability,
      is_reference: r.is_reference, reference_group_a: r.reference_group_a, reference_group_b: r.reference_group_b,
      rate_ratio: off ? null : r.rate_ratio, ratio_lower: off ? null : r.ratio_lower, ratio_upper: off ? null : r.ratio_upper,
      ratio_status: ratioStatus, ratio_suppression_reason: off ? ratioReason : null,
      test_method: off ? null : r.test_method, p_value: off ? null : r.p_value, p_adjusted: off ? null : r.p_adjusted,
      adjusted_ratio: off ? null : r.adjusted_ratio, adjusted_lower: off ? null : r.adjusted_lower, adjusted_upper: off ? null : r.adjusted_upper,
      adjusted_p_bh: off ? null : r.adjusted_p_bh, adjusted_for: r.adjusted_for, comparison_family: r.comparison_family, note: r.note,
    };
  });
}

/** Outcomes page: the favourable rate in every intersection of two breakdowns. */
export const intersectionsPublication: Publication<{ rows: Intersection[]; requests: Map<string, number> }> = {
  name: 'intersections',
  read: async (c: DuckDBConnection) => ({
    rows: await query<Intersection>(c, `SELECT * FROM marts.intersections ORDER BY dimension_a, dimension_b, group_a, group_b`),
    requests: new Map((await query<{ dimension: string; group_code: string; requests: number }>(c, `SELECT dimension, group_code, requests FROM marts.mart_funnel_counts`)).map((r) => [`${r.dimension}|${r.group_code}`, r.requests])),
  }),
  fragment: ({ rows, requests }, config) => intersectionFragment(rows, { requests, minRequests: config.disclosure.min_slice_requests }),
  files: ({ rows }, status) => {
    const published = publishIntersections(rows, status);
    return [{ name: 'intersections.json', body: published, rows: published.length }];
  },
};
