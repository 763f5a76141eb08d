// Clopper–Pearson "exact" interval from beta quantiles.
// Reference: Clopper CJ, Pearson ES (1934) Biometrika 26:404–413; method 5 of Newcombe (1998) Stat Med 17:857–872.
import { assertEventsOf, assertLevel } from './checks.ts';
import { betaQuantile } from './distributions.ts';
import type { ProportionInterval } from './wilson.ts';

/**
 * Proportion x/n with the Clopper–Pearson interval: guaranteed coverage, so
 * conservative; the one to quote for small counts. Same interval as R's
 * binom.test(x, n)$conf.int. n = 0 gives nulls.
 */
export function clopperPearson(x: number, n: number, level = 0.95): ProportionInterval {
  assertEventsOf(x, n);
  assertLevel(level);
  if (n === 0) return { estimate: null, lower: null, upper: null, level, method: 'clopper_pearson' };
  const alpha = 1 - level;
  return {
    estimate: x / n,
    lower: x === 0 ? 0 : betaQuantile(alpha / 2, x, n - x + 1),
    upper: x === n ? 1 : betaQuantile(1 - alpha / 2, x + 1, n - x),
    level,
    method: 'clopper_pearson',
  };
}
