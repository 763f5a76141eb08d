// Segmented regression (Wagner et al. 2002) checked on a series built to lie exactly on
// two known lines, and on a noisy series fitted by R 4.2.2 (reference.R, "Interrupted time series"):
//   its$D <- as.numeric(its$t >= 11); tb <- 11
//   fi <- lm(y ~ I(t - tb) + D + I(D * (t - tb)), data = its, weights = n)
//   coef(summary(fi)); confint(fi); post slope and its SE from vcov(fi);
//   sigma(fi); Durbin–Watson = sum(diff(r)^2)/sum(r^2) with r = weighted.residuals(fi)
import { describe, expect, it } from 'vitest';
import { ITS_MIN_POINTS_PER_SIDE, interruptedTimeSeries, type ItsResult } from '../../../pipeline/measures/stats/index.ts';
import { expectNear } from './near.ts';

// Before (t = 1..8): p = 0.30 + 0.01(t − 9), i.e. 0.22 … 0.29.
// From t = 9 on:     p = 0.25 − 0.01(t − 9), i.e. 0.25 … 0.18.
// So at the break (t = 9) the expected 0.30 becomes 0.25 (level −0.05) and the slope goes
// from +0.01 to −0.01 (change −0.02). With n = 100, x = 100p is a whole number.
const exact = Array.from({ length: 16 }, (_, i) => {
  const t = i + 1;
  const p = t < 9 ? 0.3 + 0.01 * (t - 9) : 0.25 - 0.01 * (t - 9);
  return { t, x: Math.round(100 * p), n: 100 };
});

const rSeries = [52, 55, 49, 60, 58, 63, 61, 66, 64, 70, 40, 42, 45, 41, 47, 44, 49, 50, 46, 52].map((x, i) => ({
  t: i + 1,
  x,
  n: [200, 210, 190, 220, 205, 215, 200, 225, 210, 230, 200, 195, 215, 190, 220, 200, 210, 215, 190, 205][i],
}));

function ok(r: ItsResult): Extract<ItsResult, { ok: true }> {
  if (!r.ok) throw new Error(r.detail);
  return r;
}

