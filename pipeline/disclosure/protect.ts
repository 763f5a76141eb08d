// Primary and complementary suppression with an audit-and-fix loop, in the
// spirit of τ-Argus's modular method and sdcTable's SIMPLEHEURISTIC:
//   1. hide every count of 1..k−1 (primary);
//   2. for each primary cell p in turn: if the witnesses found so far, or else
//      the attacker LP for p over the hidden cells nearest to it, show it
//      protected, go on; otherwise solve the cell-by-cell LP (flow.ts) for a
//      pattern moving p down by L and up by U = width − L, and hide the
//      pattern's cells (complementary, recorded as protecting p);
//   3. try to publish each complementary cell again, costliest first, keeping it
//      published when every primary cell stays protected (witnesses.ts says
//      which cells need an LP to tell);
//   4. audit every primary cell: proven protected by witnesses (checked tables
//      the attacker cannot rule out, witnesses.ts) or else by its attacker LP
//      over its whole connected block of hidden cells; fix any primary cell
//      still exposed (a pattern, as in 2) and audit again, until none is.
//      protect() never returns a publication it has not proven safe.
import { CliError, EXIT } from '../errors.ts';
import { type ExposedCell, type Interval, exposedCells, innerInterval, intervalsFor, isProtected } from './audit.ts';
import { protectingPattern, startingHood } from './flow.ts';
import type { ProtectionProblem } from './model.ts';
import { type LpWorkspace, withWorkspace } from './solver.ts';
import { type Indexed, validateProblem } from './validate.ts';
import { Witnesses } from './witnesses.ts';

export interface CellStatus {
  state: 'ok' | 'suppressed';
  /**
   * `small_slice` is never set here: the publish step gives it to the cells it
   * withholds before protection (pipeline/publish/small-slices.ts).
   */
  reason?: 'primary' | 'complementary' | 'small_slice';
  /** A cell no page shows (Cell.unpublished): always suppressed; `reason` says whether it is sensitive. */
  unpublished?: true;
  /**
   * For a complementary cell: the primary cells it was hidden for. When the final
   * pass ran, the first one could not be shown protected were this cell
   * published (proven exposed when its block of hidden cells is small enough for
   * the local LP to be exact).
   */
  protects?: string[];
}

export interface ProtectResult {
  /** Every cell, by id (`table:key`). */
  status: Map<string, CellStatus>;
  /** Hidden cells over all cells that may be published (unpublished cells left out). */
  suppressedShare: number;
  /** Audit-and-fix rounds before the audit found nothing exposed. */
  iterations: number;
  /**
   * For every primary cell, an interval the attacker's LP interval contains:
   * spanned by tables consistent with everything published (witnesses), or the
   * LP interval itself where witnesses did not suffice. `audit` gives the
   * attacker's exact intervals.
   */
  intervals: Map<string, Interval>;
  counts: { cells: number; primary: number; complementary: number; unpublished: number };
}

export interface ProtectOptions {
  /** Try to publish each complementary cell again (default true). Slower, hides less. */
  cleanup?: boolean;
  /**
   * At most this many complementary cells, costliest first, are tried again
   * (default 60). Each try can cost a linear program over a large linked
   * component; on a site with many linked scopes trying all of them cost 70 s to
   * publish 1.6% more cells. A count, not a time limit, so output is reproducible.
   */
  cleanupLimit?: number;
  /**
   * Told how far the first pass over the sensitive cells has got, at most once
   * every `progressEverySeconds` (default DEFAULT_PROGRESS_SECONDS), so a long
   * protection is never silent. Counts of cells only: never a value.
   */
  onProgress?: (progress: ProtectProgress) => void;
  progressEverySeconds?: number;
}

export interface ProtectProgress {
  /** Sensitive cells checked (and, where needed, given a protecting pattern) so far. */
  done: number;
  total: number;
  elapsedSeconds: number;
  /** Seconds left at the pace so far; a rough guide, since cells differ in cost. */
  remainingSeconds: number;
}

export const DEFAULT_PROGRESS_SECONDS = 30;

/** Thrown rather than returning a publication that leaves a sensitive cell exposed. */
export class UnprotectedError extends CliError {
  readonly exposed: ExposedCell[];
  constructor(exposed: ExposedCell[]) {
    const first = exposed.slice(0, 5).map((e) => `${e.id} (value ${e.value}: ${e.why})`).join('; ');
    super(`disclosure: ${exposed.length} sensitive cell(s) still exposed after suppression: ${first}`, { exitCode: EXIT.internal });
    this.name = 'UnprotectedError';
    this.exposed = exposed;
  }
}

