// Barriers as they may be published. Two tables of counts join the one
// protection problem:
// - requests that met each barrier, by group (`with_barrier`); a group's share is
//   out of its requests, which is the funnel's own `requests` cell, so the two
//   tables are linked and an attacker cannot play one against the other;
// - closed accepted cases with and without each barrier, and the unfavourable ones
//   (`barrier_outcome`), whose margins are funnel cells: with + without = closed
//   accepted, and unfavourable with + without = closed accepted − favourable.
// Every share, ratio and p-value built from a hidden count is hidden with it.
import { ref, sumOf, type Cell, type CellStatus, type Constraint, type Fragment } from '../disclosure/index.ts';
import type { Config } from '../config.ts';
import type { BarrierAssociation, BarrierPrevalence } from '../measures/barriers.ts';
import { reliability, wilson } from '../measures/stats/index.ts';
import { cellKey } from './protect-funnel.ts';
import { DIMENSION_LABELS, groupLabel } from '../measures/labels.ts';
import { rateSuppressionReason, type FigureStatus, type SuppressionReason } from './published-rates.ts';
import type { Publication, StatusOf } from './publication.ts';
import { rows as query } from './json-rows.ts';
import { PAGE_DIMENSIONS, PAGE_PARTITIONS, sqlList } from './page-dimensions.ts';

export const WITH_BARRIER = 'with_barrier';
export const BARRIER_OUTCOME = 'barrier_outcome';
const OUTCOME_COUNTS = ['closed_with', 'unfavourable_with', 'closed_without', 'unfavourable_without'] as const;

export const barrierKey = (barrier: string, dimension: string, group: string) => `barrier=${barrier}|${cellKey(dimension, group)}`;
const outcomeKey = (barrier: string, count: string) => `barrier=${barrier}|${count}`;

export interface PublishedPrevalence {
  barrier: string; barrier_label: string; dimension: string; dimension_label: string; group_code: string; group_label: string;
  /** Requests in the group that met the barrier (a count: field name matched by the leak scanner). */
  with_barrier_count: number | null; requests: number | null;
  prevalence: number | null; prevalence_lower: number | null; prevalence_upper: number | null;
  status: FigureStatus; suppression_reason: SuppressionReason | null; reliability: string;
}

export interface PublishedAssociation {
  barrier: string; barrier_label: string;
  closed_with_count: number | null; unfavourable_with_count: number | null; closed_without_count: number | null; unfavourable_without_count: number | null;
  pooled_ratio: number | null; pooled_lower: number | null; pooled_upper: number | null; pooled_p_bh: number | null;
  adjusted_ratio: number | null; adjusted_lower: number | null; adjusted_upper: number | null; adjusted_p_bh: number | null; adjusted_for: string;
  reverses_when_adjusted: boolean | null; status: FigureStatus; suppression_reason: SuppressionReason | null;
}

export interface FunnelGroup { dimension: string; group_code: string; requests: number }

export interface BarrierData { prevalence: BarrierPrevalence[]; associations: BarrierAssociation[] }

/**
 * Every barrier × group the page shows: the mart's rows, a zero for a group that
 * never met a barrier (the mart has no row for it, and a zero is published as
 * such), and one "all cases" row per barrier (the sum over service areas, where
 * every request sits once).
 */
export function completePrevalence(prevalence: readonly BarrierPrevalence[], groups: readonly FunnelGroup[], config: Config): BarrierPrevalence[] {
  const barriers = [...new Map(prevalence.map((p) => [p.barrier, p.barrier_label]))].sort(([a], [b]) => a.localeCompare(b));
  const have = new Map(prevalence.map((p) => [barrierKey(p.barrier, p.dimension, p.group_code), p]));
  const thresholds = { minN: config.reliability.min_count, unstableRse: config.reliability.unstable_rse, veryUnstableRse: config.reliability.very_unstable_rse };
  const out: BarrierPrevalence[] = [];
  for (const [barrier, label] of barriers) {
    const overall = prevalence.filter((p) => p.barrier === barrier && p.dimension === 'service_area').reduce((s, p) => s + p.requests_with_barrier, 0);
    for (const g of groups) {
      const seen = have.get(barrierKey(barrier, g.dimension, g.group_code));
      if (seen && g.dimension !== 'all') { out.push(seen); continue; }
      const x = g.dimension === 'all' ? overall : 0;
      const ci = wilson(x, g.requests, config.measures.confidence_level);
      out.push({
        dimension: g.dimension, dimension_label: DIMENSION_LABELS[g.dimension] ?? g.dimension, group_code: g.group_code, group_label: groupLabel(g.dimension, g.group_code),
        barrier, barrier_label: label, requests_with_barrier: x, requests: g.requests,
        prevalence: ci.estimate, prevalence_lower: ci.lower, prevalence_upper: ci.upper, reliability: reliability(x, g.requests, thresholds),
      });
    }
  }
  return out;
}

