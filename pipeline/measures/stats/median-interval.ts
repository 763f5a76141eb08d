// Distribution-free confidence interval for a median from order statistics: the
// interval [X(j), X(n − j + 1)] covers the population median with probability
// 1 − 2·P(B ≤ j − 1), B ~ Binomial(n, ½), whatever the shape of the distribution.
// Reference: Conover WJ (1999) Practical Nonparametric Statistics, 3rd ed., §3.2;
// Campbell MJ, Gardner MJ (1988) BMJ 296:1454–1456 (Table 1 lists the ranks).
import { assertLevel } from './checks.ts';
import { binomialCdf } from './distributions.ts';

export type MedianRanks =
  | { ok: true; n: number; lowerRank: number; upperRank: number; coverage: number }
  | { ok: false; n: number; reason: 'too_few_values'; detail: string };

/**
 * The 1-based ranks j and n − j + 1 of the sorted values that bound the median at
 * confidence at least `level`: j is the largest rank with 2·P(B ≤ j − 1) ≤ 1 − level,
 * so the interval is the narrowest symmetric one that keeps the promised coverage.
 * `coverage` is the exact coverage, which is never below `level` (the counts are
 * discrete). Too few values (n < 6 at 95%) and no interval reaches the level: refused.
 */
export function medianRanks(n: number, level = 0.95): MedianRanks {
  assertLevel(level);
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`n must be a whole number ≥ 0, got ${n}`);
  const tail = (1 - level) / 2;
  // P(B ≤ j − 1) grows with j: binary search for the last j where it is ≤ tail.
  let lo = 0, hi = Math.floor((n + 1) / 2);
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (binomialCdf(mid - 1, n, 0.5) <= tail) lo = mid;
    else hi = mid - 1;
  }
  if (lo < 1) {
    return { ok: false, n, reason: 'too_few_values', detail: `${n} value(s): even the full range covers the median with probability ${n === 0 ? 0 : (1 - 2 * 0.5 ** n).toFixed(3)}, under ${level}` };
  }
  return { ok: true, n, lowerRank: lo, upperRank: n - lo + 1, coverage: 1 - 2 * binomialCdf(lo - 1, n, 0.5) };
}
