// Time to resolution as it may be published. A Kaplan–Meier curve steps down at
// every day a case closed, and the size of each step together with the group's
// published number of accepted cases gives the number of closings that day: a
// full curve publishes a count per day. So a curve is published only
// - for a group whose number of accepted cases is itself published,
// - on a coarse grid of days (GRID_DAYS), while at least k cases are still open,
// - with grid points merged until every stretch between published points (from
//   the start to the first point, between points, and after the last point)
//   holds either no closing or at least k closings (`coarseGrid`).
// The medians and percentiles are published for the same groups only.
// Group curves are linked through the total (closings of all cases on a stretch
// = Σ groups'): a group whose curve is not drawn because its accepted count is
// hidden has at least one other hidden group in the same breakdown
// (complementary suppression of `accepted`), so only their combined closings can
// be worked out, never one hidden group's.
import type { CellStatus } from '../disclosure/index.ts';
import { computeResolution, type CurvePoint, type ResolutionTime } from '../measures/resolution.ts';
import { cellKey } from './protect-funnel.ts';
import type { FigureStatus, SuppressionReason } from './published-rates.ts';
import type { Publication, StatusOf } from './publication.ts';
import { rows as query } from './json-rows.ts';
import { PAGE_DIMENSIONS, sqlList } from './page-dimensions.ts';

/** Days at which a curve may be published (a week, two, a month, two, a quarter, half a year, a year). */
export const GRID_DAYS = [0, 7, 14, 30, 60, 90, 180, 365] as const;

/** Accepted cases of one group that closed, or were still open, after `days` days. */
export interface DayCount { days: number; closed_cases: number; open_cases: number }

/**
 * The grid days at which a group's curve may be published: only days with at
 * least k cases still at risk (time ≥ day), merged so that the closings from the
 * start to the first kept day, between kept days, and after the last kept day
 * are each 0 or ≥ k. Greedy from the start; then kept days are dropped from the
 * end while the closings after the last one are 1..k−1 (dropping one adds its
 * stretch to the tail, which only grows). An empty result: no curve.
 */
export function coarseGrid(counts: readonly DayCount[], k: number, grid: readonly number[] = GRID_DAYS): number[] {
  const closedIn = (after: number, upTo: number) => counts.reduce((s, c) => s + (c.days > after && c.days <= upTo ? c.closed_cases : 0), 0);
  const atRisk = (day: number) => counts.reduce((s, c) => s + (c.days >= day ? c.closed_cases + c.open_cases : 0), 0);
  const safe = (n: number) => n === 0 || n >= k;
  const kept: number[] = [];
  let last = -Infinity;
  for (const day of grid) {
    if (atRisk(day) < k) break;
    if (safe(closedIn(last, day))) { kept.push(day); last = day; }
  }
  while (kept.length && !safe(closedIn(kept[kept.length - 1], Infinity))) kept.pop();
  return kept;
}

/** The curve's value at `day`: the last step at or before it (1 before the first closing). */
export function valueAt(points: readonly CurvePoint[], day: number): { share_open: number; lower: number | null; upper: number | null } {
  let at: CurvePoint | undefined;
  for (const p of points) {
    if (p.days <= day) at = p;
    else break;
  }
  return at ? { share_open: at.share_open, lower: at.lower, upper: at.upper } : { share_open: 1, lower: null, upper: null };
}

export interface PublishedResolution {
  dimension: string; dimension_label: string; group_code: string; group_label: string;
  accepted: number | null;
  median_days: number | null; median_lower: number | null; median_upper: number | null;
  p75_days: number | null; p75_lower: number | null; p75_upper: number | null;
  p90_days: number | null; p90_lower: number | null; p90_upper: number | null;
  status: FigureStatus; suppression_reason: SuppressionReason | null;
  /** `full`: every grid day; `coarser`: grid days merged or cut where few cases remain; `suppressed`: no curve. */
  curve: 'full' | 'coarser' | 'suppressed';
}
export interface PublishedCurvePoint { dimension: string; group_code: string; days: number; share_open: number; lower: number | null; upper: number | null }

export interface ResolutionData { times: ResolutionTime[]; curves: CurvePoint[]; counts: (DayCount & { dimension: string; group_code: string })[] }

