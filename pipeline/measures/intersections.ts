// Favourable outcome of closed, accepted cases in the intersection of two
// breakdowns (race × gender, gender × age band, ... and each demographic
// breakdown × service area), with Wilson intervals and reliability, each cell
// compared with the pair's reference cell: the cell where both breakdowns are at
// their own reference group (the same groups marts.group_rates compares with,
// say White × woman). Crude rate ratio with the z or Fisher test, and the ratio
// within service area and organisation (Mantel-Haenszel) where the pair does not
// itself contain service area; Benjamini-Hochberg within each pair of breakdowns.
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Config } from '../config.ts';
import { benjaminiHochberg, mantelHaenszelRateRatio, proportionTest, rateRatio, reliability, wilson, type Stratum } from './stats/index.ts';
import { ADJUSTED_FOR } from './group-rates.ts';
import { DIMENSION_LABELS, MISSING_GROUPS, groupLabel } from './labels.ts';
import { writeTable, type Columns } from './table-writer.ts';

export interface IntersectionStratum {
  dimension_a: string; group_a: string; dimension_b: string; group_b: string; service_area: string; org_id: string; closed_accepted: number; favourable: number;
}

export interface Intersection {
  dimension_a: string; dimension_a_label: string; group_a: string; group_a_label: string;
  dimension_b: string; dimension_b_label: string; group_b: string; group_b_label: string;
  measure: string; numerator: number; denominator: number; rate: number | null; rate_lower: number | null; rate_upper: number | null;
  confidence_level: number; reliability: string; is_reference: boolean; compared: boolean; reference_group_a: string | null; reference_group_b: string | null;
  rate_ratio: number | null; ratio_lower: number | null; ratio_upper: number | null; ratio_corrected: boolean | null; test_method: string | null;
  p_value: number | null; p_adjusted: number | null;
  adjusted_ratio: number | null; adjusted_lower: number | null; adjusted_upper: number | null; adjusted_p: number | null; adjusted_p_bh: number | null; adjusted_for: string | null;
  comparison_family: string; note: string | null;
}

export const INTERSECTION_COLUMNS: Columns<Intersection> = {
  dimension_a: 'VARCHAR', dimension_a_label: 'VARCHAR', group_a: 'VARCHAR', group_a_label: 'VARCHAR',
  dimension_b: 'VARCHAR', dimension_b_label: 'VARCHAR', group_b: 'VARCHAR', group_b_label: 'VARCHAR',
  measure: 'VARCHAR', numerator: 'BIGINT', denominator: 'BIGINT', rate: 'DOUBLE', rate_lower: 'DOUBLE', rate_upper: 'DOUBLE', confidence_level: 'DOUBLE', reliability: 'VARCHAR',
  is_reference: 'BOOLEAN', compared: 'BOOLEAN', reference_group_a: 'VARCHAR', reference_group_b: 'VARCHAR', rate_ratio: 'DOUBLE', ratio_lower: 'DOUBLE', ratio_upper: 'DOUBLE',
  ratio_corrected: 'BOOLEAN', test_method: 'VARCHAR', p_value: 'DOUBLE', p_adjusted: 'DOUBLE',
  adjusted_ratio: 'DOUBLE', adjusted_lower: 'DOUBLE', adjusted_upper: 'DOUBLE', adjusted_p: 'DOUBLE', adjusted_p_bh: 'DOUBLE', adjusted_for: 'VARCHAR',
  comparison_family: 'VARCHAR', note: 'VARCHAR',
};

interface Cell { a: string; b: string; x: number; n: number; strata: Map<string, { x: number; n: number }> }

