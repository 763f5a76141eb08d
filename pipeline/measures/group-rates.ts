// Rates by group at each stage of the service funnel, with their intervals,
// reliability, and the disparity of each group against a stated reference group
// (relative rate with Katz interval, two-proportion z or Fisher's exact test, and
// Benjamini-Hochberg adjustment within each family of comparisons).
// The favourable-outcome rate is the funnel's last stage.
import type { DuckDBConnection } from '@duckdb/node-api';
import { benjaminiHochberg, mantelHaenszelRateRatio, proportionTest, rateRatio, reliability, wilson } from './stats/index.ts';
import type { Config } from '../config.ts';
import { chooseReference, referenceRuleFor } from './reference.ts';
import { DIMENSION_LABELS, MISSING_GROUPS, groupLabel } from './labels.ts';
import { writeTable, type Columns } from './table-writer.ts';

/** A rate: numerator and denominator name counts of a group's row; `better` says which way a reference is "best off". */
export interface RateMeasure<C extends string> { id: string; label: string; numerator: C; denominator: C; better: 'higher' | 'lower' }

/** Funnel stages: each rate's denominator is the stage that feeds it. */
export const MEASURES = [
  { id: 'accepted_of_requests', label: 'Accepted', numerator: 'accepted', denominator: 'requests', better: 'higher' },
  { id: 'turned_away_capacity_of_requests', label: 'Turned away for lack of capacity', numerator: 'turned_away_capacity', denominator: 'requests', better: 'lower' },
  { id: 'closed_of_accepted', label: 'Closed (of accepted)', numerator: 'closed_accepted', denominator: 'accepted', better: 'higher' },
  { id: 'favourable_of_closed', label: 'Favourable outcome (of closed, accepted)', numerator: 'favourable', denominator: 'closed_accepted', better: 'higher' },
] as const satisfies readonly RateMeasure<FunnelCount>[];

/**
 * A family of rates computed over the same groups: its measures, the count that
 * sizes a group (the largest-group reference and the smallest share compared),
 * and what that count counts, for the notes.
 */
export interface RateFamily<C extends string> {
  measures: readonly RateMeasure<C>[];
  size: C;
  sizeLabel: string;
  /**
   * A reference group named in the configuration may be absent from these rows
   * (a subset of the cases, such as exits to permanent housing): then no group is
   * compared, with a note, instead of stopping the run.
   */
  namedReferenceMayBeAbsent: boolean;
}

export interface GroupRate {
  measure: string;
  measure_label: string;
  dimension: string;
  dimension_label: string;
  group_code: string;
  group_label: string;
  numerator: number;
  denominator: number;
  requests: number;
  /** Requests in the group over all requests: how much of the data a group such as not_reported is (SPD 15 asks for it). */
  share_of_requests: number | null;
  rate: number | null;
  rate_lower: number | null;
  rate_upper: number | null;
  confidence_level: number;
  reliability: string;
  is_reference: boolean;
  compared: boolean;
  reference_group: string | null;
  reference_rule: string;
  rate_ratio: number | null;
  ratio_lower: number | null;
  ratio_upper: number | null;
  ratio_corrected: boolean | null;
  test_method: string | null;
  p_value: number | null;
  p_adjusted: number | null;
  /** The disparity within service area and organisation (Mantel-Haenszel), so case mix does not pass for unequal treatment. */
  adjusted_ratio: number | null;
  adjusted_lower: number | null;
  adjusted_upper: number | null;
  adjusted_p: number | null;
  adjusted_p_bh: number | null;
  adjusted_for: string | null;
  comparison_family: string;
  note: string | null;
}

/** Breakdowns that are themselves the strata are not adjusted for them. */
const NOT_ADJUSTED = new Set(['all', 'service_area', 'organisation', 'program']);
/** The strata rows the adjustment reads: not those of the strata dimensions themselves. */
export const STRATA_DIMENSIONS = "'service_area', 'organisation', 'program'";
export const ADJUSTED_FOR = 'service area and organisation';

export interface StratumRow extends FunnelRow { service_area: string; org_id: string }