const hidden = (s: CellStatus) => s.state === 'suppressed';
const groupKey = (dimension: string, group: string) => `${dimension}\u0000${group}`;

function byGroup<T extends { dimension: string; group_code: string }>(rows: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const key = groupKey(r.dimension, r.group_code);
    const list = out.get(key);
    if (list) list.push(r); else out.set(key, [r]);
  }
  return out;
}

export function publishResolution(data: ResolutionData, status: StatusOf, k: number, minCount: number): { times: PublishedResolution[]; curves: PublishedCurvePoint[] } {
  const counts = byGroup(data.counts);
  const curves = byGroup(data.curves);
  const times: PublishedResolution[] = [];
  const points: PublishedCurvePoint[] = [];
  for (const t of data.times) {
    const accepted = status('accepted', cellKey(t.dimension, t.group_code));
    const off = hidden(accepted);
    const grid = off ? [] : coarseGrid(counts.get(groupKey(t.dimension, t.group_code)) ?? [], k);
    const curve = curves.get(groupKey(t.dimension, t.group_code)) ?? [];
    for (const day of grid) points.push({ dimension: t.dimension, group_code: t.group_code, days: day, ...valueAt(curve, day) });
    const q = (v: number | null) => (off ? null : v);
    times.push({
      dimension: t.dimension, dimension_label: t.dimension_label, group_code: t.group_code, group_label: t.group_label,
      accepted: off ? null : t.accepted_cases,
      median_days: q(t.median_days), median_lower: q(t.median_lower), median_upper: q(t.median_upper),
      p75_days: q(t.p75_days), p75_lower: q(t.p75_lower), p75_upper: q(t.p75_upper),
      p90_days: q(t.p90_days), p90_lower: q(t.p90_lower), p90_upper: q(t.p90_upper),
      status: off ? 'suppressed' : t.accepted_cases < minCount ? 'unstable' : 'ok',
      suppression_reason: off ? (accepted.reason === 'primary' ? 'small_denominator' : 'complementary') : null,
      curve: grid.length === 0 ? 'suppressed' : grid.length === GRID_DAYS.length ? 'full' : 'coarser',
    });
  }
  return { times, curves: points };
}

/** Time to resolution page: curves on the coarse grid and quantiles, by group and for all cases. */
export const resolutionPublication: Publication<ResolutionData> = {
  name: 'time_to_resolution',
  read: async (c, config) => {
    const dims = sqlList(PAGE_DIMENSIONS);
    const times = await query<ResolutionTime>(c, `SELECT * FROM marts.time_to_resolution WHERE dimension IN (${dims}) ORDER BY dimension, group_code`);
    const curves = await query<CurvePoint>(c, `SELECT * FROM marts.resolution_curves WHERE dimension IN (${dims}) ORDER BY dimension, group_code, days`);
    const counts = await query<DayCount & { dimension: string; group_code: string }>(c,
      `SELECT dimension, group_code, days, closed_cases, open_cases FROM marts.mart_resolution_times WHERE dimension IN (${dims}) ORDER BY dimension, group_code, days`);
    // All cases: the sum over service areas (each accepted case sits in one), estimated the same way as the groups.
    const all = counts.filter((r) => r.dimension === 'service_area').reduce((m, r) => {
      const day = m.get(r.days) ?? { dimension: 'all', group_code: 'all', days: r.days, closed_cases: 0, open_cases: 0 };
      day.closed_cases += r.closed_cases; day.open_cases += r.open_cases;
      return m.set(r.days, day);
    }, new Map<number, DayCount & { dimension: string; group_code: string }>());
    const overall = [...all.values()].sort((a, b) => a.days - b.days);
    const computed = computeResolution(overall, config.measures.confidence_level);
    return { times: [...computed.times, ...times], curves: [...computed.curves, ...curves], counts: [...overall, ...counts] };
  },
  // Nothing new to protect: the only count shown is each group's accepted cases, a funnel cell.
  fragment: () => ({ cells: [], constraints: [] }),
  files: (data, status, config) => {
    const { times, curves } = publishResolution(data, status, config.disclosure.k, config.reliability.min_count);
    return [
      { name: 'resolution_times.json', body: times, rows: times.length },
      { name: 'resolution_curves.json', body: curves, rows: curves.length },
    ];
  },
};
