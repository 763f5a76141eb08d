// Shared by the disclosure tests: the naive rule they show leaking, and small
// readers of protect()'s result.
import { type CellRef, type Fragment, type HierarchyNode, type ProtectResult, cellId } from '../../pipeline/disclosure/index.ts';

/**
 * HUD's Eva / Stella P rule, the "naive" method: hide counts 1..k−1, then in
 * each group (a row of a page) that has exactly one hidden cell, hide the
 * next-lowest count too. No audit.
 */
export function naiveNextSmallest(problem: Fragment, groups: CellRef[][], k = 11): Set<string> {
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

export function hiddenIds(result: ProtectResult): string[] {
  return [...result.status].filter(([, s]) => s.state === 'suppressed').map(([id]) => id);
}

/** A one-way table: one cell per label and its total, as a two-level hierarchy. */
export function oneWay(variable: string, counts: Record<string, number>): HierarchyNode {
  return {
    key: `${variable}=all`,
    children: Object.entries(counts).map(([label, value]) => ({ key: `${variable}=${label}`, value })),
  };
}
