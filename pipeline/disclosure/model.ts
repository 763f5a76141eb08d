// The objects disclosure control works on: published count cells and the linear
// equations an attacker knows hold among them, plus builders for the usual shapes
// (a two-way table with margins, a hierarchy, the same number on two pages, a
// total of parts). Everything here is plain data; validation is in validate.ts.
import { DisclosureInputError } from './errors.ts';

/** One published count. `key` names the cell inside its table, e.g. "race=black|area=housing". */
export interface Cell {
  table: string;
  key: string;
  /** A non-negative integer count (or, for a magnitude, an amount in whole units, e.g. dollars). */
  value: number;
  /**
   * A magnitude (a sum of amounts, such as benefits in dollars) rather than a
   * count of people. Its sensitivity is not "1..k−1" but what a dominance rule
   * says (see pipeline/publish/dominance.ts), and the width an attacker must be
   * left with is its own, in the cell's units. Omit for counts.
   */
  magnitude?: { sensitive: boolean; protectionWidth: number };
  /**
   * A count the attacker can work out but no page shows, such as the difference
   * of two nested counts (closed − favourable). It starts hidden and hiding it
   * costs nothing; it is protected like any other when it is 1..k−1, which may
   * mean hiding published cells.
   */
  unpublished?: boolean;
}

export interface CellRef {
  table: string;
  key: string;
}

/** `Σ coef · value(cell) = rhs`; rhs is always 0 (additivity, equality of links). */
export interface Constraint {
  terms: { cell: CellRef; coef: number }[];
  rhs: 0;
  /** Shown in error messages and reports, e.g. "outcomes row race=black". */
  label?: string;
}

/** Cells and constraints that belong together: one table, or several linked ones. */
export interface Fragment {
  cells: Cell[];
  constraints: Constraint[];
}

export interface ProtectionProblem extends Fragment {
  /** Counts 1..k−1 are sensitive. Default 11 (CMS, HUD: 1–10 never published). Never below 5. */
  k?: number;
  /**
   * Width of the interval an attacker must be left with for each sensitive cell.
   * Default k − 1, the width of the range 1..k−1 an attacker must not narrow down.
   */
  protectionWidth?: number;
  /**
   * Cost of hiding a margin (a cell that totals interior cells) relative to 1
   * for an interior cell; each level up adds as much again, so with the default
   * 3 a total of margins (a grand total, a service area over programs over
   * organisations) costs 5, the level above 7.
   */
  marginCost?: number;
}

export const DEFAULT_K = 11;

/**
 * Whether a cell must be protected: a count from 1 to k − 1 (zero is shown), or
 * a magnitude its caller's dominance rule marked sensitive.
 */
export function isSensitive(cell: Pick<Cell, 'value' | 'magnitude'>, k: number): boolean {
  return cell.magnitude ? cell.magnitude.sensitive : cell.value >= 1 && cell.value <= k - 1;
}
export const MIN_K = 5;
export const DEFAULT_MARGIN_COST = 3;

/**
 * A cell's identifier, `table:key`. Table names may not contain ':' (validation
 * refuses them), so the identifier is unambiguous whatever the key holds.
 */
export function cellId(ref: CellRef): string {
  return `${ref.table}:${ref.key}`;
}

export function ref(table: string, key: string): CellRef {
  return { table, key };
}

/** `total = Σ parts`. */
export function sumOf(total: CellRef, parts: CellRef[], label?: string): Constraint {
  return {
    terms: [{ cell: total, coef: 1 }, ...parts.map((cell) => ({ cell, coef: -1 }))],
    rhs: 0,
    label: label ?? `${cellId(total)} = sum of ${parts.length} parts`,
  };
}

/** The same quantity published twice (two pages, two filters): `a = b`. */
export function link(a: CellRef, b: CellRef, label?: string): Constraint {
  return {
    terms: [{ cell: a, coef: 1 }, { cell: b, coef: -1 }],
    rhs: 0,
    label: label ?? `${cellId(a)} = ${cellId(b)}`,
  };
}

/**
 * The label of a margin over `labels`: "area=all" when every label is
 * "area=…", else "total".
 */
export function marginLabel(labels: readonly string[]): string {
  const vars = new Set(labels.map((l) => (l.includes('=') ? l.slice(0, l.indexOf('=')) : '')));
  const [only] = vars;
  return vars.size === 1 && only ? `${only}=all` : 'total';
}

