// Witnesses: other tables the attacker cannot tell from the true one. A witness
// is a change y to the hidden cells that keeps every constraint true (A·y = 0).
// The true table plus α·y, for every α that keeps all counts ≥ 0, agrees with
// everything published; so a sensitive cell moved by y can lie anywhere in that
// range, whatever the attacker does. Patterns found for complementary
// suppression and the attacker LP's own optimal solutions are witnesses.
//
// protect() uses them to skip LPs: a cell whose witnesses already span the
// required interval is protected, and publishing a cell that no witness moves
// cannot expose anything. They are also protect()'s proof: a witness is checked
// against every constraint it touches when it is kept (A·y = 0, whatever found
// it), and `certify` counts only witnesses that move hidden cells alone, so the
// range it gives a sensitive cell is spanned by tables the attacker cannot rule
// out. The attacker's own LP interval contains that range.
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
/** A constraint holds for a change when |Σ coef·delta| ≤ SLACK·(1 + Σ |coef·delta|) (the solver's answers are floating-point). */
const SLACK = 1e-6;

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
    if (!movesPrimary || alphaMax <= 0 && alphaMin >= 0 || !this.keepsConstraints(cells, deltas)) return;
    const id = this.list.length;
    this.list.push({ cells, deltas, alphaMin, alphaMax, alive: true });
    for (const c of cells) {
      const ids = this.byCell.get(c);
      if (ids) ids.push(id);
      else this.byCell.set(c, [id]);
    }
  }

  /** Whether the change keeps every constraint it touches: Σ coef·delta = 0. */
  private keepsConstraints(cells: readonly number[], deltas: readonly number[]): boolean {
    const { ix } = this;
    const delta = new Map<number, number>();
    cells.forEach((c, j) => delta.set(c, deltas[j]));
    const checked = new Set<number>();
    for (const c of cells) {
      for (const r of ix.rowsOf[c]) {
        if (checked.has(r)) continue;
        checked.add(r);
        const row = ix.rows[r];
        let sum = 0, scale = 0;
        row.cells.forEach((d, t) => {
          const x = row.coefs[t] * (delta.get(d) ?? 0);
          sum += x;
          scale += Math.abs(x);
        });
        if (Math.abs(sum) > SLACK * (1 + scale)) return false;
      }
    }
    return true;
  }

  /**
   * The range each of `cells` (hidden) spans over the witnesses that move only
   * cells in `hidden`, live or not: a range the attacker's interval contains.
   */
  certify(cells: readonly number[], hidden: ReadonlySet<number>): Map<number, Interval> {
    const usable = new Map<number, boolean>();
    const ok = (id: number) => {
      let u = usable.get(id);
      if (u === undefined) usable.set(id, (u = this.list[id].cells.every((c) => hidden.has(c))));
      return u;
    };
    return new Map(cells.map((p) => [p, this.range(p, ok)]));
  }

  /** Adds an LP solution (values of `cells`) as the change from the true table. */
  addSolution(cells: readonly number[], values: ArrayLike<number>): void {
    this.add(cells.map((c, j) => [c, values[j] - this.ix.values[c]] as const));
  }

  /** The range of cell p's value spanned by the live witnesses: a subset of the attacker's interval. */
  reach(p: number): Interval {
    return this.range(p, (id) => this.list[id].alive);
  }

  private range(p: number, use: (id: number) => boolean): Interval {
    const v = this.ix.values[p];
    let min = v, max = v;
    for (const id of this.byCell.get(p) ?? []) {
      const w = this.list[id];
      if (!use(id)) continue;
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