export const GROUP_RATE_COLUMNS: Columns<GroupRate> = {
  measure: 'VARCHAR', measure_label: 'VARCHAR', dimension: 'VARCHAR', dimension_label: 'VARCHAR', group_code: 'VARCHAR', group_label: 'VARCHAR',
  numerator: 'BIGINT', denominator: 'BIGINT', requests: 'BIGINT', share_of_requests: 'DOUBLE', rate: 'DOUBLE', rate_lower: 'DOUBLE', rate_upper: 'DOUBLE', confidence_level: 'DOUBLE',
  reliability: 'VARCHAR', is_reference: 'BOOLEAN', compared: 'BOOLEAN', reference_group: 'VARCHAR', reference_rule: 'VARCHAR', rate_ratio: 'DOUBLE',
  ratio_lower: 'DOUBLE', ratio_upper: 'DOUBLE', ratio_corrected: 'BOOLEAN', test_method: 'VARCHAR', p_value: 'DOUBLE', p_adjusted: 'DOUBLE',
  adjusted_ratio: 'DOUBLE', adjusted_lower: 'DOUBLE', adjusted_upper: 'DOUBLE', adjusted_p: 'DOUBLE', adjusted_p_bh: 'DOUBLE', adjusted_for: 'VARCHAR',
  comparison_family: 'VARCHAR', note: 'VARCHAR',
};

type FunnelCount = 'requests' | 'accepted' | 'turned_away_capacity' | 'closed_accepted' | 'favourable';
export type FunnelRow = CountRow<FunnelCount>;

/** One group's counts: the dimension and group, and a number per count name. */
export type CountRow<C extends string> = { dimension: string; group_code: string } & Record<C, number>;

export const FUNNEL_FAMILY: RateFamily<FunnelCount> = { measures: MEASURES, size: 'requests', sizeLabel: 'requests', namedReferenceMayBeAbsent: false };

/** `scoped`: the rates of one scope, where a named reference group may be absent (one organisation has no such client): then that breakdown is not compared. */
export function computeGroupRates(funnel: readonly FunnelRow[], config: Config, strata: readonly StratumRow[] = [], scoped = false): GroupRate[] {
  return computeRates(funnel, config, scoped ? { ...FUNNEL_FAMILY, namedReferenceMayBeAbsent: true } : FUNNEL_FAMILY, strata);
}

/**
 * Rates of every measure of `family` for every dimension and group of `counts`
 * (which holds an ('all', 'all') row), each with its interval, reliability and
 * disparity against the dimension's reference group. `requests` on the result is
 * the group's size count (`family.size`). Strata give the Mantel-Haenszel
 * adjustment; without them the adjusted columns stay empty.
 */
export function computeRates<C extends string>(counts: readonly CountRow<C>[], config: Config, family: RateFamily<C>, strata: readonly StratumRow[] = []): GroupRate[] {
  const level = config.measures.confidence_level;
  const thresholds = { minN: config.reliability.min_count, unstableRse: config.reliability.unstable_rse, veryUnstableRse: config.reliability.very_unstable_rse };
  const sizeOf = (r: CountRow<C>) => r[family.size];
  const allRow = counts.find((r) => r.dimension === 'all');
  const total = allRow ? sizeOf(allRow) : 0;
  const out: GroupRate[] = [];
  const dimensions = [...new Set(counts.map((r) => r.dimension))];
  for (const m of family.measures) {
    for (const dimension of dimensions) {
      const rows = counts.filter((r) => r.dimension === dimension);
      const comparisonFamily = `${m.id} by ${dimension}`;
      const rule = referenceRuleFor(dimension, config.measures.reference_groups);
      const candidates = rows.map((r) => ({ group: r.group_code, size: sizeOf(r), rate: r[m.denominator] > 0 ? r[m.numerator] / r[m.denominator] : null }));
      const absentNamed = family.namedReferenceMayBeAbsent && rule !== 'largest' && rule !== 'best_off' && !candidates.some((c) => c.group === rule);
      const ref = dimension === 'all' ? { group: null, rule: 'none (all cases)' }
        : absentNamed ? { group: null, rule: 'named group (configuration)', reason: `the reference group ${rule} has no ${family.sizeLabel} here: not compared` }
        : chooseReference(dimension, rule, candidates, m.better);
      const refRow = rows.find((r) => r.group_code === ref.group);
      const computed = rows.map((r): GroupRate => {
        const x = r[m.numerator], n = r[m.denominator];
        const ci = wilson(x, n, level);
        const isRef = ref.group !== null && r.group_code === ref.group;
        const share = total > 0 ? sizeOf(r) / total : 0;
        const tooSmall = share < config.measures.min_group_share;
        const base: GroupRate = {
          measure: m.id, measure_label: m.label, dimension, dimension_label: DIMENSION_LABELS[dimension] ?? dimension,
          group_code: r.group_code, group_label: groupLabel(dimension, r.group_code), numerator: x, denominator: n, requests: sizeOf(r),
          share_of_requests: total > 0 ? sizeOf(r) / total : null,
          rate: ci.estimate, rate_lower: ci.lower, rate_upper: ci.upper, confidence_level: level,
          reliability: reliability(x, n, thresholds), is_reference: isRef, compared: false,
          reference_group: ref.group, reference_rule: ref.rule, rate_ratio: null, ratio_lower: null, ratio_upper: null, ratio_corrected: null,
          test_method: null, p_value: null, p_adjusted: null,
          adjusted_ratio: null, adjusted_lower: null, adjusted_upper: null, adjusted_p: null, adjusted_p_bh: null, adjusted_for: null,
          comparison_family: comparisonFamily, note: null,
        };
        if (dimension === 'all') return base;
        if (isRef) return { ...base, rate_ratio: 1, note: 'reference group' };
        if (!refRow) return { ...base, note: ref.reason ?? 'no reference group' };
        if (tooSmall) return { ...base, note: `under ${(config.measures.min_group_share * 100).toFixed(0)}% of all ${family.sizeLabel}: not compared` };
        const rr = rateRatio(x, n, refRow[m.numerator], refRow[m.denominator], level);
        const test = proportionTest(x, n, refRow[m.numerator], refRow[m.denominator]);
        const adjusted = NOT_ADJUSTED.has(dimension) || strata.length === 0 ? null : mantelHaenszelRateRatio(stratify(strata, dimension, r.group_code, refRow.group_code, m.numerator as keyof FunnelRow, m.denominator as keyof FunnelRow), level);
        return {
          ...base, compared: rr.estimate !== null, rate_ratio: rr.estimate, ratio_lower: rr.lower, ratio_upper: rr.upper, ratio_corrected: rr.corrected,
          test_method: test.method, p_value: test.p,
          adjusted_ratio: adjusted?.estimate ?? null, adjusted_lower: adjusted?.lower ?? null, adjusted_upper: adjusted?.upper ?? null,
          adjusted_p: adjusted?.p ?? null, adjusted_for: adjusted?.estimate != null ? ADJUSTED_FOR : null,
          note: rr.reason ?? (MISSING_GROUPS.has(r.group_code) ? 'not a demographic group: shows who was not asked or did not answer' : null),
        };
      });
      // One family per measure and breakdown: every group compared with the same reference.
      const adjusted = benjaminiHochberg(computed.map((c) => (c.compared ? c.p_value : null)));
      const adjustedMh = benjaminiHochberg(computed.map((c) => (c.compared ? c.adjusted_p : null)));
      computed.forEach((c, i) => { c.p_adjusted = adjusted[i]; c.adjusted_p_bh = adjustedMh[i]; });
      out.push(...computed);
    }
  }
  return out;
}

