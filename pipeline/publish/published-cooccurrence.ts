// Which barriers come together, as it may be published: for each pair of
// barriers, the requests that met both (over all requests and in each service
// area), and the measure a program manager reads directly, "of the requests that
// met barrier i, the share that also met j" with a Wilson interval. Counts join
// the one protection problem: the requests that met i (the diagonal) are the
// barriers publication's own `with_barrier` cells (same key), and each pair's
// counts by service area add up to its count over all requests. A share built
// from a hidden count is hidden with it.
import type { DuckDBConnection } from '@duckdb/node-api';
import { ref, sumOf, type Cell, type CellStatus, type Constraint, type Fragment } from '../disclosure/index.ts';
import type { Config } from '../config.ts';
import { BARRIER } from '../contract/index.ts';
import { groupLabel } from '../measures/labels.ts';
import { reliability, wilson } from '../measures/stats/index.ts';
import { rows as query } from './json-rows.ts';
import { barrierKey, WITH_BARRIER } from './published-barriers.ts';
import type { Publication, StatusOf } from './publication.ts';
import { rateSuppressionReason, type FigureStatus, type SuppressionReason } from './published-rates.ts';

export const BARRIER_PAIR = 'barrier_pair';

export interface Cooccurrence { service_area: string; barrier_i: string; barrier_j: string; requests_with_both: number }

const scopeOf = (area: string) => (area === 'all' ? 'all' : `service_area=${area}`);
/** Requests that met barrier i (the diagonal): the barriers publication's cell. */
export const diagonalKey = (barrier: string, area: string) => (area === 'all' ? barrierKey(barrier, 'all', 'all') : barrierKey(barrier, 'service_area', area));
/** Requests that met both barriers of a pair (codes in order, i < j). */
export const pairKey = (i: string, j: string, area: string) => {
  const [a, b] = i < j ? [i, j] : [j, i];
  return `barriers=${a}+${b}|${scopeOf(area)}`;
};

export function cooccurrenceFragment(rows: readonly Cooccurrence[]): Fragment {
  const cells: Cell[] = [];
  const constraints: Constraint[] = [];
  for (const r of rows) {
    cells.push(r.barrier_i === r.barrier_j
      ? { table: WITH_BARRIER, key: diagonalKey(r.barrier_i, r.service_area), value: r.requests_with_both }
      : { table: BARRIER_PAIR, key: pairKey(r.barrier_i, r.barrier_j, r.service_area), value: r.requests_with_both });
  }
  // Every request sits in one service area: a pair's areas add up to its count over all requests.
  // (The diagonal's equation is the barriers publication's: requests with a barrier by service area.)
  const byPair = new Map<string, Cooccurrence[]>();
  for (const r of rows) {
    if (r.barrier_i === r.barrier_j || r.service_area === 'all') continue;
    const k = `${r.barrier_i}|${r.barrier_j}`;
    if (!byPair.has(k)) byPair.set(k, []);
    byPair.get(k)!.push(r);
  }
  for (const [k, parts] of byPair) {
    const [i, j] = k.split('|');
    constraints.push(sumOf(ref(BARRIER_PAIR, pairKey(i, j, 'all')), parts.map((r) => ref(BARRIER_PAIR, pairKey(i, j, r.service_area))), `requests with ${i} and ${j} by service area`));
  }
  return { cells, constraints };
}

export interface PublishedCooccurrence {
  service_area: string; service_area_label: string;
  barrier: string; barrier_label: string; also_barrier: string; also_barrier_label: string;
  /** Requests that met both (a count: the field name is matched by the leak scanner). */
  both_count: number | null;
  /** Requests that met `barrier`: the share's denominator. */
  with_barrier_count: number | null;
  share_also: number | null; share_lower: number | null; share_upper: number | null; confidence_level: number;
  status: FigureStatus; suppression_reason: SuppressionReason | null; reliability: string;
}

const hidden = (s: CellStatus) => s.state === 'suppressed';

/**
 * The full matrix, each ordered pair (i, j ≠ i) for every barrier met in the
 * area: the share of requests with i that also met j. A pair never met together
 * is a published zero.
 */
export function publishCooccurrence(rows: readonly Cooccurrence[], status: StatusOf, config: Config): PublishedCooccurrence[] {
  const level = config.measures.confidence_level;
  const thresholds = { minN: config.reliability.min_count, unstableRse: config.reliability.unstable_rse, veryUnstableRse: config.reliability.very_unstable_rse };
  const count = new Map(rows.map((r) => [`${r.service_area}|${r.barrier_i}|${r.barrier_j}`, r.requests_with_both]));
  const areas = [...new Set(rows.map((r) => r.service_area))].sort((a, b) => Number(b === 'all') - Number(a === 'all') || a.localeCompare(b));
  const out: PublishedCooccurrence[] = [];
  for (const area of areas) {
    const barriers = rows.filter((r) => r.service_area === area && r.barrier_i === r.barrier_j).map((r) => r.barrier_i).sort();
    for (const i of barriers) {
      const n = count.get(`${area}|${i}|${i}`)!;
      const den = status(WITH_BARRIER, diagonalKey(i, area));
      for (const j of barriers) {
        if (j === i) continue;
        const [a, b] = i < j ? [i, j] : [j, i];
        const x = count.get(`${area}|${a}|${b}`) ?? 0;
        // A pair never met together has no cell: its zero is published as such.
        const num: CellStatus = count.has(`${area}|${a}|${b}`) ? status(BARRIER_PAIR, pairKey(i, j, area)) : { state: 'ok' };
        const off = hidden(num) || hidden(den);
        const ci = wilson(x, n, level);
        const rel = reliability(x, n, thresholds);
        out.push({
          service_area: area, service_area_label: area === 'all' ? 'All service areas' : groupLabel('service_area', area),
          barrier: i, barrier_label: BARRIER[i as keyof typeof BARRIER] ?? i, also_barrier: j, also_barrier_label: BARRIER[j as keyof typeof BARRIER] ?? j,
          both_count: hidden(num) ? null : x, with_barrier_count: hidden(den) ? null : n,
          share_also: off ? null : ci.estimate, share_lower: off ? null : ci.lower, share_upper: off ? null : ci.upper, confidence_level: level,
          status: off ? 'suppressed' : rel === 'ok' ? 'ok' : 'unstable',
          suppression_reason: rateSuppressionReason(num, den),
          reliability: off ? 'suppressed' : rel,
        });
      }
    }
  }
  return out;
}

/** Barriers page: which barriers come together. */
export const cooccurrencePublication: Publication<Cooccurrence[]> = {
  name: 'barrier_cooccurrence',
  read: async (c: DuckDBConnection) => query<Cooccurrence>(c, `SELECT * FROM marts.mart_barrier_cooccurrence ORDER BY service_area, barrier_i, barrier_j`),
  fragment: (rows) => cooccurrenceFragment(rows),
  files: (rows, status, config) => {
    const published = publishCooccurrence(rows, status, config);
    return [{ name: 'barrier_cooccurrence.json', body: published, rows: published.length }];
  },
};
