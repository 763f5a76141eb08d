// trend(): average change per period by WLS with weights n, checked on series whose fit
// is done by hand below and on one fitted by R 4.2.2 (reference.R, "Trend"):
//   lm(qlogis(x/n) ~ t, weights = n) and lm(I(x/n) ~ t, weights = n), with confint().
import { describe, expect, it } from 'vitest';
import { TREND_MIN_POINTS, trend } from '../../../pipeline/measures/stats/index.ts';
import { expectNear } from './near.ts';

const rSeries = [
  { t: 1, x: 30, n: 200 },
  { t: 2, x: 41, n: 220 },
  { t: 3, x: 35, n: 190 },
  { t: 4, x: 52, n: 230 },
  { t: 5, x: 49, n: 210 },
  { t: 6, x: 60, n: 240 },
];

describe('trend', () => {
  it('proportion scale, equal n: slope, SE and t interval by hand', () => {
    // p = 0.10 0.12 0.15 0.17 at t = 0..3, n = 100 each (so WLS = OLS, weights 100)
    // t − 1.5 = −1.5 −0.5 0.5 1.5, Stt = 5; p − 0.135 = −0.035 −0.015 0.015 0.035
    // Stp = 0.0525 + 0.0075 + 0.0075 + 0.0525 = 0.12 → slope = 0.024 per period
    // fitted 0.099 0.123 0.147 0.171, residuals 0.001 −0.003 0.003 −0.001, Σe² = 2e−5
    // σ² = 100 × 2e−5/(4 − 2) = 1e−3; Var(slope) = σ²/(100 × 5) = 2e−6, SE = 0.0014142136
    // t(0.975, 2) = 4.3026527 → half-width 0.0060849; interval 0.0179151 to 0.0300849
    const r = trend(
      [
        { t: 0, x: 10, n: 100 },
        { t: 1, x: 12, n: 100 },
        { t: 2, x: 15, n: 100 },
        { t: 3, x: 17, n: 100 },
      ],
      { scale: 'proportion' },
    );
    if (!r.ok) throw new Error(r.detail);
    expectNear(r.slope.estimate, 0.024, 1e-12);
    expectNear(r.slope.stdErr, Math.sqrt(2e-6), 1e-12);
    expectNear(r.slope.lower, 0.024 - 4.302652729749 * Math.sqrt(2e-6), 1e-9);
    expectNear(r.slope.upper, 0.024 + 4.302652729749 * Math.sqrt(2e-6), 1e-9);
    expect(r).toMatchObject({ df: 2, points: 4, label: 'rising', oddsRatioPerPeriod: null, scale: 'proportion' });
  });

  it('a noisy flat series is stable (hand computation)', () => {
    // p = 0.10 0.12 0.10 0.12, n = 100: slope = 0.02/5 = 0.004; residuals −0.004 0.012 −0.012 0.004
    // σ² = 100 × 3.2e−4/2 = 0.016, Var(slope) = 0.016/500 = 3.2e−5, SE = 0.0056569
    // interval 0.004 ± 4.3026527 × 0.0056569 = −0.020339 to 0.028339: includes 0
    const r = trend([10, 12, 10, 12].map((x, t) => ({ t, x, n: 100 })), { scale: 'proportion' });
    if (!r.ok) throw new Error(r.detail);
    expectNear(r.slope.estimate, 0.004, 1e-12);
    expectNear(r.slope.stdErr, Math.sqrt(3.2e-5), 1e-12);
    expect(r.label).toBe('stable');
  });

  it('a falling series is labelled falling', () => {
    const r = trend([17, 15, 12, 10].map((x, t) => ({ t, x, n: 100 })), { scale: 'proportion' });
    if (!r.ok) throw new Error(r.detail);
    expectNear(r.slope.estimate, -0.024, 1e-12);
    expect(r.label).toBe('falling');
  });

  it('logit scale: odds doubling each period give slope ln 2 and odds ratio 2, whatever the weights', () => {
    // odds 1/4, 1/2, 1, 2 → p = 1/5, 1/3, 1/2, 2/3 (x/n = 1/5, 1/3, 1/2, 2/3); log-odds on a line of slope ln 2
    const r = trend([
      { t: 0, x: 1, n: 5 },
      { t: 1, x: 1, n: 3 },
      { t: 2, x: 1, n: 2 },
      { t: 3, x: 2, n: 3 },
    ]);
    if (!r.ok) throw new Error(r.detail);
    expect(r.scale).toBe('logit');
    expectNear(r.slope.estimate, Math.LN2, 1e-12);
    expectNear(r.slope.stdErr, 0, 1e-7);
    expectNear(r.oddsRatioPerPeriod?.estimate, 2, 1e-12);
    expect(r.label).toBe('rising');
  });

  it('logit scale, unequal n: matches R lm(qlogis(x/n) ~ t, weights = n)', () => {
    // R: t 0.1211609357 (SE 0.01694742557), 95% 0.07410733894 to 0.1682145325
    const r = trend(rSeries, { scale: 'logit' });
    if (!r.ok) throw new Error(r.detail);
    expectNear(r.slope.estimate, 0.1211609357, 1e-9);
    expectNear(r.slope.stdErr, 0.01694742557, 1e-10);
    expectNear(r.slope.lower, 0.07410733894, 1e-9);
    expectNear(r.slope.upper, 0.1682145325, 1e-9);
    expectNear(r.oddsRatioPerPeriod?.lower, Math.exp(0.07410733894), 1e-9);
    expect(r).toMatchObject({ df: 4, label: 'rising', boundaryAdjusted: 0 });
  });

  it('proportion scale, unequal n: matches R lm(I(x/n) ~ t, weights = n)', () => {
    // R: t 0.01934146341 (SE 0.002409514670), 95% 0.0126515782 to 0.02603134863
    const r = trend(rSeries, { scale: 'proportion' });
    if (!r.ok) throw new Error(r.detail);
    expectNear(r.slope.estimate, 0.01934146341, 1e-10);
    expectNear(r.slope.stdErr, 0.00240951467, 1e-11);
    expectNear(r.slope.lower, 0.0126515782, 1e-9);
    expectNear(r.slope.upper, 0.02603134863, 1e-10);
  });

  it('uses the empirical logit for a period with no events and counts it', () => {
    // x = 0, n = 50 → log(0.5/50.5) = −4.6151205
    const r = trend([
      { t: 0, x: 0, n: 50 },
      { t: 1, x: 2, n: 50 },
      { t: 2, x: 3, n: 50 },
      { t: 3, x: 5, n: 50 },
    ]);
    if (!r.ok) throw new Error(r.detail);
    expect(r.boundaryAdjusted).toBe(1);
    // Equal weights: slope = Σ(t − 1.5)y / 5 with y = log-odds; by hand:
    const ys = [Math.log(0.5 / 50.5), Math.log(2 / 48), Math.log(3 / 47), Math.log(5 / 45)];
    expectNear(r.slope.estimate, (-1.5 * ys[0] - 0.5 * ys[1] + 0.5 * ys[2] + 1.5 * ys[3]) / 5, 1e-12);
  });

  it(`refuses with fewer than ${TREND_MIN_POINTS} periods with cases`, () => {
    expect(TREND_MIN_POINTS).toBe(4);
    const three = [10, 12, 15].map((x, t) => ({ t, x, n: 100 }));
    expect(trend(three)).toEqual({ ok: false, reason: 'too_few_points', detail: '3 period(s) with cases; a trend needs at least 4' });
    // A fourth period with no cases adds nothing.
    expect(trend([...three, { t: 3, x: 0, n: 0 }])).toMatchObject({ ok: false, reason: 'too_few_points' });
  });

  it('refuses when every period has the same time', () => {
    expect(trend([10, 12, 15, 17].map((x) => ({ t: 1, x, n: 100 })))).toMatchObject({ ok: false, reason: 'no_time_variation' });
  });

  it('rejects malformed periods', () => {
    expect(() => trend([{ t: 0, x: 5, n: 4 }])).toThrow(RangeError);
    expect(() => trend([{ t: NaN, x: 1, n: 4 }])).toThrow(RangeError);
  });
});
