// The attacker audit. For a suppressed cell, the attacker knows every published
// value and every constraint, and that counts are never negative; solving two
// linear programs (min and max of the cell) gives the interval the cell must lie
// in. Integrality is ignored, as τ-Argus and sdcTable do: the LP interval contains
// the integer one, so a cell the LP finds protected is protected.
import { type LpWorkspace, withWorkspace } from './solver.ts';
import type { CellRef, ProtectionProblem } from './model.ts';
import { type Indexed, indicesOf, validateProblem } from './validate.ts';

/** What the attacker can infer: min ≤ value ≤ max. `max` may be Infinity. */
export interface Interval {
  min: number;
  max: number;
}

export interface ExposedCell {
  id: string;
  table: string;
  key: string;
  value: number;
  min: number;
  max: number;
  /** Why the cell is not protected, in words. */
  why: string;
}

export interface AuditResult {
  /** Sensitive (primary) cells the attacker can pin down too closely, worst first. */
  exposed: ExposedCell[];
  /** The inferred interval of every suppressed cell, by cell id. */
  intervals: Map<string, Interval>;
}

/** Slack for the LP's floating-point answers (HiGHS's feasibility tolerance is 1e-7). */
export const TOLERANCE = 1e-6;

/**
 * The protection criterion. A sensitive cell with true value v, inferred to lie in
 * [min, max], is protected when, with the bounds first rounded inward to whole
 * numbers (counts are integers, so the attacker can do that much):
 *   max − min ≥ width     (the attacker is left at least `width` wide: default k − 1)
 *   min < v               (the attacker cannot rule out a smaller count) and
 *   v < max               (nor a larger one).
 * The rounding forgives the solver TOLERANCE of floating-point error.
 */
export function isProtected(value: number, interval: Interval, width: number): boolean {
  return exposureReason(value, interval, width) === undefined;
}

/** Why `interval` fails the criterion for a cell of `value`, or undefined if it passes. */
export function exposureReason(value: number, interval: Interval, width: number): string | undefined {
  const min = Math.ceil(interval.min - TOLERANCE);
  const max = Math.floor(interval.max + TOLERANCE);
  const w = max - min;
  if (w <= 0) return `recoverable exactly (interval width 0)`;
  if (w < width) return `interval [${fmt(min)}, ${fmt(max)}] is only ${fmt(w)} wide; at least ${width} is required`;
  if (min >= value) return `the lower bound ${fmt(min)} equals the value: the attacker knows it is at least ${value}`;
  if (max <= value) return `the upper bound ${fmt(max)} equals the value: the attacker knows it is at most ${value}`;
  return undefined;
}

const fmt = (x: number) => (Number.isFinite(x) ? String(Math.round(x * 1000) / 1000) : '∞');
const snap = (x: number) => (Math.abs(x - Math.round(x)) < TOLERANCE ? Math.round(x) : x);

/**
 * The cells connected to `start` through constraints, walking only through cells
 * for which `inside` holds: an attacker's unknowns that must be solved together.
 * With a `limit`, the walk stops after that many cells (breadth first, nearest
 * first); `rows` are then every constraint of the cells taken, and `complete`
 * says whether they are the whole connected block.
 */
export function block(ix: Indexed, start: number, inside: (i: number) => boolean, limit = Infinity): { cells: number[]; rows: number[]; complete: boolean } {
  const seen = new Set<number>([start]);
  const rowSeen = new Set<number>();
  let complete = true;
  for (let head = 0, queue = [start]; head < queue.length; head++) {
    for (const r of ix.rowsOf[queue[head]]) {
      if (rowSeen.has(r)) continue;
      rowSeen.add(r);
      for (const d of ix.rows[r].cells) {
        if (seen.has(d) || !inside(d)) continue;
        if (seen.size >= limit) {
          complete = false;
          continue;
        }
        seen.add(d);
        queue.push(d);
      }
    }
  }
  return { cells: [...seen].sort((a, b) => a - b), rows: [...rowSeen].sort((a, b) => a - b), complete };
}

export interface IntervalOptions {
  /**
   * Called with each optimal LP solution: the hidden cells of the component and
   * the values the attacker's LP gave them, a table consistent with everything
   * published. protect() keeps them as witnesses.
   */
  onSolution?: (cells: readonly number[], values: ArrayLike<number>) => void;
}

/**
 * The attacker's interval for each target cell, given that the cells in
 * `suppressed` are hidden and all others published. A target that is published
 * has the interval [value, value].
 */
export function intervalsFor(
  lp: LpWorkspace,
  ix: Indexed,
  suppressed: ReadonlySet<number>,
  targets: readonly number[],
  options: IntervalOptions = {},
): Map<number, Interval> {
  const out = new Map<number, Interval>();
  const done = new Set<number>();
  for (const t of targets) {
    if (done.has(t)) continue;
    if (!suppressed.has(t)) {
      out.set(t, { min: ix.values[t], max: ix.values[t] });
      done.add(t);
      continue;
    }
    const comp = block(ix, t, (i) => suppressed.has(i));
    const inComp = new Set(comp.cells);
    const want = targets.filter((u) => !done.has(u) && inComp.has(u));
    const solved = solveComponent(lp, ix, comp, want, options);
    for (const [u, iv] of solved) {
      out.set(u, iv);
      done.add(u);
    }
  }
  return out;
}

/**
 * An interval the attacker's interval for hidden cell `p` contains, from the LPs
 * over at most `limit` hidden cells nearest to p (the other hidden cells held at
 * their true values, which shrinks what the attacker could consider, never
 * widens it); `exact` when those cells are p's whole connected block, so the
 * interval is the attacker's own. The LP solutions are tables consistent with
 * everything published, passed to `onSolution` as witnesses.
 */
