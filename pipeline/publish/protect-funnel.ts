// Disclosure control for the funnel counts every page and report is built from.
// Each count column is one published table over all breakdowns, with what an
// attacker knows: every single-valued breakdown sums to the overall count, and
// programs sum to their organisation. Select-all-that-apply breakdowns (race
// alone or in combination, gender) are not additive: only primary suppression
// applies to them, and the audit still checks them.
import { protect, ref, sumOf, type Cell, type CellStatus, type Constraint } from '../disclosure/index.ts';
import { PARTITION_DIMENSIONS } from '../model/tests.ts';

export const COUNT_COLUMNS = ['requests', 'accepted', 'turned_away_capacity', 'closed_accepted', 'favourable'] as const;
export type CountColumn = (typeof COUNT_COLUMNS)[number];

export interface FunnelCounts { dimension: string; group_code: string; requests: number; accepted: number; turned_away_capacity: number; closed_accepted: number; favourable: number }

export const cellKey = (dimension: string, group: string) => (dimension === 'all' ? 'all' : `${dimension}=${group}`);

export interface FunnelProtection {
  status(column: CountColumn, dimension: string, group: string): CellStatus;
  suppressedShare: number;
  cells: number;
}

export async function protectFunnel(rows: readonly FunnelCounts[], k: number): Promise<FunnelProtection> {
  const cells: Cell[] = [];
  const constraints: Constraint[] = [];
  for (const column of COUNT_COLUMNS) {
    for (const r of rows) cells.push({ table: column, key: cellKey(r.dimension, r.group_code), value: r[column] });
    for (const dimension of PARTITION_DIMENSIONS) {
      const parts = rows.filter((r) => r.dimension === dimension);
      if (parts.length) constraints.push(sumOf(ref(column, 'all'), parts.map((r) => ref(column, cellKey(dimension, r.group_code))), `${column} by ${dimension}`));
    }
    // Programs (org/program) add up to their organisation.
    const programs = rows.filter((r) => r.dimension === 'program');
    for (const org of rows.filter((r) => r.dimension === 'organisation')) {
      const children = programs.filter((p) => p.group_code.startsWith(`${org.group_code}/`));
      if (children.length) constraints.push(sumOf(ref(column, cellKey('organisation', org.group_code)), children.map((p) => ref(column, cellKey('program', p.group_code))), `${column} programs of ${org.group_code}`));
    }
  }
  const result = await protect({ cells, constraints, k });
  return {
    status: (column, dimension, group) => {
      const s = result.status.get(`${column}:${cellKey(dimension, group)}`);
      if (!s) throw new Error(`no disclosure status for ${column} ${dimension}=${group}`);
      return s;
    },
    suppressedShare: result.suppressedShare,
    cells: cells.length,
  };
}
