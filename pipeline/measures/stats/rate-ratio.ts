// Ratio of two proportions with the Katz log interval.
// Reference: Katz D, Baptista J, Azen SP, Pike MC (1978) Biometrics 34:469–474; zero-cell rule as in
// Deeks JJ, Higgins JPT, Cochrane Handbook §10.4.4.2 (add 0.5 to every cell of the 2×2 table).
import { assertEventsOf, assertLevel } from './checks.ts';
import { zCritical } from './distributions.ts';
import type { Interval } from './interval.ts';

export type RateRatioUndefined =
  /** n1 or n2 is 0: at least one rate does not exist. */
  | 'empty_group'
  /** b = 0: the reference rate is 0, so the ratio is infinite (or 0/0). Report the two rates instead. */
  | 'reference_rate_zero';

export interface RateRatio extends Interval {
  method: 'katz_log';
  /** True when a = 0 and 0.5 was added to each cell (a, n1 − a, b, n2 − b); estimate and interval both use the corrected table. */
  corrected: boolean;
  reason: RateRatioUndefined | null;
}

/**
 * (a/n1) / (b/n2) with the Katz interval exp(ln RR ± z·√(1/a − 1/n1 + 1/b − 1/n2)).
 * Group 1 is the group of interest, group 2 the reference.
 *
 * Only a zero event count breaks the formula: b = 0 leaves the ratio undefined
 * (nulls with a reason); a = 0 gives a ratio of 0 with no log, so the table gets
 * the Haldane–Anscombe 0.5 correction and `corrected: true`. A zero non-event
 * cell (a = n1 or b = n2) needs no correction and gets none.
 */
export function rateRatio(a: number, n1: number, b: number, n2: number, level = 0.95): RateRatio {
  assertEventsOf(a, n1, 'a', 'n1');
  assertEventsOf(b, n2, 'b', 'n2');
  assertLevel(level);
  const none = (reason: RateRatioUndefined): RateRatio =>
    ({ estimate: null, lower: null, upper: null, level, method: 'katz_log', corrected: false, reason });
  if (n1 === 0 || n2 === 0) return none('empty_group');
  if (b === 0) return none('reference_rate_zero');

  const corrected = a === 0;
  // Adding 0.5 to both cells of a row adds 1 to its total.
  const [ea, en1, eb, en2] = corrected ? [a + 0.5, n1 + 1, b + 0.5, n2 + 1] : [a, n1, b, n2];
  const logRr = Math.log(ea / en1) - Math.log(eb / en2);
  const se = Math.sqrt(1 / ea - 1 / en1 + 1 / eb - 1 / en2);
  const z = zCritical(level);
  return {
    estimate: Math.exp(logRr),
    lower: Math.exp(logRr - z * se),
    upper: Math.exp(logRr + z * se),
    level,
    method: 'katz_log',
    corrected,
    reason: null,
  };
}
