// Checks a protection problem once and turns it into arrays indexed by cell, the
// form the audit and the suppression search work on. Every refusal names the
// cell or constraint to fix.
import { DisclosureInputError } from './errors.ts';
import {
  type Cell, type CellRef, type ProtectionProblem,
  DEFAULT_K, DEFAULT_MARGIN_COST, MIN_K, cellId, isSensitive,
} from './model.ts';


export interface Row {
  label: string;
  cells: number[];
  coefs: number[];
}

export interface Indexed {
  cells: Cell[];
  ids: string[];
  index: Map<string, number>;
  values: number[];
  rows: Row[];
  /** For each cell, the rows it appears in. */
  rowsOf: number[][];
  k: number;
  /** The protection width of counts (k − 1 by default). */
  width: number;
  /** Each cell's protection width: `width` for a count, its own for a magnitude. */
  widths: number[];
  /**
   * Cost of hiding each cell: 1 + (marginCost − 1) · level, times a tie-break
   * of at most 10% by value.
   */
  cost: number[];
  /** 0 for a cell that totals nothing, 1 for a margin, 2 for a total of margins… */
  level: number[];
  primary: boolean[];
  /** Cells never published (Cell.unpublished): hidden from the start, at no cost. */
  unpublished: boolean[];
}

/** Levels of totals above this count alike (and cycles of totals stop). */
const MAX_LEVEL = 8;

const describe = (r: CellRef) => `'${cellId(r)}'`;