/** `references`: each breakdown's reference group (from marts.group_rates), or none. */
export function computeIntersections(strata: readonly IntersectionStratum[], references: ReadonlyMap<string, string | null>, config: Config): Intersection[] {
  const level = config.measures.confidence_level;
  const thresholds = { minN: config.reliability.min_count, unstableRse: config.reliability.unstable_rse, veryUnstableRse: config.reliability.very_unstable_rse };
  // pair -> cell -> counts, summed over strata (crude) and kept by stratum (for Mantel-Haenszel).
  const pairs = new Map<string, Map<string, Cell>>();
  for (const s of strata) {
    const pairKey = `${s.dimension_a}\u0000${s.dimension_b}`;
    const cells = pairs.get(pairKey) ?? new Map<string, Cell>();
    pairs.set(pairKey, cells);
    const cellKey = `${s.group_a}\u0000${s.group_b}`;
    const cell = cells.get(cellKey) ?? { a: s.group_a, b: s.group_b, x: 0, n: 0, strata: new Map() };
    cells.set(cellKey, cell);
    cell.x += s.favourable; cell.n += s.closed_accepted;
    cell.strata.set(`${s.service_area}\u0000${s.org_id}`, { x: s.favourable, n: s.closed_accepted });
  }
  const out: Intersection[] = [];
  for (const pairKey of [...pairs.keys()].sort()) {
    const [da, db] = pairKey.split('\u0000');
    const cells = [...pairs.get(pairKey)!.values()].sort((p, q) => p.a.localeCompare(q.a) || p.b.localeCompare(q.b));
    const total = cells.reduce((t, c) => t + c.n, 0);
    const refA = references.get(da) ?? null, refB = references.get(db) ?? null;
    const ref = refA !== null && refB !== null ? cells.find((c) => c.a === refA && c.b === refB) : undefined;
    const adjust = da !== 'service_area' && db !== 'service_area';
    const family = `favourable_of_closed by ${da} × ${db}`;
    const rows = cells.map((c): Intersection => {
      const ci = wilson(c.x, c.n, level);
      const isRef = ref !== undefined && c === ref;
      const base: Intersection = {
        dimension_a: da, dimension_a_label: DIMENSION_LABELS[da] ?? da, group_a: c.a, group_a_label: groupLabel(da, c.a),
        dimension_b: db, dimension_b_label: DIMENSION_LABELS[db] ?? db, group_b: c.b, group_b_label: groupLabel(db, c.b),
        measure: 'favourable_of_closed', numerator: c.x, denominator: c.n, rate: ci.estimate, rate_lower: ci.lower, rate_upper: ci.upper, confidence_level: level,
        reliability: reliability(c.x, c.n, thresholds), is_reference: isRef, compared: false, reference_group_a: refA, reference_group_b: refB,
        rate_ratio: null, ratio_lower: null, ratio_upper: null, ratio_corrected: null, test_method: null, p_value: null, p_adjusted: null,
        adjusted_ratio: null, adjusted_lower: null, adjusted_upper: null, adjusted_p: null, adjusted_p_bh: null, adjusted_for: null, comparison_family: family, note: null,
      };
      if (isRef) return { ...base, rate_ratio: 1, note: 'reference cell' };
      if (!ref || ref.n === 0) return { ...base, note: `no reference cell: no closed cases in ${refA ?? '(none)'} × ${refB ?? '(none)'}` };
      if (total === 0 || c.n / total < config.measures.min_group_share) {
        return { ...base, note: `under ${(config.measures.min_group_share * 100).toFixed(0)}% of the pair's closed cases: not compared` };
      }
      const rr = rateRatio(c.x, c.n, ref.x, ref.n, level);
      const test = proportionTest(c.x, c.n, ref.x, ref.n);
      let adjusted = null;
      if (adjust) {
        const st: Stratum[] = [];
        for (const [k, s] of c.strata) { const r = ref.strata.get(k); if (r) st.push({ a: s.x, n1: s.n, b: r.x, n0: r.n }); }
        adjusted = mantelHaenszelRateRatio(st, level);
      }
      return {
        ...base, compared: rr.estimate !== null, rate_ratio: rr.estimate, ratio_lower: rr.lower, ratio_upper: rr.upper, ratio_corrected: rr.corrected,
        test_method: test.method, p_value: test.p,
        adjusted_ratio: adjusted?.estimate ?? null, adjusted_lower: adjusted?.lower ?? null, adjusted_upper: adjusted?.upper ?? null, adjusted_p: adjusted?.p ?? null,
        adjusted_for: adjusted?.estimate != null ? ADJUSTED_FOR : null,
        note: rr.reason ?? (MISSING_GROUPS.has(c.a) || MISSING_GROUPS.has(c.b) ? 'not a demographic group: shows who was not asked or did not answer' : null),
      };
    });
    // One family per pair of breakdowns: every cell compared with the same reference cell.
    const crude = benjaminiHochberg(rows.map((r) => (r.compared ? r.p_value : null)));
    const mh = benjaminiHochberg(rows.map((r) => (r.compared ? r.adjusted_p : null)));
    rows.forEach((r, i) => { r.p_adjusted = crude[i]; r.adjusted_p_bh = mh[i]; });
    out.push(...rows);
  }
  return out;
}

export async function buildIntersections(c: DuckDBConnection, config: Config): Promise<number> {
  const read = async (sql: string) => (await c.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
  const strata = (await read(`SELECT * FROM marts.mart_intersection_strata ORDER BY ALL`)).map((r): IntersectionStratum => ({
    dimension_a: String(r.dimension_a), group_a: String(r.group_a), dimension_b: String(r.dimension_b), group_b: String(r.group_b),
    service_area: String(r.service_area), org_id: String(r.org_id), closed_accepted: Number(r.closed_accepted), favourable: Number(r.favourable),
  }));
  const references = new Map((await read(`SELECT DISTINCT dimension, reference_group FROM marts.group_rates WHERE measure = 'favourable_of_closed'`))
    .map((r) => [String(r.dimension), r.reference_group === null ? null : String(r.reference_group)] as const));
  const rows = computeIntersections(strata, references, config);
  await writeTable(c, 'marts', 'intersections', INTERSECTION_COLUMNS, rows);
  return rows.length;
}
