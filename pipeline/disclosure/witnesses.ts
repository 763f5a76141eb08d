// Witnesses: other tables the attacker cannot tell from the true one. A witness
// is a change y to the hidden cells that keeps every constraint true (A·y = 0).
// The true table plus α·y, for every α that keeps all counts ≥ 0, agrees with
// everything published; so a sensitive cell moved by y can lie anywhere in that
// range, whatever the attacker does. Patterns found for complementary
// suppression and the attacker LP's own optimal solutions are witnesses.
//
// protect() uses them to skip LPs: a cell whose witnesses already span the
// required interval is protected, and publishing a cell that no witness moves
// cannot expose anything. The final audit still solves every LP: witnesses only
// save work, they never decide what is published.
import type { Interval } from './audit.ts';
import type { Indexed } from './validate.ts';

interface Witness {
  cells: number[];
  deltas: number[];
  /** α may range over [alphaMin, alphaMax] with every count staying ≥ 0. */
  alphaMin: number;
  alphaMax: number;
  alive: boolean;
}

/** Entries smaller than this are solver noise, not part of the change. */
const NOISE = 1e-9;

export class Witnesses {
  private readonly list: Witness[] = [];
  private readonly byCell = new Map<number, number[]>();
  constructor(private readonly ix: Indexed) {}

  /** Keeps `change` (cell → delta) if it moves some sensitive cell. */
  add(change: Iterable<readonly [number, number]>): void {
    const cells: number[] = [];
    const deltas: number[] = [];
    let alphaMin = -Infinity, alphaMax = Infinity, movesPrimary = false;
    for (const [c, raw] of change) {
      const d = Math.abs(raw - Math.round(raw)) < 1e-7 ? Math.round(raw) : raw;
      if (Math.abs(d) < NOISE) continue;
      cells.push(c);
      deltas.push(d);
      if (this.ix.primary[c]) movesPrimary = true;
      const v = this.ix.values[c];
      if (d < 0) alphaMax = Math.min(alphaMax, v / -d);
      else alphaMin = Math.max(alphaMin, -v / d);
    }
    if (!movesPrimary || alphaMax <= 0 && alphaMin >= 0) return;
    const id = this.list.length;
    this.list.push({ cells, deltas, alphaMin, alphaMax, alive: true });
    for (const c of cells) {
      const ids = this.byCell.get(c);
      if (ids) ids.push(id);
      else this.byCell.set(c, [id]);
    }
  }

  /** Adds an LP solution (values of `cells`) as the change from the true table. */
  addSolution(cells: readonly number[], values: ArrayLike<number>): void {
    this.add(cells.map((c, j) => [c, values[j] - this.ix.values[c]] as const));
  }

  /** The range of cell p's value spanned by the live witnesses: a subset of the attacker's interval. */
  reach(p: number): Interval {
    const v = this.ix.values[p];
    let min = v, max = v;
    for (const id of this.byCell.get(p) ?? []) {
      const w = this.list[id];
      if (!w.alive) continue;
      const d = w.deltas[w.cells.indexOf(p)];
      const [a, b] = [v + w.alphaMin * d, v + w.alphaMax * d].sort((x, y) => x - y);
      min = Math.min(min, a);
      max = Math.max(max, b);
    }
    return { min: Math.max(0, min), max };
  }

  /** Live witnesses that move cell c. */
  moving(c: number): number[] {
    return (this.byCell.get(c) ?? []).filter((id) => this.list[id].alive);
  }

  /** Sensitive cells moved by the given witnesses. */
  primariesMovedBy(ids: readonly number[]): number[] {
    const out = new Set<number>();
    for (const id of ids) for (const c of this.list[id].cells) if (this.ix.primary[c]) out.add(c);
    return [...out].sort((a, b) => a - b);
  }

  setAlive(ids: readonly number[], alive: boolean): void {
    for (const id of ids) this.list[id].alive = alive;
  }
}
