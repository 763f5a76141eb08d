// Disclosure control for the funnel counts every page and report is built from.
// Each count column is one published table over all breakdowns, with what an
// attacker knows: every single-valued breakdown sums to the overall count, and
// programs sum to their organisation. Select-all-that-apply breakdowns (race
// alone or in combination, gender) are not additive: only primary suppression
// applies to them, and the audit still checks them.
import { ref, sumOf, type Cell, type CellStatus, type Constraint, type Fragment } from '../disclosure/index.ts';
import { PARTITION_DIMENSIONS } from '../model/tests.ts';
import type { StatusOf } from './publication.ts';

export const COUNT_COLUMNS = ['requests', 'accepted', 'turned_away_capacity', 'closed_accepted', 'favourable'] as const;

export interface FunnelCounts { dimension: string; group_code: string; requests: number; accepted: number; turned_away_capacity: number; closed_accepted: number; favourable: number }

/** The key of a funnel cell: the breakdown and group (`all` for every case), prefixed by the scope unless it is all cases. */
export const cellKey = (dimension: string, group: string, scope = 'all') => {
  const inner = dimension === 'all' ? 'all' : `${dimension}=${group}`;
  return scope === 'all' ? inner : `${scope}|${inner}`;
};

/** The funnel counts of one scope (all cases, or the cases of one service area, organisation, ...) as cells with their margins. */
export function funnelFragment(rows: readonly FunnelCounts[], scope = 'all'): Fragment {
  return countFragment(rows, COUNT_COLUMNS, scope);
}

/** Counts by breakdown (one table per count column, keyed by breakdown and group) as cells with their margins. */
export function countFragment<C extends string>(rows: readonly ({ dimension: string; group_code: string } & Record<C, number>)[], columns: readonly C[], scope = 'all'): Fragment {
  const cells: Cell[] = [];
  const constraints: Constraint[] = [];
  const at = (column: string, dimension: string, group: string) => ref(column, cellKey(dimension, group, scope));
  const where = scope === 'all' ? '' : ` in ${scope}`;
  for (const column of columns) {
    for (const r of rows) cells.push({ table: column, key: cellKey(r.dimension, r.group_code, scope), value: r[column] });
    for (const dimension of PARTITION_DIMENSIONS) {
      const parts = rows.filter((r) => r.dimension === dimension);
      if (parts.length) constraints.push(sumOf(at(column, 'all', 'all'), parts.map((r) => at(column, dimension, r.group_code)), `${column} by ${dimension}${where}`));
    }
    // Programs (org/program) add up to their organisation.
    const programs = rows.filter((r) => r.dimension === 'program');
    for (const org of rows.filter((r) => r.dimension === 'organisation')) {
      const children = programs.filter((p) => p.group_code.startsWith(`${org.group_code}/`));
      if (children.length) constraints.push(sumOf(at(column, 'organisation', org.group_code), children.map((p) => at(column, 'program', p.group_code)), `${column} programs of ${org.group_code}${where}`));
    }
  }
  return { cells, constraints };
}

export type FunnelStatus = (column: string, dimension: string, group: string) => CellStatus;

export const funnelStatus = (status: StatusOf, scope = 'all'): FunnelStatus =>
  (column, dimension, group) => status(column, cellKey(dimension, group, scope));
