// The cell-by-cell LP that picks complementary cells for one sensitive cell p
// (the single-cell subproblem of Fischetti & Salazar's model, solved as an LP
// heuristic the way τ-Argus's modular and network methods do).
//
// Find a change y to the table that keeps every constraint true (A·y = 0), moves
// p by `amount` up or down, and never drives a count below zero (y_c ≥ −value_c),
// at the least total cost Σ cost_c·|y_c|, where hidden cells are nearly free.
// Every cell with y_c ≠ 0 is then hidden. The attacker, who sees the same
// constraints, can no longer tell the true table from the true table plus y, so
// after hiding those cells p's interval reaches at least value ± amount.
import type { LpWorkspace } from './solver.ts';
import type { Indexed } from './validate.ts';
import { block } from './audit.ts';

/** Cost per unit of moving a cell that is already hidden: small, to keep patterns short. */
const HIDDEN_COST = 1e-3;

/**
 * The search starts with the MIN_CELLS cells nearest to the cell to protect
 * (breadth first through the constraints; cells further out stay fixed), and
 * takes GROWTH times as many each time no pattern exists within them, up to all
 * it connects to. A site of many linked pages puts thousands of cells within two
 * constraints of any count, and an LP over all of them for every sensitive cell
 * was most of protection's time. Starting at 400 cells, 70% of searches on the
 * 50,000-case sample found no pattern (cells at the edge are held fixed, and
 * each count sits in a dozen equations); 1,600 took 96 s instead of 115 s.
 */
const MIN_CELLS = 1600;
const GROWTH = 4;

/**
 * The cells to hide so that p can move by `amount` in `direction` (its own entry
 * included), with how much each moves; the search widens from p's own
 * constraints outwards until a pattern exists (one always does: scaling the
 * whole connected table up or down).
 */
export function protectingPattern(
  lp: LpWorkspace,
  ix: Indexed,
  hidden: ReadonlySet<number>,
  p: number,
  direction: 'up' | 'down',
  amount: number,
  start: Hood = startingHood(ix, p),
): Map<number, number> {
  for (let hood = start; ; hood = nearest(ix, p, hood.cells.length * GROWTH)) {
    const pattern = solvePattern(lp, ix, hidden, hood, p, direction, amount);
    if (pattern) return pattern;
    if (hood.complete) {
      throw new Error(`disclosure: no protecting pattern for ${ix.ids[p]} although one always exists; the solver failed`);
    }
  }
}

type Hood = ReturnType<typeof block>;

const nearest = (ix: Indexed, p: number, limit: number): Hood => block(ix, p, () => true, limit);

/** The first cells searched for p's patterns (shared by its two directions). */
export const startingHood = (ix: Indexed, p: number): Hood => nearest(ix, p, MIN_CELLS);

function solvePattern(
  lp: LpWorkspace,
  ix: Indexed,
  hidden: ReadonlySet<number>,
  hood: { cells: number[]; rows: number[] },
  p: number,
  direction: 'up' | 'down',
  amount: number,
): Map<number, number> | undefined {
  const { highs, model } = lp;
  const n = hood.cells.length;
  const local = new Map<number, number>();
  hood.cells.forEach((c, j) => local.set(c, j));
  // Column 2j is y⁺ of cell j, column 2j+1 is y⁻ (y = y⁺ − y⁻).
  const cost = new Float64Array(2 * n);
  const lower = new Float64Array(2 * n);
  const upper = new Float64Array(2 * n);
  hood.cells.forEach((c, j) => {
    const unit = hidden.has(c) ? HIDDEN_COST : ix.cost[c];
    cost[2 * j] = unit;
    cost[2 * j + 1] = unit;
    upper[2 * j] = highs.infinity;
    upper[2 * j + 1] = ix.values[c];
  });
  const jp = local.get(p)!;
  const [plus, minus] = direction === 'up' ? [amount, 0] : [0, amount];
  lower[2 * jp] = upper[2 * jp] = plus;
  lower[2 * jp + 1] = upper[2 * jp + 1] = minus;
  cost[2 * jp] = cost[2 * jp + 1] = 0;

  const starts = [0];
  const indices: number[] = [];
  const values: number[] = [];
  for (const r of hood.rows) {
    const row = ix.rows[r];
    row.cells.forEach((c, t) => {
      const j = local.get(c);
      if (j === undefined) return;
      indices.push(2 * j, 2 * j + 1);
      values.push(row.coefs[t], -row.coefs[t]);
    });
    starts.push(indices.length);
  }
  const m = hood.rows.length;
  const zeros = new Float64Array(m);
  model.passModel({
    numCols: 2 * n,
    numRows: m,
    colCost: cost,
    colLower: lower,
    colUpper: upper,
    rowLower: zeros,
    rowUpper: zeros,
    matrix: { format: 'csr', numRows: m, numCols: 2 * n, starts, indices, values },
  });
  model.run();
  const status = model.getModelStatus();
  if (status === highs.constants.modelStatus.infeasible) return undefined;
  if (status !== highs.constants.modelStatus.optimal) {
    throw new Error(`disclosure: HiGHS ended with model status ${status} looking for a pattern for ${ix.ids[p]}`);
  }
  const y = model.getSolution().colValue;
  const moved = new Map<number, number>();
  hood.cells.forEach((c, j) => {
    const d = y[2 * j] - y[2 * j + 1];
    if (Math.abs(d) > 1e-7) moved.set(c, d);
  });
  return moved;
}
