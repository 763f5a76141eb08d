// Shared by the disclosure tests: small readers of protect()'s result and a
// one-way table builder. The naive rule they show leaking is in the pipeline's
// baseline.ts, so that the benchmark measures the same rule.
import type { HierarchyNode, ProtectResult } from '../../pipeline/disclosure/index.ts';

export { naiveNextSmallest } from '../../pipeline/disclosure/baseline.ts';

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
