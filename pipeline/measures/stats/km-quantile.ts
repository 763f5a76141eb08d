// Quantiles of time to event (median, p75, p90 time to close) read off a Kaplan–Meier curve,
// with a confidence interval read off the curve's pointwise bands.
// Reference: Brookmeyer R, Crowley J (1982) Biometrics 38:29–41; the band-crossing form is R's quantile.survfit.
// Definition of the estimate: Collett D (2015) Modelling Survival Data in Medical Research, 3rd ed., §2.4.
import type { KmPoint } from './kaplan-meier.ts';

export interface KmQuantile {
  /** Fraction of cases closed by the quantile time: 0.5 for the median, 0.9 for p90. */
  q: number;
  /** Smallest time at which the estimated share still open is ≤ 1 − q; null when the curve never gets there. */
  estimate: number | null;
  /** Smallest time at which the lower band is ≤ 1 − q (taken as 0 where the curve reaches 0); null when not reached. */
  lower: number | null;
  /** Smallest time at which the upper band is ≤ 1 − q; null when not reached (the interval is open-ended). */
  upper: number | null;
}

// Survival is a product of fractions, so a curve that is exactly 0.5 in exact arithmetic
// may be 0.5000000000000001 in floating point; count it as having reached 0.5.
const TOLERANCE = 1e-9;

/**
 * The q-th quantile of time to event with its interval. Unlike R, when the curve
 * sits exactly on 1 − q over an interval this returns the time it got there (the
 * textbook definition), not the midpoint to the next event time R reports.
 */
export function kmQuantile(curve: readonly KmPoint[], q: number): KmQuantile {
  if (!(q > 0 && q < 1)) throw new RangeError(`q must be strictly between 0 and 1, got ${q}`);
  const target = 1 - q;
  const first = (value: (p: KmPoint) => number | null): number | null => {
    for (const p of curve) {
      const v = value(p);
      if (v !== null && v <= target + TOLERANCE) return p.time;
    }
    return null;
  };
  return {
    q,
    estimate: first((p) => p.survival),
    // Where the curve drops to 0 the band is undefined (R: NA) but the lower band is 0
    // in any reading, and the lower bound must never come after the estimate.
    lower: first((p) => p.lower ?? (p.survival === 0 ? 0 : null)),
    upper: first((p) => p.upper),
  };
}
