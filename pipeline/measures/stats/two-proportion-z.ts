// Two-sided z test for equal proportions with the pooled standard error.
// Reference: Agresti A (2013) Categorical Data Analysis, 3rd ed., §3.1.3 (z² is the Pearson X² of R's prop.test(correct = FALSE)).
import { assertEventsOf } from './checks.ts';
import { twoSidedNormalP } from './distributions.ts';

export interface ZTest {
  /** (a/n1 − b/n2) / pooled SE: positive when group 1's rate is higher. */
  z: number | null;
  p: number | null;
  /** Why z is undefined: a group has no cases, or the pooled rate is 0 or 1 (both rates equal, no variance). */
  reason: 'empty_group' | 'no_variation' | null;
}

export function twoProportionZ(a: number, n1: number, b: number, n2: number): ZTest {
  assertEventsOf(a, n1, 'a', 'n1');
  assertEventsOf(b, n2, 'b', 'n2');
  if (n1 === 0 || n2 === 0) return { z: null, p: null, reason: 'empty_group' };
  const pooled = (a + b) / (n1 + n2);
  if (pooled === 0 || pooled === 1) return { z: null, p: null, reason: 'no_variation' };
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  const z = (a / n1 - b / n2) / se;
  return { z, p: twoSidedNormalP(z), reason: null };
}