export interface TableWithMargins extends Fragment {
  /** Key of the interior cell (row i, column j). */
  interior(i: number, j: number): CellRef;
  rowTotal(i: number): CellRef;
  colTotal(j: number): CellRef;
  grandTotal: CellRef;
}

/**
 * A two-way table of counts with its row, column and grand totals, as published:
 * keys are `${row}|${col}`, margins use `marginLabel` ("area=all"), and the
 * constraints are each row, each column, and the grand total as the sum of the
 * row totals and of the column totals.
 */
export function tableWithMargins(
  name: string,
  rows: readonly string[],
  cols: readonly string[],
  counts: readonly (readonly number[])[],
): TableWithMargins {
  if (counts.length !== rows.length || counts.some((r) => r.length !== cols.length)) {
    throw new DisclosureInputError(`table ${name}: counts must be ${rows.length} rows of ${cols.length} columns, as many as the labels`);
  }
  const rowAll = marginLabel(rows);
  const colAll = marginLabel(cols);
  const at = (r: string, c: string): CellRef => ({ table: name, key: `${r}|${c}` });
  const interior = (i: number, j: number) => at(rows[i], cols[j]);
  const rowTotal = (i: number) => at(rows[i], colAll);
  const colTotal = (j: number) => at(rowAll, cols[j]);
  const grandTotal = at(rowAll, colAll);
  const cells: Cell[] = [];
  const constraints: Constraint[] = [];
  let grand = 0;
  const colSums = cols.map(() => 0);
  rows.forEach((_, i) => {
    let rowSum = 0;
    cols.forEach((_, j) => {
      const v = counts[i][j];
      cells.push({ ...interior(i, j), value: v });
      rowSum += v;
      colSums[j] += v;
    });
    cells.push({ ...rowTotal(i), value: rowSum });
    grand += rowSum;
    constraints.push(sumOf(rowTotal(i), cols.map((_, j) => interior(i, j)), `${name} row ${rows[i]}`));
  });
  cols.forEach((_, j) => {
    cells.push({ ...colTotal(j), value: colSums[j] });
    constraints.push(sumOf(colTotal(j), rows.map((_, i) => interior(i, j)), `${name} column ${cols[j]}`));
  });
  cells.push({ ...grandTotal, value: grand });
  constraints.push(sumOf(grandTotal, rows.map((_, i) => rowTotal(i)), `${name} total of rows`));
  constraints.push(sumOf(grandTotal, cols.map((_, j) => colTotal(j)), `${name} total of columns`));
  return { cells, constraints, interior, rowTotal, colTotal, grandTotal };
}

/** A node of a hierarchy. Leaves carry a value; a parent's value defaults to the sum of its children. */
export interface HierarchyNode {
  key: string;
  value?: number;
  children?: HierarchyNode[];
}

/**
 * A hierarchy published as one table (all → service area → program →
 * organisation): one cell per node and `parent = Σ children` for every parent.
 * A parent given its own value keeps it, so inconsistent inputs reach validation.
 */
export function hierarchy(table: string, root: HierarchyNode): Fragment {
  const cells: Cell[] = [];
  const constraints: Constraint[] = [];
  const visit = (node: HierarchyNode): number => {
    const kids = node.children ?? [];
    const sum = kids.reduce((s, child) => s + visit(child), 0);
    if (kids.length === 0 && node.value === undefined) {
      throw new DisclosureInputError(`hierarchy ${table}: leaf ${node.key} has no value`);
    }
    const value = node.value ?? sum;
    cells.push({ table, key: node.key, value });
    if (kids.length > 0) {
      constraints.push(sumOf({ table, key: node.key }, kids.map((c) => ({ table, key: c.key })), `${table} ${node.key} = sum of its ${kids.length} children`));
    }
    return value;
  };
  visit(root);
  return { cells, constraints };
}

/** Puts fragments and loose constraints together into one problem's cells and constraints. */
export function combine(...parts: (Fragment | Constraint)[]): Fragment {
  const cells: Cell[] = [];
  const constraints: Constraint[] = [];
  for (const part of parts) {
    if ('terms' in part) constraints.push(part);
    else {
      cells.push(...part.cells);
      constraints.push(...part.constraints);
    }
  }
  return { cells, constraints };
}