export function innerInterval(
  lp: LpWorkspace,
  ix: Indexed,
  suppressed: ReadonlySet<number>,
  p: number,
  limit: number,
  options: IntervalOptions = {},
): { interval: Interval; exact: boolean } {
  const near = block(ix, p, (i) => suppressed.has(i), limit);
  return { interval: solveComponent(lp, ix, near, [p], options).get(p)!, exact: near.complete };
}

/**
 * Min and max of each target over `comp`'s cells as unknowns ≥ 0, subject to
 * `comp.rows`, which must be every constraint any of the cells is in; the other
 * cells of those rows are fixed at their true values.
 */
function solveComponent(
  lp: LpWorkspace,
  ix: Indexed,
  comp: { cells: number[]; rows: number[] },
  targets: number[],
  options: IntervalOptions,
): Map<number, Interval> {
  const out = new Map<number, Interval>();
  if (comp.rows.length === 0) {
    // Hidden and in no equation: nothing bounds it but zero.
    for (const t of targets) out.set(t, { min: 0, max: Infinity });
    return out;
  }
  const { highs, model } = lp;
  const local = new Map<number, number>();
  comp.cells.forEach((c, j) => local.set(c, j));
  const starts = [0];
  const indices: number[] = [];
  const coefs: number[] = [];
  const rhs: number[] = [];
  for (const r of comp.rows) {
    const row = ix.rows[r];
    let b = 0;
    row.cells.forEach((c, t) => {
      const j = local.get(c);
      if (j === undefined) b -= row.coefs[t] * ix.values[c];
      else {
        indices.push(j);
        coefs.push(row.coefs[t]);
      }
    });
    rhs.push(b);
    starts.push(indices.length);
  }
  const n = comp.cells.length;
  model.passModel({
    numCols: n,
    numRows: comp.rows.length,
    colCost: new Float64Array(n),
    colLower: new Float64Array(n),
    colUpper: new Float64Array(n).fill(highs.infinity),
    rowLower: rhs,
    rowUpper: rhs,
    matrix: { format: 'csr', numRows: comp.rows.length, numCols: n, starts, indices, values: coefs },
  });
  const status = highs.constants.modelStatus;
  const { minimize, maximize } = highs.constants.objectiveSense;
  let previous = -1;
  for (const t of targets) {
    const j = local.get(t)!;
    if (previous >= 0) model.changeColCost(previous, 0);
    model.changeColCost(j, 1);
    previous = j;
    const bound = (sense: typeof minimize | typeof maximize): number => {
      model.changeObjectiveSense(sense);
      model.run();
      const s = model.getModelStatus();
      if (s === status.optimal) {
        options.onSolution?.(comp.cells, model.getSolution().colValue);
        return snap(model.getObjectiveValue());
      }
      if (sense === maximize && (s === status.unbounded || s === status.unboundedOrInfeasible)) return Infinity;
      // The published values themselves satisfy every constraint, so the LP is
      // feasible and bounded below by zero: any other answer is a solver failure.
      throw new Error(`disclosure audit: HiGHS ended with model status ${s} on cell ${ix.ids[t]}`);
    };
    out.set(t, { min: Math.max(0, bound(minimize)), max: bound(maximize) });
  }
  return out;
}

/** Every sensitive cell not protected under `suppressed`, with its interval and why. */
export function exposedCells(ix: Indexed, suppressed: ReadonlySet<number>, intervals: Map<number, Interval>): ExposedCell[] {
  const exposed: ExposedCell[] = [];
  ix.primary.forEach((isPrimary, i) => {
    if (!isPrimary) return;
    const iv = intervals.get(i) ?? { min: ix.values[i], max: ix.values[i] };
    const why = suppressed.has(i) ? exposureReason(ix.values[i], iv, ix.widths[i]) : 'published although sensitive';
    if (why === undefined) return;
    const cell = ix.cells[i];
    exposed.push({ id: ix.ids[i], table: cell.table, key: cell.key, value: ix.values[i], min: iv.min, max: iv.max, why });
  });
  return exposed.sort((a, b) => a.max - a.min - (b.max - b.min) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The audit on indexed data: intervals of every suppressed cell (or only the sensitive ones) and the sensitive cells exposed. */
function auditIndexed(lp: LpWorkspace, ix: Indexed, suppressed: ReadonlySet<number>, sensitiveOnly = false): { exposed: ExposedCell[]; intervals: Map<number, Interval> } {
  const targets = [...suppressed].filter((i) => !sensitiveOnly || ix.primary[i]).sort((a, b) => a - b);
  const intervals = intervalsFor(lp, ix, suppressed, targets);
  return { exposed: exposedCells(ix, suppressed, intervals), intervals };
}

/**
 * Audits a publication: `suppressed` names the hidden cells (ids `table:key` or
 * refs); everything else is published. Returns the interval an attacker can
 * infer for every hidden cell (with `sensitiveOnly`, for the sensitive ones
 * alone: all the verdict needs, in half the LPs or fewer) and every sensitive
 * cell left exposed.
 */
export async function audit(problem: ProtectionProblem, suppressed: Iterable<string | CellRef>, options: { sensitiveOnly?: boolean } = {}): Promise<AuditResult> {
  const ix = validateProblem(problem);
  const set = indicesOf(ix, suppressed);
  const { exposed, intervals } = await withWorkspace((lp) => auditIndexed(lp, ix, set, options.sensitiveOnly));
  return { exposed, intervals: new Map([...intervals].map(([i, iv]) => [ix.ids[i], iv])) };
}
