// Mantel-Haenszel rate ratio across strata, with the Greenland-Robins variance
// of its logarithm and a Wald test: a disparity adjusted for the strata (service
// area, organisation) so that differences in who each service sees do not pass
// for differences in how each group is served (Simpson's paradox).
import { assertEventsOf, assertLevel } from './checks.ts';
import { twoSidedNormalP, zCritical } from './distributions.ts';
import type { Interval } from './interval.ts';

/** One stratum: `a` events of `n1` in the group, `b` events of `n0` in the reference. */
export interface Stratum { a: number; n1: number; b: number; n0: number }

export interface MantelHaenszel extends Interval {
  method: 'mantel_haenszel_greenland_robins';
  /** Strata that had both the group and the reference in them. */
  strata: number;
  p: number | null;
  reason: 'no_informative_strata' | 'no_events' | null;
}

/**
 * RR_MH = Σ aᵢn0ᵢ/Nᵢ ÷ Σ bᵢn1ᵢ/Nᵢ (Rothman, Greenland & Lash, Modern Epidemiology, 3rd ed., ch. 15);
 * var(ln RR_MH) = Σ (n1ᵢn0ᵢ(aᵢ+bᵢ) − aᵢbᵢNᵢ)/Nᵢ² ÷ (Σ aᵢn0ᵢ/Nᵢ · Σ bᵢn1ᵢ/Nᵢ) (Greenland & Robins 1985,
 * Biometrics 41:55-68). Strata missing either side carry no information and are skipped.
 */
export function mantelHaenszelRateRatio(strata: readonly Stratum[], level = 0.95): MantelHaenszel {
  assertLevel(level);
  let r = 0, s = 0, v = 0, used = 0;
  for (const { a, n1, b, n0 } of strata) {
    assertEventsOf(a, n1);
    assertEventsOf(b, n0);
    if (n1 === 0 || n0 === 0) continue;
    const N = n1 + n0;
    r += (a * n0) / N;
    s += (b * n1) / N;
    v += (n1 * n0 * (a + b) - a * b * N) / (N * N);
    used++;
  }
  const none = { estimate: null, lower: null, upper: null, level, method: 'mantel_haenszel_greenland_robins' as const, strata: used, p: null };
  if (used === 0) return { ...none, reason: 'no_informative_strata' };
  if (r === 0 || s === 0) return { ...none, reason: 'no_events' };
  const estimate = r / s;
  const se = Math.sqrt(v / (r * s));
  const z = zCritical(level);
  return {
    estimate, lower: Math.exp(Math.log(estimate) - z * se), upper: Math.exp(Math.log(estimate) + z * se),
    level, method: 'mantel_haenszel_greenland_robins', strata: used, p: se > 0 ? twoSidedNormalP(Math.log(estimate) / se) : null, reason: null,
  };
}