/** How far a protecting pattern moves a primary cell of `value` down and up. */
export function patternAmounts(value: number, width: number): { down: number; up: number } {
  const down = Math.max(1, Math.min(value, Math.floor(width / 2)));
  return { down, up: Math.max(1, width - down) };
}

/** Rounds of audit-and-fix before giving up; each round after the first only fixes what the audit found. */
const MAX_ROUNDS = 10;

/**
 * When the witnesses do not show a cell protected, its attacker LP is solved
 * over the NEAR hidden cells nearest to it, the others held at their values. In
 * a site whose hidden cells chain into one block of thousands, an LP over the
 * whole block for every cell was most of protection's time (1,000-case sample:
 * 123 of 169 s). A cell not shown protected that way is treated as exposed and
 * gets a pattern (hiding more, never less); the final audit falls back to the
 * whole block. Larger neighbourhoods (up to 2,000, doubling) cost more than the
 * patterns they saved.
 */
const NEAR = 250;

export async function protect(problem: ProtectionProblem, options: ProtectOptions = {}): Promise<ProtectResult> {
  const ix = validateProblem(problem);
  return withWorkspace((lp) => new Protection(lp, ix, progressReporter(options)).run(options.cleanup ?? true, options.cleanupLimit ?? 60));
}

/** Calls options.onProgress at most every progressEverySeconds; a no-op without one. */
function progressReporter(options: ProtectOptions): (done: number, total: number) => void {
  const report = options.onProgress;
  if (!report) return () => {};
  const every = (options.progressEverySeconds ?? DEFAULT_PROGRESS_SECONDS) * 1000;
  const start = performance.now();
  let last = start;
  return (done, total) => {
    const now = performance.now();
    if (now - last < every || done === 0) return;
    last = now;
    const elapsed = (now - start) / 1000;
    report({ done, total, elapsedSeconds: Math.round(elapsed), remainingSeconds: Math.round((elapsed / done) * (total - done)) });
  };
}

class Protection {
  private readonly primaries: number[];
  private readonly hidden: Set<number>;
  private readonly witnesses: Witnesses;
  /** For each complementary cell, the primary cells it was hidden for. */
  private readonly protects = new Map<number, Set<number>>();

  constructor(private readonly lp: LpWorkspace, private readonly ix: Indexed, private readonly progress: (done: number, total: number) => void) {
    this.primaries = ix.primary.flatMap((p, i) => (p ? [i] : []));
    this.hidden = new Set(this.primaries);
    ix.unpublished.forEach((u, i) => u && this.hidden.add(i));
    this.witnesses = new Witnesses(ix);
  }

  run(cleanup: boolean, cleanupLimit: number): ProtectResult {
    const { ix, hidden } = this;
    let rounds = 0;
    let todo = this.primaries;
    let final: { exposed: ExposedCell[]; intervals: Map<number, Interval> };
    for (;;) {
      rounds++;
      todo.forEach((p, done) => {
        if (rounds === 1) this.progress(done, todo.length);
        if (rounds > 1 || !this.isSafe(p)) this.fix(p);
      });
      if (rounds === 1 && cleanup) this.publishAgain(cleanupLimit);
      final = this.audit();
      if (final.exposed.length === 0) break;
      if (rounds >= MAX_ROUNDS) throw new UnprotectedError(final.exposed);
      todo = final.exposed.map((e) => ix.index.get(e.id)!);
    }

    const status = new Map<string, CellStatus>();
    let complementary = 0, unpublished = 0, hiddenPublishable = 0;
    ix.ids.forEach((id, i) => {
      if (ix.unpublished[i]) {
        unpublished++;
        status.set(id, ix.primary[i] ? { state: 'suppressed', reason: 'primary', unpublished: true } : { state: 'suppressed', unpublished: true });
        return;
      }
      if (hidden.has(i)) hiddenPublishable++;
      if (!hidden.has(i)) status.set(id, { state: 'ok' });
      else if (ix.primary[i]) status.set(id, { state: 'suppressed', reason: 'primary' });
      else {
        complementary++;
        const reasons = [...(this.protects.get(i) ?? [])];
        if (reasons.length === 0) throw new Error(`disclosure: ${id} is hidden with no recorded reason`);
        status.set(id, { state: 'suppressed', reason: 'complementary', protects: reasons.map((p) => ix.ids[p]) });
      }
    });
    return {
      status,
      suppressedShare: ix.ids.length === unpublished ? 0 : hiddenPublishable / (ix.ids.length - unpublished),
      iterations: rounds,
      intervals: new Map([...final.intervals].map(([i, iv]) => [ix.ids[i], iv])),
      counts: { cells: ix.ids.length, primary: this.primaries.length, complementary, unpublished },
    };
  }

