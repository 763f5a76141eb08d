// Primary and complementary suppression with an audit-and-fix loop, in the
// spirit of τ-Argus's modular method and sdcTable's SIMPLEHEURISTIC:
//   1. hide every count of 1..k−1 (primary);
//   2. for each primary cell p in turn: if the witnesses found so far, or else
//      the attacker LP for p, show it protected, go on; otherwise solve the
//      cell-by-cell LP (flow.ts) for a pattern moving p down by L and up by
//      U = width − L, and hide the pattern's cells (complementary, recorded as
//      protecting p);
//   3. try to publish each complementary cell again, costliest first, keeping it
//      published when every primary cell stays protected (witnesses.ts says
//      which cells need an LP to tell);
//   4. audit every hidden cell by LP; fix any primary cell still exposed (a
//      pattern, as in 2) and audit again, until the audit finds none. protect()
//      never returns a publication that audit has not proven safe.
import { CliError, EXIT } from '../errors.ts';
import { type ExposedCell, type Interval, auditIndexed, intervalsFor, isProtected } from './audit.ts';
import { protectingPattern } from './flow.ts';
import type { ProtectionProblem } from './model.ts';
import { type LpWorkspace, withWorkspace } from './solver.ts';
import { type Indexed, validateProblem } from './validate.ts';
import { Witnesses } from './witnesses.ts';

export interface CellStatus {
  state: 'ok' | 'suppressed';
  reason?: 'primary' | 'complementary';
  /**
   * For a complementary cell: the primary cells it was hidden for. When the final
   * pass ran, the first one is proven exposed were this cell published.
   */
  protects?: string[];
}

export interface ProtectResult {
  /** Every cell, by id (`table:key`). */
  status: Map<string, CellStatus>;
  /** Hidden cells over all cells. */
  suppressedShare: number;
  /** Audit-and-fix rounds before the audit found nothing exposed. */
  iterations: number;
  /** The final audit's interval for every hidden cell. */
  intervals: Map<string, Interval>;
  counts: { cells: number; primary: number; complementary: number };
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
}

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

export async function protect(problem: ProtectionProblem, options: ProtectOptions = {}): Promise<ProtectResult> {
  const ix = validateProblem(problem);
  return withWorkspace((lp) => new Protection(lp, ix).run(options.cleanup ?? true, options.cleanupLimit ?? 60));
}

class Protection {
  private readonly primaries: number[];
  private readonly hidden: Set<number>;
  private readonly witnesses: Witnesses;
  /** For each complementary cell, the primary cells it was hidden for. */
  private readonly protects = new Map<number, Set<number>>();

  constructor(private readonly lp: LpWorkspace, private readonly ix: Indexed) {
    this.primaries = ix.primary.flatMap((p, i) => (p ? [i] : []));
    this.hidden = new Set(this.primaries);
    this.witnesses = new Witnesses(ix);
  }

  run(cleanup: boolean, cleanupLimit: number): ProtectResult {
    const { ix, hidden } = this;
    let rounds = 0;
    let todo = this.primaries;
    let final: ReturnType<typeof auditIndexed>;
    for (;;) {
      rounds++;
      for (const p of todo) if (rounds > 1 || !this.isSafe(p)) this.fix(p);
      if (rounds === 1 && cleanup) this.publishAgain(cleanupLimit);
      final = auditIndexed(this.lp, ix, hidden);
      if (final.exposed.length === 0) break;
      if (rounds >= MAX_ROUNDS) throw new UnprotectedError(final.exposed);
      todo = final.exposed.map((e) => ix.index.get(e.id)!);
    }

    const status = new Map<string, CellStatus>();
    let complementary = 0;
    ix.ids.forEach((id, i) => {
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
      suppressedShare: ix.ids.length === 0 ? 0 : hidden.size / ix.ids.length,
      iterations: rounds,
      intervals: new Map([...final.intervals].map(([i, iv]) => [ix.ids[i], iv])),
      counts: { cells: ix.ids.length, primary: this.primaries.length, complementary },
    };
  }

  /** Whether p is protected under the current hidden set: by witnesses if they suffice, else by its LP. */
  private isSafe(p: number): boolean {
    const { ix } = this;
    if (isProtected(ix.values[p], this.witnesses.reach(p), ix.widths[p])) return true;
    const iv = intervalsFor(this.lp, ix, this.hidden, [p], {
      onSolution: (cells, values) => this.witnesses.addSolution(cells, values),
    }).get(p)!;
    return isProtected(ix.values[p], iv, ix.widths[p]);
  }

  /** Hides the cells of a pattern moving p down and one moving it up. */
  private fix(p: number): void {
    const { ix } = this;
    const { down, up } = patternAmounts(ix.values[p], ix.widths[p]);
    for (const [direction, amount] of [['down', down], ['up', up]] as const) {
      const pattern = protectingPattern(this.lp, ix, this.hidden, p, direction, amount);
      for (const c of pattern.keys()) {
        if (c === p || ix.primary[c]) continue;
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
      .filter((c) => !ix.primary[c])
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
