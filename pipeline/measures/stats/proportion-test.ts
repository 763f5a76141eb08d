// Chooses between the z test and Fisher's exact test by the expected-count rule.
// Reference: Cochran WG (1954) Biometrics 10:417–451 (expected counts of at least 5 for the χ²/z approximation).
import { assertEventsOf } from './checks.ts';
import { fisherExact } from './fisher-exact.ts';
import { twoProportionZ } from './two-proportion-z.ts';

/** Below this expected count in any cell the normal approximation is not trusted and Fisher's test is used. */
export const MIN_EXPECTED_COUNT_FOR_Z = 5;

export interface ProportionTest {
  method: 'fisher_exact' | 'two_proportion_z' | null;
  p: number | null;
  /** The z statistic when the z test was used, else null. */
  z: number | null;
  /** Smallest expected cell count under equal proportions, which decided the method. */
  minExpected: number | null;
  reason: 'empty_group' | null;
}

/**
 * Two-sided test of a/n1 = b/n2 on the table [a, n1 − a; b, n2 − b]: Fisher's
 * exact test when any expected cell count is under 5, otherwise the pooled z test.
 */
export function proportionTest(a: number, n1: number, b: number, n2: number): ProportionTest {
  assertEventsOf(a, n1, 'a', 'n1');
  assertEventsOf(b, n2, 'b', 'n2');
  if (n1 === 0 || n2 === 0) return { method: null, p: null, z: null, minExpected: null, reason: 'empty_group' };
  const total = n1 + n2;
  const events = a + b;
  const minExpected = (Math.min(n1, n2) * Math.min(events, total - events)) / total;
  if (minExpected < MIN_EXPECTED_COUNT_FOR_Z) {
    return { method: 'fisher_exact', p: fisherExact(a, n1 - a, b, n2 - b), z: null, minExpected, reason: null };
  }
  const { z, p } = twoProportionZ(a, n1, b, n2);
  return { method: 'two_proportion_z', p, z, minExpected, reason: null };
}