/** The group and the reference side by side in each stratum (service area × organisation) where either occurs. */
function stratify(strata: readonly StratumRow[], dimension: string, group: string, reference: string, num: keyof FunnelRow, den: keyof FunnelRow) {
  const cells = new Map<string, { a: number; n1: number; b: number; n0: number }>();
  for (const s of strata) {
    if (s.dimension !== dimension || (s.group_code !== group && s.group_code !== reference)) continue;
    const key = `${s.service_area}|${s.org_id}`;
    const cell = cells.get(key) ?? { a: 0, n1: 0, b: 0, n0: 0 };
    if (s.group_code === group) { cell.a = Number(s[num]); cell.n1 = Number(s[den]); } else { cell.b = Number(s[num]); cell.n0 = Number(s[den]); }
    cells.set(key, cell);
  }
  return [...cells.values()];
}

/** A funnel row as read from a mart (BIGINT counts come back as bigint). */
export function funnelRow(r: Record<string, unknown>): FunnelRow {
  return {
    dimension: String(r.dimension), group_code: String(r.group_code), requests: Number(r.requests), accepted: Number(r.accepted),
    turned_away_capacity: Number(r.turned_away_capacity), closed_accepted: Number(r.closed_accepted), favourable: Number(r.favourable),
  };
}

export function stratumRow(r: Record<string, unknown>): StratumRow {
  return { ...funnelRow(r), service_area: String(r.service_area), org_id: String(r.org_id) };
}

export async function buildGroupRates(c: DuckDBConnection, config: Config): Promise<GroupRate[]> {
  const read = async (sql: string) => (await c.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
  const funnel = (await read(`SELECT * FROM marts.mart_funnel_counts ORDER BY dimension, group_code`)).map(funnelRow);
  // Ordered: the Mantel-Haenszel sums run in this order, and a different order changes the last bits of the estimate.
  const strata = (await read(`SELECT * FROM marts.mart_funnel_strata WHERE dimension NOT IN (${STRATA_DIMENSIONS}) ORDER BY dimension, group_code, service_area, org_id`)).map(stratumRow);
  const rows = computeGroupRates(funnel, config, strata);
  await writeTable(c, 'marts', 'group_rates', GROUP_RATE_COLUMNS, rows);
  return rows;
}