export function barrierFragment({ prevalence, associations }: BarrierData): Fragment {
  const cells: Cell[] = [];
  const constraints: Constraint[] = [];
  for (const p of prevalence) cells.push({ table: WITH_BARRIER, key: barrierKey(p.barrier, p.dimension, p.group_code), value: p.requests_with_barrier });
  for (const barrier of new Set(prevalence.map((p) => p.barrier))) {
    for (const dimension of PAGE_PARTITIONS) {
      const parts = prevalence.filter((p) => p.barrier === barrier && p.dimension === dimension);
      if (parts.length) {
        constraints.push(sumOf(ref(WITH_BARRIER, barrierKey(barrier, 'all', 'all')), parts.map((p) => ref(WITH_BARRIER, barrierKey(barrier, dimension, p.group_code))), `requests with ${barrier} by ${dimension}`));
      }
    }
  }
  const closed = ref('closed_accepted', cellKey('all', 'all'));
  const favourable = ref('favourable', cellKey('all', 'all'));
  for (const a of associations) {
    for (const c of OUTCOME_COUNTS) cells.push({ table: BARRIER_OUTCOME, key: outcomeKey(a.barrier, c), value: a[c] });
    const at = (c: string) => ref(BARRIER_OUTCOME, outcomeKey(a.barrier, c));
    constraints.push(sumOf(closed, [at('closed_with'), at('closed_without')], `closed accepted with and without ${a.barrier}`));
    // Unfavourable = closed − favourable: with + without + favourable = closed.
    constraints.push(sumOf(closed, [at('unfavourable_with'), at('unfavourable_without'), favourable], `unfavourable with and without ${a.barrier}`));
  }
  return { cells, constraints };
}

const hidden = (s: CellStatus) => s.state === 'suppressed';

export function publishPrevalence(prevalence: readonly BarrierPrevalence[], status: StatusOf): PublishedPrevalence[] {
  return prevalence.map((p) => {
    const num = status(WITH_BARRIER, barrierKey(p.barrier, p.dimension, p.group_code));
    const den = status('requests', cellKey(p.dimension, p.group_code));
    const off = hidden(num) || hidden(den);
    return {
      barrier: p.barrier, barrier_label: p.barrier_label, dimension: p.dimension, dimension_label: p.dimension_label, group_code: p.group_code, group_label: p.group_label,
      with_barrier_count: hidden(num) ? null : p.requests_with_barrier, requests: hidden(den) ? null : p.requests,
      prevalence: off ? null : p.prevalence, prevalence_lower: off ? null : p.prevalence_lower, prevalence_upper: off ? null : p.prevalence_upper,
      status: off ? 'suppressed' : p.reliability === 'ok' ? 'ok' : 'unstable', suppression_reason: rateSuppressionReason(num, den), reliability: off ? 'suppressed' : p.reliability,
    };
  });
}

export function publishAssociations(associations: readonly BarrierAssociation[], status: StatusOf, minCount: number): PublishedAssociation[] {
  return associations.map((a) => {
    const s = Object.fromEntries(OUTCOME_COUNTS.map((c) => [c, status(BARRIER_OUTCOME, outcomeKey(a.barrier, c))])) as Record<(typeof OUTCOME_COUNTS)[number], CellStatus>;
    const show = (c: (typeof OUTCOME_COUNTS)[number]) => (hidden(s[c]) ? null : a[c]);
    // The ratio rests on all four counts; the within-area ratio on the same cases split by area.
    const off = OUTCOME_COUNTS.some((c) => hidden(s[c]));
    const denominatorHidden = hidden(s.closed_with) || hidden(s.closed_without);
    const reason: SuppressionReason | null = !off ? null : denominatorHidden
      ? (s.closed_with.reason === 'primary' || s.closed_without.reason === 'primary' ? 'small_denominator' : 'complementary')
      : (OUTCOME_COUNTS.some((c) => s[c].reason === 'primary') ? 'primary' : 'complementary');
    const unstable = Math.min(a.closed_with, a.closed_without) < minCount;
    return {
      barrier: a.barrier, barrier_label: a.barrier_label,
      closed_with_count: show('closed_with'), unfavourable_with_count: show('unfavourable_with'), closed_without_count: show('closed_without'), unfavourable_without_count: show('unfavourable_without'),
      pooled_ratio: off ? null : a.pooled_ratio, pooled_lower: off ? null : a.pooled_lower, pooled_upper: off ? null : a.pooled_upper, pooled_p_bh: off ? null : a.pooled_p_bh,
      adjusted_ratio: off ? null : a.adjusted_ratio, adjusted_lower: off ? null : a.adjusted_lower, adjusted_upper: off ? null : a.adjusted_upper, adjusted_p_bh: off ? null : a.adjusted_p_bh,
      adjusted_for: a.adjusted_for, reverses_when_adjusted: off ? null : a.reverses_when_adjusted,
      status: off ? 'suppressed' : unstable ? 'unstable' : 'ok', suppression_reason: reason,
    };
  });
}

/** Barriers page: prevalence by group, and each barrier's association with an unfavourable outcome. */
export const barriersPublication: Publication<BarrierData> = {
  name: 'barriers',
  read: async (c, config) => {
    const prevalence = await query<BarrierPrevalence>(c, `SELECT * FROM marts.barrier_prevalence WHERE dimension IN (${sqlList(PAGE_DIMENSIONS)}) ORDER BY barrier, dimension, group_code`);
    const groups = await query<FunnelGroup>(c, `SELECT dimension, group_code, requests FROM marts.mart_funnel_counts WHERE dimension IN ('all', ${sqlList(PAGE_DIMENSIONS)}) ORDER BY dimension = 'all' DESC, dimension, group_code`);
    return {
      prevalence: completePrevalence(prevalence, groups, config),
      associations: await query<BarrierAssociation>(c, `SELECT * FROM marts.barrier_associations ORDER BY barrier`),
    };
  },
  fragment: (data) => barrierFragment(data),
  files: ({ prevalence, associations }, status, config) => {
    const p = publishPrevalence(prevalence, status);
    const a = publishAssociations(associations, status, config.reliability.min_count);
    return [
      { name: 'barrier_prevalence.json', body: p, rows: p.length },
      { name: 'barrier_associations.json', body: a, rows: a.length },
    ];
  },
};
