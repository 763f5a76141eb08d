// Katz log interval for a ratio of proportions, checked against arithmetic done by hand
// (shown below) and the same formula evaluated in R (reference.R, "Katz rate ratio").
// Formula: Katz D et al. (1978) Biometrics 34:469–474; also Rothman KJ, Greenland S, Lash TL (2008)
// Modern Epidemiology, 3rd ed., ch. 14: SE(ln RR) = √(1/a − 1/n1 + 1/b − 1/n2).
import { describe, expect, it } from 'vitest';
import { rateRatio } from '../../../pipeline/measures/stats/index.ts';
import { expectNear } from './near.ts';

describe('rateRatio', () => {
  it('81/263 vs 15/148 (Newcombe 1998 counts) matches the hand computation', () => {
    // p1 = 81/263 = 0.3079848, p2 = 15/148 = 0.1013514, RR = 3.038783
    // var = 1/81 − 1/263 + 1/15 − 1/148
    //     = 0.01234568 − 0.00380228 + 0.06666667 − 0.00675676 = 0.06845331, SE = 0.2616358
    // ln RR = 1.111458; 1.959964 × 0.2616358 = 0.5127970
    // lower = exp(0.598661) = 1.819680, upper = exp(1.624255) = 5.074632
    // R (reference.R): 3.03878327 1.819679508 5.074631945
    const rr = rateRatio(81, 263, 15, 148);
    expectNear(rr.estimate, 3.03878327, 1e-8);
    expectNear(rr.lower, 1.819679508, 1e-8);
    expectNear(rr.upper, 5.074631945, 1e-8);
    expect(rr).toMatchObject({ corrected: false, reason: null, level: 0.95, method: 'katz_log' });
  });

  it('uses the requested level (99.8%: z = 3.090232)', () => {
    // ln RR ± 3.090232 × 0.2616358 = 1.111458 ± 0.808516 → exp: 1.353836, 6.820772
    const rr = rateRatio(81, 263, 15, 148, 0.998);
    expectNear(rr.lower, 1.353835535, 1e-8);
    expectNear(rr.upper, 6.820772188, 1e-8);
  });

  it('a = 0 gets the Haldane–Anscombe correction and says so', () => {
    // 0/40 vs 5/50 → cells +0.5: a = 0.5, n1 = 41, b = 5.5, n2 = 51
    // RR = (0.5/41)/(5.5/51) = 0.01219512/0.1078431 = 0.1130820
    // var = 1/0.5 − 1/41 + 1/5.5 − 1/51 = 2 − 0.02439024 + 0.18181818 − 0.01960784 = 2.1378201, SE = 1.4621286
    // ln RR = −2.179664; ± 1.959964 × 1.4621286 = ± 2.865719 → exp: 0.006439135, 1.985911
    const rr = rateRatio(0, 40, 5, 50);
    expect(rr.corrected).toBe(true);
    expectNear(rr.estimate, 0.1130820399, 1e-9);
    expectNear(rr.lower, 0.006439134526, 1e-11);
    expectNear(rr.upper, 1.985910948, 1e-8);
  });

  it('a zero non-event cell (a = n1) needs no correction', () => {
    // 10/10 vs 5/10: RR = 2, var = 1/10 − 1/10 + 1/5 − 1/10 = 0.1
    const rr = rateRatio(10, 10, 5, 10);
    expect(rr.corrected).toBe(false);
    expectNear(rr.estimate, 2, 1e-12);
    expectNear(rr.lower, 2 * Math.exp(-1.959963984540054 * Math.sqrt(0.1)), 1e-12);
  });

  it('reference rate 0 or an empty group gives nulls with a reason', () => {
    expect(rateRatio(3, 40, 0, 50)).toMatchObject({ estimate: null, lower: null, upper: null, reason: 'reference_rate_zero' });
    expect(rateRatio(0, 40, 0, 50)).toMatchObject({ estimate: null, reason: 'reference_rate_zero' });
    expect(rateRatio(0, 0, 5, 50)).toMatchObject({ estimate: null, reason: 'empty_group' });
    expect(rateRatio(1, 10, 0, 0)).toMatchObject({ estimate: null, reason: 'empty_group' });
  });

  it('rejects malformed counts', () => {
    expect(() => rateRatio(11, 10, 1, 10)).toThrow(RangeError);
    expect(() => rateRatio(1, 10, 1, -10)).toThrow(RangeError);
  });
});
