// Primary and complementary suppression with an audit-and-fix loop, in the
// spirit of τ-Argus's modular method and sdcTable's SIMPLEHEURISTIC:
//   1. hide every count of 1..k−1 (primary);
//   2. audit; for each exposed primary cell p, solve the cell-by-cell LP
//      (flow.ts) for a pattern moving p down by L and up by U = width − L, and
//      hide the pattern's cells (complementary, recorded as protecting p);
//   3. repeat until the audit finds nothing exposed;
//   4. try to publish each complementary cell again, costliest first, keeping it
//      published when the audit still proves every primary cell protected;
//   5. audit everything once more and refuse to return if anything is exposed.
import { CliError, EXIT } from '../errors.ts';
import { type Interval, auditIndexed, component, intervalsFor, isProtected, type ExposedCell } from './audit.ts';
import { protectingPattern } from './flow.ts';
import type { ProtectionProblem } from './model.ts';
import { loadSolver, type Highs } from './solver.ts';
import { type Indexed, validateProblem } from './validate.ts';

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

export async function protect(problem: ProtectionProblem, options: ProtectOptions = {}): Promise<ProtectResult> {
  const ix = validateProblem(problem);
  const highs = await loadSolver();
  const primaries = ix.primary.flatMap((p, i) => (p ? [i] : []));
  const hidden = new Set<number>(primaries);
  const protects = new Map<number, Set<number>>();

  let iterations = 0;
  for (;;) {
    iterations++;
    const intervals = intervalsFor(highs, ix, hidden, primaries);
    const exposed = primaries
      .filter((p) => !isProtected(ix.values[p], intervals.get(p)!, ix.width))
      .sort((a, b) => width(intervals.get(a)!) - width(intervals.get(b)!) || a - b);
    if (exposed.length === 0) break;
    if (iterations > ix.ids.length + 1) throw new UnprotectedError(auditIndexed(highs, ix, hidden).exposed);
    let added = 0;
    for (const p of exposed) {
      // Cells hidden for an earlier cell this round may already protect this one.
      if (added > 0 && isProtected(ix.values[p], intervalsFor(highs, ix, hidden, [p]).get(p)!, ix.width)) continue;
      const { down, up } = patternAmounts(ix.values[p], ix.width);
      for (const [direction, amount] of [['down', down], ['up', up]] as const) {
        for (const c of protectingPattern(highs, ix, hidden, p, direction, amount).keys()) {
          if (c === p || ix.primary[c]) continue;
          if (!hidden.has(c)) {
            hidden.add(c);
            added++;
          }
          if (!protects.has(c)) protects.set(c, new Set());
          protects.get(c)!.add(p);
        }
      }
    }
  }

  if (options.cleanup ?? true) publishAgain(highs, ix, hidden, protects);

  const final = auditIndexed(highs, ix, hidden);
  if (final.exposed.length > 0) throw new UnprotectedError(final.exposed);

  const status = new Map<string, CellStatus>();
  let complementary = 0;
  ix.ids.forEach((id, i) => {
    if (!hidden.has(i)) status.set(id, { state: 'ok' });
    else if (ix.primary[i]) status.set(id, { state: 'suppressed', reason: 'primary' });
    else {
      complementary++;
      const reasons = [...(protects.get(i) ?? [])];
      if (reasons.length === 0) throw new Error(`disclosure: ${id} is hidden with no recorded reason`);
      status.set(id, { state: 'suppressed', reason: 'complementary', protects: reasons.map((p) => ix.ids[p]) });
    }
  });
  return {
    status,
    suppressedShare: ix.ids.length === 0 ? 0 : hidden.size / ix.ids.length,
    iterations,
    intervals: new Map([...final.intervals].map(([i, iv]) => [ix.ids[i], iv])),
    counts: { cells: ix.ids.length, primary: primaries.length, complementary },
  };
}

const width = (iv: Interval) => iv.max - iv.min;

/**
 * Publishes again every complementary cell the audit shows is not needed,
 * costliest first. Hiding less can only narrow intervals, so a cell kept here
 * stays needed after later cells are published: every complementary cell left
 * protects some primary cell, which is recorded first among its reasons.
 */
function publishAgain(highs: Highs, ix: Indexed, hidden: Set<number>, protects: Map<number, Set<number>>): void {
  const complements = [...hidden]
    .filter((c) => !ix.primary[c])
    .sort((a, b) => ix.cost[b] - ix.cost[a] || a - b);
  for (const c of complements) {
    const affected = component(ix, c, (i) => hidden.has(i)).cells.filter((i) => ix.primary[i]);
    const hint = protects.get(c) ?? new Set<number>();
    affected.sort((a, b) => Number(hint.has(b)) - Number(hint.has(a)) || a - b);
    hidden.delete(c);
    const intervals = intervalsFor(highs, ix, hidden, affected, { stopAtFirstExposed: true });
    const broken = affected.find((p) => intervals.has(p) && !isProtected(ix.values[p], intervals.get(p)!, ix.width));
    if (broken === undefined) {
      protects.delete(c);
      continue;
    }
    hidden.add(c);
    protects.set(c, new Set([broken, ...hint]));
  }
}
