// Fisher's exact test for a 2×2 table, two-sided by summing the probabilities of
// every table no more likely than the observed one (R's fisher.test convention).
// Reference: Fisher RA (1935) J R Stat Soc 98:39–82; Agresti A (1992) Statistical Science 7:131–153.
import { assertCount } from './checks.ts';
import { lchoose } from './distributions.ts';

/** R's fisher.test tolerance: a table counts as "as extreme" when its probability is ≤ the observed one × (1 + 1e-7). */
export const FISHER_RELATIVE_TOLERANCE = 1e-7;

/**
 * Two-sided p-value for the table
 *
 *     a  b
 *     c  d
 *
 * conditioning on both margins. Probabilities are built from log-binomial
 * coefficients (lgamma) and rescaled by their maximum, so tables with tens of
 * thousands of cases neither overflow nor underflow. A table with a zero margin
 * has only one possible arrangement, so p = 1.
 */
export function fisherExact(a: number, b: number, c: number, d: number): number {
  assertCount('a', a);
  assertCount('b', b);
  assertCount('c', c);
  assertCount('d', d);
  const col1 = a + c;
  const col2 = b + d;
  const row1 = a + b;
  // a is hypergeometric: row1 draws from col1 "successes" and col2 "failures".
  const lo = Math.max(0, row1 - col2);
  const hi = Math.min(row1, col1);
  if (lo === hi) return 1;

  const logp = new Float64Array(hi - lo + 1);
  let max = -Infinity;
  for (let i = lo; i <= hi; i++) {
    const v = lchoose(col1, i) + lchoose(col2, row1 - i);
    logp[i - lo] = v;
    if (v > max) max = v;
  }
  let total = 0;
  for (let i = 0; i < logp.length; i++) total += Math.exp(logp[i] - max);
  const cutoff = Math.exp(logp[a - lo] - max) * (1 + FISHER_RELATIVE_TOLERANCE);
  let extreme = 0;
  for (let i = 0; i < logp.length; i++) {
    const p = Math.exp(logp[i] - max);
    if (p <= cutoff) extreme += p;
  }
  return Math.min(1, extreme / total);
}