  private readonly keep = {
    onSolution: (cells: readonly number[], values: ArrayLike<number>) => this.witnesses.addSolution(cells, values),
  };

  /**
   * Whether p is shown protected under the current hidden set: by witnesses if
   * they suffice, else by its attacker LP over the hidden cells nearest to it.
   * False may mean "not shown": callers then hide more.
   */
  private isSafe(p: number): boolean {
    const { ix } = this;
    if (isProtected(ix.values[p], this.witnesses.reach(p), ix.widths[p])) return true;
    return isProtected(ix.values[p], innerInterval(this.lp, ix, this.hidden, p, NEAR, this.keep).interval, ix.widths[p]);
  }

  /**
   * The proof: every primary cell's range over the witnesses that move hidden
   * cells only (each checked against the constraints when kept), and, for a cell
   * they do not show protected, the attacker's LP over its whole block.
   */
  private audit(): { exposed: ExposedCell[]; intervals: Map<number, Interval> } {
    const { ix, hidden } = this;
    const intervals = this.witnesses.certify(this.primaries, hidden);
    const open = this.primaries.filter((p) => !isProtected(ix.values[p], intervals.get(p)!, ix.widths[p]));
    for (const [p, iv] of intervalsFor(this.lp, ix, hidden, open, this.keep)) intervals.set(p, iv);
    return { exposed: exposedCells(ix, hidden, intervals), intervals };
  }

  /**
   * Hides the cells of a pattern moving p down and one moving it up. The down
   * pattern, scaled the other way, often moves p up far enough too: then the up
   * one is not sought.
   */
  private fix(p: number): void {
    const { ix } = this;
    const { down, up } = patternAmounts(ix.values[p], ix.widths[p]);
    const hood = startingHood(ix, p);
    for (const [direction, amount] of [['down', down], ['up', up]] as const) {
      if (direction === 'up' && isProtected(ix.values[p], this.witnesses.reach(p), ix.widths[p])) break;
      const pattern = protectingPattern(this.lp, ix, this.hidden, p, direction, amount, hood);
      for (const c of pattern.keys()) {
        if (c === p || ix.primary[c] || ix.unpublished[c]) continue;
        this.hidden.add(c);
        if (!this.protects.has(c)) this.protects.set(c, new Set());
        this.protects.get(c)!.add(p);
      }
      this.witnesses.add(pattern);
    }
  }

  /**
   * Publishes again every complementary cell that no primary cell needs,
   * costliest first. Only primary cells moved by a witness through the cell can
   * lose protection, so only they are checked. Hiding less can only narrow
   * intervals, so a cell kept here stays needed after later cells are published:
   * every complementary cell left protects some primary cell, recorded first
   * among its reasons.
   */
  private publishAgain(limit: number): void {
    const { ix, hidden, witnesses } = this;
    const complements = [...hidden]
      .filter((c) => !ix.primary[c] && !ix.unpublished[c])
      .sort((a, b) => ix.cost[b] - ix.cost[a] || a - b)
      .slice(0, limit);
    for (const c of complements) {
      const through = witnesses.moving(c);
      const hint = this.protects.get(c) ?? new Set<number>();
      const affected = witnesses.primariesMovedBy(through).sort((a, b) => Number(hint.has(b)) - Number(hint.has(a)) || a - b);
      witnesses.setAlive(through, false);
      hidden.delete(c);
      const broken = affected.find((p) => !this.isSafe(p));
      if (broken === undefined) {
        this.protects.delete(c);
        continue;
      }
      hidden.add(c);
      witnesses.setAlive(through, true);
      this.protects.set(c, new Set([broken, ...hint]));
    }
  }
}