describe('interruptedTimeSeries', () => {
  it('recovers the level and slope changes of a series that lies exactly on two lines', () => {
    const r = ok(interruptedTimeSeries(exact, 8, { scale: 'proportion' }));
    expect(r).toMatchObject({ breakTime: 9, pointsBefore: 8, pointsAfter: 8, df: 12 });
    expectNear(r.baseline.estimate, 0.3, 1e-12);
    expectNear(r.preSlope.estimate, 0.01, 1e-12);
    expectNear(r.levelChange.estimate, -0.05, 1e-12);
    expectNear(r.slopeChange.estimate, -0.02, 1e-12);
    expectNear(r.postSlope.estimate, -0.01, 1e-12);
    expectNear(r.levelChange.stdErr, 0, 1e-7);
  });

  it('logit scale: matches R lm(qlogis(x/n) ~ I(t - tb) + D + I(D * (t - tb)), weights = n)', () => {
    const r = ok(interruptedTimeSeries(rSeries, 10, { scale: 'logit' }));
    expect(r).toMatchObject({ breakTime: 11, pointsBefore: 10, pointsAfter: 10, df: 16, scale: 'logit' });
    // R estimate, SE, 2.5 %, 97.5 %
    const rows: [keyof typeof r, number, number, number, number][] = [
      ['baseline', -0.7686619782391, 0.02210279772, -0.81551781625, -0.72180614022],
      ['preSlope', 0.0291061403205, 0.003607943713, 0.02145764132, 0.03675463932],
      ['levelChange', -0.6116304929599, 0.029647043697, -0.674479418, -0.54878156792],
      ['slopeChange', 0.0003478743224, 0.005168636214, -0.01060914498, 0.01130489362],
    ];
    for (const [name, est, se, lo, hi] of rows) {
      const e = r[name] as { estimate: number; stdErr: number; lower: number; upper: number };
      expectNear(e.estimate, est, 1e-10);
      expectNear(e.stdErr, se, 1e-10);
      expectNear(e.lower, lo, 1e-9);
      expectNear(e.upper, hi, 1e-9);
    }
    // R: post slope 0.02945401464, se 0.003701019113; sigma 0.4769821631; DW 1.748215691
    expectNear(r.postSlope.estimate, 0.02945401464, 1e-10);
    expectNear(r.postSlope.stdErr, 0.003701019113, 1e-11);
    expectNear(r.residualStdErr, 0.4769821631, 1e-9);
    expectNear(r.durbinWatson, 1.748215691, 1e-8);
  });

  it('proportion scale: matches R lm(I(x/n) ~ I(t - tb) + D + I(D * (t - tb)), weights = n)', () => {
    const r = ok(interruptedTimeSeries(rSeries, 10, { scale: 'proportion' }));
    expectNear(r.baseline.estimate, 0.3159122167075, 1e-11);
    expectNear(r.preSlope.estimate, 0.0058871015966, 1e-11);
    expectNear(r.levelChange.estimate, -0.1155861019225, 1e-11);
    expectNear(r.levelChange.stdErr, 0.0056761051788, 1e-11);
    expectNear(r.levelChange.lower, -0.12761890737, 1e-10);
    expectNear(r.levelChange.upper, -0.103553296475, 1e-10);
    expectNear(r.slopeChange.estimate, -0.0007448174208, 1e-11);
    expectNear(r.slopeChange.stdErr, 0.0009895665511, 1e-12);
    expectNear(r.postSlope.estimate, 0.005142284176, 1e-11);
    expectNear(r.postSlope.stdErr, 0.0007085824127, 1e-12);
    expectNear(r.residualStdErr, 0.09132110958, 1e-10);
    expectNear(r.durbinWatson, 1.715180904, 1e-8);
  });

  it(`refuses, saying how many periods each side has, with fewer than ${ITS_MIN_POINTS_PER_SIDE} on a side`, () => {
    expect(ITS_MIN_POINTS_PER_SIDE).toBe(8);
    expect(interruptedTimeSeries(exact, 7)).toEqual({
      ok: false,
      reason: 'too_few_points',
      detail: '7 period(s) with cases before the break and 9 after; at least 8 are needed on each side',
    });
    expect(interruptedTimeSeries(exact, 9)).toMatchObject({ ok: false, reason: 'too_few_points' });
    expect(interruptedTimeSeries(exact, 0)).toMatchObject({ ok: false, reason: 'too_few_points' });
    expect(interruptedTimeSeries(exact, 16)).toMatchObject({ ok: false, reason: 'too_few_points' });
  });

  it('takes a different minimum per side', () => {
    expect(interruptedTimeSeries(exact, 7, { minPointsPerSide: 5 }).ok).toBe(true);
    expect(interruptedTimeSeries(exact, 8, { minPointsPerSide: 12 })).toMatchObject({ ok: false, reason: 'too_few_points' });
  });

  it('periods with no cases do not count towards the minimum', () => {
    const gappy = exact.map((p, i) => (i === 2 ? { ...p, x: 0, n: 0 } : p));
    expect(interruptedTimeSeries(gappy, 8)).toMatchObject({ ok: false, reason: 'too_few_points' });
  });

  it('rejects a bad break index, an unsorted series and a bad minimum', () => {
    expect(() => interruptedTimeSeries(exact, 17)).toThrow(RangeError);
    expect(() => interruptedTimeSeries(exact, 2.5)).toThrow(RangeError);
    expect(() => interruptedTimeSeries([...exact].reverse(), 8)).toThrow(RangeError);
    expect(() => interruptedTimeSeries(exact, 8, { minPointsPerSide: 1 })).toThrow(RangeError);
  });
});
