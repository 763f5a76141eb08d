// Small slices. A breakdown of a small slice (a program with 40 requests broken
// down by age, a quarter with 120) is mostly counts of 1 to k−1: all hidden, each
// one a proof that protection must find across the whole linked site. On a
// 1,000-case warehouse those were 14,740 of 26,960 counts, and protection did not
// finish in 17 minutes. So a cell that crosses two slices (a scope and a group, a
// group and a group, a quarter and a group) is published only when each slice has
// at least `disclosure.min_slice_requests` requests; the others are withheld
// (suppressed, reason `small_slice`) and never enter the protection problem.
//
// What an attacker can still work out about the withheld cells is their sum: the
// margin minus the published cells. That sum is declared as a pooled cell (slice
// code SMALL, unpublished, protected like any difference when it is 1..k−1),
// with the margins of the merged table. This loses nothing the attacker knows
// about the published cells: given merged margins that add up, a two-way table
// of non-negative counts with those margins always exists (a transportation
// problem; with stages nested, one per final stage), so the merged table's
// equations are exactly what the withheld ones implied. A withheld cell itself
// can be bounded from its margins but not worked out, like the three-way
// cross-tabulations the site never publishes.
import { ref, type Cell, type CellRef, type Constraint } from '../disclosure/index.ts';
import type { PublicationFragment } from './publication.ts';

/** The slice code of the pooled small slices of a breakdown. */
export const SMALL = '(small)';

/** Whether a slice with this many requests is too small to be broken down (min 0: every slice is). */
export const isSmallSlice = (requests: number, minRequests: number) => requests < minRequests;

/** A two-way table of counts (one per count table, e.g. closed and favourable), with its margins where they are equations. */
export interface TwoWay {
  /** For equation labels, e.g. "age_band × gender". */
  name: string;
  tables: readonly string[];
  rows: readonly string[];
  cols: readonly string[];
  key(row: string, col: string): string;
  /** undefined: the table has no such cell. */
  value(table: string, row: string, col: string): number | undefined;
  /** The count a row adds up to, when every case of the row is in exactly one column. */
  rowTotal?(table: string, row: string): CellRef;
  /** The count a column adds up to, when every case of the column is in exactly one row. */
  colTotal?(table: string, col: string): CellRef;
  smallRow(row: string): boolean;
  smallCol(col: string): boolean;
  /** The label of a merged row's or column's equation (shown in errors); `slice` is SMALL for the pooled ones. */
  label?(table: string, side: 'row' | 'column', slice: string): string;
}

/**
 * The table with every cell of a small row or column withheld and pooled (see
 * the lead comment). When every row (or every column) is small, nothing is
 * published and nothing is pooled: the margins alone constrain nothing more.
 */
export function poolTwoWay(t: TwoWay): PublicationFragment {
  const cells: Cell[] = [];
  const constraints: Constraint[] = [];
  const withheld: CellRef[] = [];
  const rows = t.rows.filter((r) => t.cols.some((c) => t.tables.some((table) => t.value(table, r, c) !== undefined)));
  const cols = t.cols.filter((c) => rows.some((r) => t.tables.some((table) => t.value(table, r, c) !== undefined)));
  const everyRowSmall = rows.every((r) => t.smallRow(r));
  const everyColSmall = cols.every((c) => t.smallCol(c));
  const rowOf = (r: string) => (t.smallRow(r) ? SMALL : r);
  const colOf = (c: string) => (t.smallCol(c) ? SMALL : c);
  for (const table of t.tables) {
    const merged = new Map<string, { row: string; col: string; value: number }>();
    for (const r of rows) {
      for (const c of cols) {
        const value = t.value(table, r, c);
        if (value === undefined) continue;
        if (!t.smallRow(r) && !t.smallCol(c)) {
          cells.push({ table, key: t.key(r, c), value });
          continue;
        }
        withheld.push(ref(table, t.key(r, c)));
        const at = `${rowOf(r)}\u0000${colOf(c)}`;
        const m = merged.get(at);
        if (m) m.value += value; else merged.set(at, { row: rowOf(r), col: colOf(c), value });
      }
    }
    if (everyRowSmall || everyColSmall) continue;
    for (const m of merged.values()) cells.push({ table, key: t.key(m.row, m.col), value: m.value, unpublished: true });
    // The merged table's margins: each merged row (column) adds up to the sum of its rows' (columns') totals.
    const present = (r: string, c: string) => (r !== SMALL && c !== SMALL ? t.value(table, r, c) !== undefined : merged.has(`${r}\u0000${c}`));
    const mergedRows = [...new Set(rows.map(rowOf))];
    const mergedCols = [...new Set(cols.map(colOf))];
    const margin = (totals: CellRef[], parts: CellRef[], side: 'row' | 'column', slice: string) => {
      const label = t.label?.(table, side, slice) ?? `${table} ${t.name}: ${side} ${slice}`;
      if (parts.length) constraints.push({ terms: [...totals.map((cell) => ({ cell, coef: 1 })), ...parts.map((cell) => ({ cell, coef: -1 }))], rhs: 0, label });
    };
    const { rowTotal, colTotal } = t;
    if (rowTotal) {
      for (const m of mergedRows) {
        margin(rows.filter((r) => rowOf(r) === m).map((r) => rowTotal(table, r)), mergedCols.filter((c) => present(m, c)).map((c) => ref(table, t.key(m, c))), 'row', m);
      }
    }
    if (colTotal) {
      for (const m of mergedCols) {
        margin(cols.filter((c) => colOf(c) === m).map((c) => colTotal(table, c)), mergedRows.filter((r) => present(r, m)).map((r) => ref(table, t.key(r, m))), 'column', m);
      }
    }
  }
  return { cells, constraints, withheld };
}
