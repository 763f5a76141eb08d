// Time to resolution of accepted cases by group: Kaplan-Meier with open cases
// censored at the as-of day, the median and 75th/90th percentile days with
// their intervals, and the curves for charts.
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Config } from '../config.ts';
import { kaplanMeierFromCounts, kmQuantile } from './stats/index.ts';
import { DIMENSION_LABELS, groupLabel } from './labels.ts';
import { writeTable, type Columns } from './table-writer.ts';

export interface ResolutionTime {
  dimension: string; dimension_label: string; group_code: string; group_label: string;
  accepted_cases: number; closed_cases: number; open_cases: number;
  median_days: number | null; median_lower: number | null; median_upper: number | null;
  p75_days: number | null; p75_lower: number | null; p75_upper: number | null;
  p90_days: number | null; p90_lower: number | null; p90_upper: number | null;
}
export interface CurvePoint { dimension: string; group_code: string; days: number; at_risk: number; closed: number; share_open: number; lower: number | null; upper: number | null }

const TIME_COLUMNS: Columns<ResolutionTime> = {
  dimension: 'VARCHAR', dimension_label: 'VARCHAR', group_code: 'VARCHAR', group_label: 'VARCHAR', accepted_cases: 'BIGINT', closed_cases: 'BIGINT', open_cases: 'BIGINT',
  median_days: 'DOUBLE', median_lower: 'DOUBLE', median_upper: 'DOUBLE', p75_days: 'DOUBLE', p75_lower: 'DOUBLE', p75_upper: 'DOUBLE',
  p90_days: 'DOUBLE', p90_lower: 'DOUBLE', p90_upper: 'DOUBLE',
};
const CURVE_COLUMNS: Columns<CurvePoint> = {
  dimension: 'VARCHAR', group_code: 'VARCHAR', days: 'BIGINT', at_risk: 'BIGINT', closed: 'BIGINT', share_open: 'DOUBLE', lower: 'DOUBLE', upper: 'DOUBLE',
};

interface Row { dimension: string; group_code: string; days: number; closed_cases: number; open_cases: number }

/** Curves and quantiles from counts per day. */
export function computeResolution(rows: readonly Row[], level: number): { times: ResolutionTime[]; curves: CurvePoint[] } {
  const groups = new Map<string, Row[]>();
  for (const r of rows) {
    const key = `${r.dimension}\u0000${r.group_code}`;
    const list = groups.get(key);
    if (list) list.push(r); else groups.set(key, [r]);
  }
  const times: ResolutionTime[] = [];
  const curves: CurvePoint[] = [];
  for (const [key, rs] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
    const [dimension, group] = key.split('\u0000');
    const sorted = [...rs].sort((a, b) => a.days - b.days);
    const curve = kaplanMeierFromCounts(sorted.map((r) => ({ time: r.days, events: r.closed_cases, censored: r.open_cases })), level);
    const q = (p: number) => kmQuantile(curve, p);
    const [m, p75, p90] = [q(0.5), q(0.75), q(0.9)];
    const closed = rs.reduce((n, r) => n + r.closed_cases, 0), accepted = rs.reduce((n, r) => n + r.closed_cases + r.open_cases, 0);
    times.push({
      dimension, dimension_label: DIMENSION_LABELS[dimension] ?? dimension, group_code: group, group_label: groupLabel(dimension, group),
      accepted_cases: accepted, closed_cases: closed, open_cases: accepted - closed,
      median_days: m.estimate, median_lower: m.lower, median_upper: m.upper, p75_days: p75.estimate, p75_lower: p75.lower, p75_upper: p75.upper,
      p90_days: p90.estimate, p90_lower: p90.lower, p90_upper: p90.upper,
    });
    for (const p of curve) curves.push({ dimension, group_code: group, days: p.time, at_risk: p.atRisk, closed: p.events, share_open: p.survival, lower: p.lower, upper: p.upper });
  }
  return { times, curves };
}

export async function buildResolution(c: DuckDBConnection, config: Config): Promise<number> {
  const rows = ((await c.runAndReadAll(`SELECT * FROM marts.mart_resolution_times ORDER BY dimension, group_code, days`)).getRowObjectsJS() as Record<string, unknown>[]).map((r) => ({
    dimension: String(r.dimension), group_code: String(r.group_code), days: Number(r.days), closed_cases: Number(r.closed_cases), open_cases: Number(r.open_cases),
  }));
  const { times, curves } = computeResolution(rows, config.measures.confidence_level);
  await writeTable(c, 'marts', 'time_to_resolution', TIME_COLUMNS, times);
  await writeTable(c, 'marts', 'resolution_curves', CURVE_COLUMNS, curves);
  return times.length + curves.length;
}
