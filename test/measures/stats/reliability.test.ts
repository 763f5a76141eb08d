// Relative standard error of a proportion and the project's stability flags, checked by
// hand arithmetic against the rule in shared/ANCHORS.md (NCHS: n < 30 or RSE ≥ 30% is
// unreliable; New Mexico IBIS: RSE 0.30–0.50 "unstable", > 0.50 "very unstable").
// RSE(p) = √(p(1 − p)/n) / p = √((n − x)/(n·x)).
import { describe, expect, it } from 'vitest';
import {
  MIN_STABLE_N,
  RELIABILITY_THRESHOLDS,
  UNSTABLE_RSE,
  VERY_UNSTABLE_RSE,
  relativeStandardError,
  reliability,
} from '../../../pipeline/measures/stats/index.ts';
import { expectNear } from './near.ts';

describe('relativeStandardError', () => {
  it('follows the closed form', () => {
    // 50/100: √(0.5 × 0.5/100)/0.5 = 0.05/0.5 = 0.1
    expectNear(relativeStandardError(50, 100), 0.1, 1e-15);
    // 4/20: √(0.2 × 0.8/20)/0.2 = 0.0894427/0.2 = 0.4472136
    expectNear(relativeStandardError(4, 20), 0.4472135955, 1e-10);
    // 100/100: SE 0 → RSE 0
    expect(relativeStandardError(100, 100)).toBe(0);
  });

  it('is infinite with no events and undefined with no cases', () => {
    expect(relativeStandardError(0, 50)).toBe(Infinity);
    expect(relativeStandardError(0, 0)).toBeNull();
  });
});

describe('reliability', () => {
  it('exports the thresholds of the rule', () => {
    expect([MIN_STABLE_N, UNSTABLE_RSE, VERY_UNSTABLE_RSE]).toEqual([30, 0.3, 0.5]);
    expect(RELIABILITY_THRESHOLDS).toEqual({ minN: 30, unstableRse: 0.3, veryUnstableRse: 0.5 });
  });

  it.each([
    // [x, n, RSE by hand, expected]
    [50, 100, 0.1, 'ok'],
    [15, 30, 0.1826, 'ok'], // √(15/450); n = 30 is not under 30
    [15, 29, 0.1794, 'unstable'], // n under 30, whatever the RSE
    [10, 100, 0.3, 'unstable'], // √(90/1000) = 0.3 exactly: "RSE ≥ 0.30" is unstable
    [11, 100, 0.2844, 'ok'], // √(89/1100)
    [4, 100, 0.4899, 'unstable'], // √(96/400)
    [3, 12, 0.5, 'unstable'], // √(9/36) = 0.5 exactly: very unstable needs RSE > 0.50
    [2, 5, 0.5477, 'very_unstable'], // √(3/10)
    [1, 100, 0.995, 'very_unstable'], // √(99/100)
    [0, 10_000, Infinity, 'very_unstable'], // no events: the RSE is unbounded
    [0, 0, null, 'very_unstable'], // no cases: nothing to estimate
  ] as const)('%i/%i (RSE %s) is %s', (x, n, rse, expected) => {
    if (rse !== null && Number.isFinite(rse)) expectNear(relativeStandardError(x, n), rse, 5e-5);
    expect(reliability(x, n)).toBe(expected);
  });

  it('takes other thresholds, for when they become configurable', () => {
    expect(reliability(50, 100, { minN: 200, unstableRse: 0.3, veryUnstableRse: 0.5 })).toBe('unstable');
    expect(reliability(4, 100, { minN: 30, unstableRse: 0.6, veryUnstableRse: 0.8 })).toBe('ok');
  });
});
