// Flags proportions too imprecise to quote without a warning.
// Reference: NCHS Data Presentation Standards for Proportions (Parker et al. 2017, Vital Health Stat 2(175));
// New Mexico IBIS "unstable" (RSE 0.30–0.50) and "very unstable" (RSE > 0.50) rules.
import { assertEventsOf } from './checks.ts';

/** Fewer cases than this and a proportion is unstable whatever its RSE. */
export const MIN_STABLE_N = 30;
/** RSE at or above this: unstable. */
export const UNSTABLE_RSE = 0.3;
/** RSE above this: very unstable. */
export const VERY_UNSTABLE_RSE = 0.5;

export interface ReliabilityThresholds {
  minN: number;
  unstableRse: number;
  veryUnstableRse: number;
}

export const RELIABILITY_THRESHOLDS: Readonly<ReliabilityThresholds> = Object.freeze({
  minN: MIN_STABLE_N,
  unstableRse: UNSTABLE_RSE,
  veryUnstableRse: VERY_UNSTABLE_RSE,
});

export type Reliability = 'ok' | 'unstable' | 'very_unstable';

/**
 * Relative standard error of p = x/n: √(p(1 − p)/n) / p = √((n − x)/(n·x)).
 * Infinity when x = 0 (the SE is 0 but so is p: the ratio grows without bound as
 * p → 0); null when n = 0 (no proportion at all).
 */
export function relativeStandardError(x: number, n: number): number | null {
  assertEventsOf(x, n);
  if (n === 0) return null;
  if (x === 0) return Infinity;
  return Math.sqrt((n - x) / (n * x));
}

// Thresholds are compared with a relative slack of 1e-12 so that a value on the
// boundary in exact arithmetic (x = 10, n = 100 has RSE exactly 0.3) falls on the
// side the rule states, whatever the rounding of the square root.
const SLACK = 1e-12;

/**
 * 'very_unstable' when RSE > 0.50; else 'unstable' when n < 30 or RSE ≥ 0.30; else 'ok'.
 * A proportion with no cases (n = 0) or no events (x = 0, RSE infinite) is 'very_unstable'.
 */
export function reliability(x: number, n: number, thresholds: ReliabilityThresholds = RELIABILITY_THRESHOLDS): Reliability {
  const rse = relativeStandardError(x, n);
  if (rse === null || rse > thresholds.veryUnstableRse * (1 + SLACK)) return 'very_unstable';
  if (n < thresholds.minN || rse >= thresholds.unstableRse * (1 - SLACK)) return 'unstable';
  return 'ok';
}
