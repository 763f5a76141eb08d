// The rule HUD's Eva and Stella P apply, kept only as a baseline to measure
// protect() against: it has no audit and leaks (see test/disclosure/leaks.test.ts).
// Never publish with it.
import { type CellRef, type Fragment, DEFAULT_K, cellId } from './model.ts';

/**
 * Hide counts 1..k−1; then in each group (a row of a page) with exactly one
 * hidden cell, hide the next-lowest count of the group too. Returns hidden ids.
 */
export function naiveNextSmallest(problem: Fragment, groups: CellRef[][], k = DEFAULT_K): Set<string> {
  const value = new Map(problem.cells.map((c) => [cellId(c), c.value]));
  const hidden = new Set(problem.cells.filter((c) => c.value >= 1 && c.value < k).map(cellId));
  for (const group of groups) {
    const ids = group.map(cellId);
    if (ids.filter((id) => hidden.has(id)).length !== 1) continue;
    const next = ids.filter((id) => !hidden.has(id)).sort((a, b) => value.get(a)! - value.get(b)! || (a < b ? -1 : 1))[0];
    if (next !== undefined) hidden.add(next);
  }
  return hidden;
}
