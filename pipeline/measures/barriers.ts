// Barriers: how often each group meets each barrier (prevalence with its
// interval), and how each barrier is associated with an unfavourable outcome,
// pooled and within service area (Mantel-Haenszel), with BH across barriers.
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Config } from '../config.ts';
import { BARRIER } from '../contract/index.ts';
import { benjaminiHochberg, mantelHaenszelRateRatio, proportionTest, rateRatio, reliability, wilson } from './stats/index.ts';
import { DIMENSION_LABELS, groupLabel } from './labels.ts';
import { writeTable, type Columns } from './table-writer.ts';

export interface BarrierAssociation {
  barrier: string; barrier_label: string;
  closed_with: number; unfavourable_with: number; closed_without: number; unfavourable_without: number;
  pooled_ratio: number | null; pooled_lower: number | null; pooled_upper: number | null; pooled_p: number | null; pooled_p_bh: number | null;
  adjusted_ratio: number | null; adjusted_lower: number | null; adjusted_upper: number | null; adjusted_p: number | null; adjusted_p_bh: number | null;
  adjusted_for: string; reverses_when_adjusted: boolean;
}

export interface BarrierPrevalence {
  dimension: string; dimension_label: string; group_code: string; group_label: string; barrier: string; barrier_label: string;
  requests_with_barrier: number; requests: number; prevalence: number | null; prevalence_lower: number | null; prevalence_upper: number | null; reliability: string;
}

const ASSOCIATION_COLUMNS: Columns<BarrierAssociation> = {
  barrier: 'VARCHAR', barrier_label: 'VARCHAR', closed_with: 'BIGINT', unfavourable_with: 'BIGINT', closed_without: 'BIGINT', unfavourable_without: 'BIGINT',
  pooled_ratio: 'DOUBLE', pooled_lower: 'DOUBLE', pooled_upper: 'DOUBLE', pooled_p: 'DOUBLE', pooled_p_bh: 'DOUBLE',
  adjusted_ratio: 'DOUBLE', adjusted_lower: 'DOUBLE', adjusted_upper: 'DOUBLE', adjusted_p: 'DOUBLE', adjusted_p_bh: 'DOUBLE',
  adjusted_for: 'VARCHAR', reverses_when_adjusted: 'BOOLEAN',
};
const PREVALENCE_COLUMNS: Columns<BarrierPrevalence> = {
  dimension: 'VARCHAR', dimension_label: 'VARCHAR', group_code: 'VARCHAR', group_label: 'VARCHAR', barrier: 'VARCHAR', barrier_label: 'VARCHAR',
  requests_with_barrier: 'BIGINT', requests: 'BIGINT', prevalence: 'DOUBLE', prevalence_lower: 'DOUBLE', prevalence_upper: 'DOUBLE', reliability: 'VARCHAR',
};

interface StratumRow { barrier: string; service_area: string; closed_with: number; unfavourable_with: number; closed_without: number; unfavourable_without: number }

export function computeBarrierAssociations(strata: readonly StratumRow[], config: Config): BarrierAssociation[] {
  const level = config.measures.confidence_level;
  const barriers = [...new Set(strata.map((s) => s.barrier))].sort();
  const rows = barriers.map((barrier): BarrierAssociation => {
    const mine = strata.filter((s) => s.barrier === barrier);
    const sum = (k: keyof StratumRow) => mine.reduce((t, s) => t + Number(s[k]), 0);
    const a = sum('unfavourable_with'), n1 = sum('closed_with'), b = sum('unfavourable_without'), n0 = sum('closed_without');
    const pooled = rateRatio(a, n1, b, n0, level);
    const adjusted = mantelHaenszelRateRatio(mine.map((s) => ({ a: Number(s.unfavourable_with), n1: Number(s.closed_with), b: Number(s.unfavourable_without), n0: Number(s.closed_without) })), level);
    const flips = pooled.estimate !== null && adjusted.estimate !== null && pooled.lower !== null && adjusted.lower !== null
      && ((pooled.upper! < 1 && adjusted.lower > 1) || (pooled.lower > 1 && adjusted.upper! < 1));
    return {
      barrier, barrier_label: BARRIER[barrier as keyof typeof BARRIER] ?? barrier,
      closed_with: n1, unfavourable_with: a, closed_without: n0, unfavourable_without: b,
      pooled_ratio: pooled.estimate, pooled_lower: pooled.lower, pooled_upper: pooled.upper, pooled_p: proportionTest(a, n1, b, n0).p, pooled_p_bh: null,
      adjusted_ratio: adjusted.estimate, adjusted_lower: adjusted.lower, adjusted_upper: adjusted.upper, adjusted_p: adjusted.p, adjusted_p_bh: null,
      adjusted_for: 'service area', reverses_when_adjusted: flips,
    };
  });
  // One family each: every barrier tested pooled, and every barrier tested within service area.
  const pooledBh = benjaminiHochberg(rows.map((r) => r.pooled_p));
  const adjustedBh = benjaminiHochberg(rows.map((r) => r.adjusted_p));
  rows.forEach((r, i) => { r.pooled_p_bh = pooledBh[i]; r.adjusted_p_bh = adjustedBh[i]; });
  return rows;
}

export async function buildBarriers(c: DuckDBConnection, config: Config): Promise<number> {
  const read = async (sql: string) => (await c.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
  const strata = (await read(`SELECT * FROM marts.mart_barrier_strata ORDER BY barrier, service_area`)).map((r) => ({
    barrier: String(r.barrier), service_area: String(r.service_area), closed_with: Number(r.closed_with), unfavourable_with: Number(r.unfavourable_with),
    closed_without: Number(r.closed_without), unfavourable_without: Number(r.unfavourable_without),
  }));
  const associations = computeBarrierAssociations(strata, config);
  await writeTable(c, 'marts', 'barrier_associations', ASSOCIATION_COLUMNS, associations);

  const thresholds = { minN: config.reliability.min_count, unstableRse: config.reliability.unstable_rse, veryUnstableRse: config.reliability.very_unstable_rse };
  const prevalence = (await read(
    `SELECT p.dimension, p.group_code, p.barrier, p.requests_with_barrier, f.requests FROM marts.mart_barrier_prevalence p
     JOIN marts.mart_funnel_counts f USING (dimension, group_code) ORDER BY 1, 2, 3`)).map((r): BarrierPrevalence => {
    const x = Number(r.requests_with_barrier), n = Number(r.requests), ci = wilson(x, n, config.measures.confidence_level);
    const dimension = String(r.dimension), group = String(r.group_code), barrier = String(r.barrier);
    return {
      dimension, dimension_label: DIMENSION_LABELS[dimension] ?? dimension, group_code: group, group_label: groupLabel(dimension, group),
      barrier, barrier_label: BARRIER[barrier as keyof typeof BARRIER] ?? barrier, requests_with_barrier: x, requests: n,
      prevalence: ci.estimate, prevalence_lower: ci.lower, prevalence_upper: ci.upper, reliability: reliability(x, n, thresholds),
    };
  });
  await writeTable(c, 'marts', 'barrier_prevalence', PREVALENCE_COLUMNS, prevalence);
  return associations.length + prevalence.length;
}
