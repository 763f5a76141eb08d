// Wilson score interval for a binomial proportion.
// Reference: Wilson EB (1927) JASA 22:209–212; method 3 of Newcombe RG (1998) Stat Med 17:857–872.
import { assertEventsOf, assertLevel } from './checks.ts';
import { zCritical } from './distributions.ts';
import type { Interval } from './interval.ts';

export interface ProportionInterval extends Interval {
  method: 'wilson' | 'clopper_pearson';
}

/**
 * Proportion x/n with its Wilson score interval (no continuity correction; the
 * interval R's prop.test(x, n, correct = FALSE) reports). n = 0 gives nulls.
 */
export function wilson(x: number, n: number, level = 0.95): ProportionInterval {
  assertEventsOf(x, n);
  assertLevel(level);
  if (n === 0) return { estimate: null, lower: null, upper: null, level, method: 'wilson' };
  const z = zCritical(level);
  const z2 = z * z;
  const centre = (x + z2 / 2) / (n + z2);
  const half = (z / (n + z2)) * Math.sqrt((x * (n - x)) / n + z2 / 4);
  return {
    estimate: x / n,
    // At x = 0 (x = n) the bound is exactly 0 (1) algebraically; say so rather than leave rounding dust.
    lower: x === 0 ? 0 : Math.max(0, centre - half),
    upper: x === n ? 1 : Math.min(1, centre + half),
    level,
    method: 'wilson',
  };
}