export function validateProblem(problem: ProtectionProblem): Indexed {
  const k = problem.k ?? DEFAULT_K;
  if (!Number.isInteger(k) || k < MIN_K) {
    throw new DisclosureInputError(`k must be an integer of at least ${MIN_K} (counts 1..k−1 are hidden); got ${k}`);
  }
  const width = problem.protectionWidth ?? k - 1;
  if (!Number.isFinite(width) || width < 2) {
    throw new DisclosureInputError(`protectionWidth must be a number of at least 2; got ${width}`);
  }
  const marginCost = problem.marginCost ?? DEFAULT_MARGIN_COST;
  if (!Number.isFinite(marginCost) || marginCost < 1) {
    throw new DisclosureInputError(`marginCost must be a number of at least 1; got ${marginCost}`);
  }
  if (!Array.isArray(problem.cells) || !Array.isArray(problem.constraints)) {
    throw new DisclosureInputError('a problem needs arrays of cells and constraints');
  }

  const index = new Map<string, number>();
  const ids: string[] = [];
  const values: number[] = [];
  problem.cells.forEach((cell, i) => {
    if (typeof cell.table !== 'string' || cell.table === '' || cell.table.includes(':')) {
      throw new DisclosureInputError(`cell ${i}: table name must be a non-empty string without ':'; got ${JSON.stringify(cell.table)}`);
    }
    if (typeof cell.key !== 'string') throw new DisclosureInputError(`cell ${i} of table ${cell.table}: key must be a string`);
    const id = cellId(cell);
    if (!Number.isSafeInteger(cell.value) || cell.value < 0) {
      throw new DisclosureInputError(`cell ${describe(cell)}: a count must be a non-negative integer; got ${cell.value}`);
    }
    if (cell.magnitude !== undefined && (typeof cell.magnitude.sensitive !== 'boolean' || !Number.isFinite(cell.magnitude.protectionWidth) || cell.magnitude.protectionWidth < 2)) {
      throw new DisclosureInputError(`cell ${describe(cell)}: a magnitude needs sensitive (true or false) and a protectionWidth of at least 2`);
    }
    if (cell.unpublished !== undefined && typeof cell.unpublished !== 'boolean') {
      throw new DisclosureInputError(`cell ${describe(cell)}: unpublished must be true or false`);
    }
    if (index.has(id)) throw new DisclosureInputError(`cell ${describe(cell)} is listed twice; publish it once and link copies with link()`);
    index.set(id, i);
    ids.push(id);
    values.push(cell.value);
  });

  const rows: Row[] = [];
  const rowsOf: number[][] = ids.map(() => []);
  problem.constraints.forEach((constraint, r) => {
    const label = constraint.label ?? `constraint ${r}`;
    if (constraint.rhs !== 0) throw new DisclosureInputError(`${label}: rhs must be 0; got ${constraint.rhs}`);
    if (!Array.isArray(constraint.terms)) throw new DisclosureInputError(`${label}: terms must be an array`);
    const merged = new Map<number, number>();
    for (const term of constraint.terms) {
      const i = index.get(cellId(term.cell));
      if (i === undefined) throw new DisclosureInputError(`${label} names unknown cell ${describe(term.cell)}`);
      if (!Number.isFinite(term.coef)) throw new DisclosureInputError(`${label}: coefficient of ${describe(term.cell)} must be a finite number; got ${term.coef}`);
      merged.set(i, (merged.get(i) ?? 0) + term.coef);
    }
    for (const [i, c] of merged) if (c === 0) merged.delete(i);
    if (merged.size === 0) throw new DisclosureInputError(`${label} has no terms (after merging repeated cells)`);
    const cells = [...merged.keys()];
    const coefs = cells.map((i) => merged.get(i)!);
    let sum = 0, scale = 0;
    cells.forEach((i, t) => { sum += coefs[t] * values[i]; scale += Math.abs(coefs[t] * values[i]); });
    if (Math.abs(sum) > 1e-9 * (1 + scale)) {
      const shown = cells.map((i, t) => `${coefs[t] === 1 ? '' : coefs[t] === -1 ? '−' : `${coefs[t]}·`}${ids[i]}=${values[i]}`).join(', ');
      throw new DisclosureInputError(`published values do not add up in ${label}: Σ coef·value = ${sum}, not 0 (${shown})`);
    }
    rows.push({ label, cells, coefs });
    cells.forEach((i) => rowsOf[i].push(rows.length - 1));
  });

  // A total is a cell that stands alone on its side of an additivity equation
  // with at least two cells on the other side: a margin, an area, a grand total.
  // Its level is one more than its parts' highest, so a grand total (level 2 in
  // a two-way table, the top of a hierarchy) costs more to hide than a margin.
  const totals: { total: number; parts: number[] }[] = [];
  for (const row of rows) {
    if (row.cells.length < 3) continue;
    const pos = row.coefs.filter((c) => c > 0).length;
    const neg = row.coefs.length - pos;
    row.cells.forEach((i, t) => {
      if ((row.coefs[t] > 0 && pos === 1) || (row.coefs[t] < 0 && neg === 1)) {
        totals.push({ total: i, parts: row.cells.filter((j) => j !== i) });
      }
    });
  }
  const level = ids.map(() => 0);
  for (let pass = 0, changed = true; changed && pass < MAX_LEVEL; pass++) {
    changed = false;
    for (const { total, parts } of totals) {
      const l = Math.min(MAX_LEVEL, 1 + Math.max(...parts.map((j) => level[j])));
      if (l > level[total]) {
        level[total] = l;
        changed = true;
      }
    }
  }
  // The count of hidden cells dominates; the hidden value only breaks ties, scaled
  // by the largest count (or, for a magnitude, the largest amount of its table:
  // dollars must not drown the counts' tie-breaks).
  const scaleOf = (c: Cell) => (c.magnitude ? `magnitude:${c.table}` : 'count');
  const maxValue = new Map<string, number>();
  problem.cells.forEach((c, i) => maxValue.set(scaleOf(c), Math.max(maxValue.get(scaleOf(c)) ?? 1, values[i])));
  const cost = ids.map((_, i) => (1 + (marginCost - 1) * level[i]) * (1 + (0.1 * values[i]) / maxValue.get(scaleOf(problem.cells[i]))!));
  const primary = problem.cells.map((c) => isSensitive(c, k));
  const widths = problem.cells.map((c) => c.magnitude?.protectionWidth ?? width);
  const unpublished = problem.cells.map((c) => c.unpublished === true);
  return { cells: problem.cells, ids, index, values, rows, rowsOf, k, width, widths, cost, level, primary, unpublished };
}

/** Indices of the cells named in `suppressed`, refusing unknown names. */
export function indicesOf(ix: Indexed, suppressed: Iterable<string | CellRef>): Set<number> {
  const out = new Set<number>();
  for (const s of suppressed) {
    const id = typeof s === 'string' ? s : cellId(s);
    const i = ix.index.get(id);
    if (i === undefined) throw new DisclosureInputError(`suppressed set names unknown cell '${id}'`);
    out.add(i);
  }
  return out;
}
