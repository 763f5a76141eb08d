// Kaplan–Meier curve, Greenwood standard errors, log-log intervals and quantiles.
//
// Data: remission times in weeks of the 6-MP and placebo arms of the acute leukaemia
// trial (Freireich EJ et al. (1963) Blood 21:699–716), as analysed by Gehan EA (1965)
// Biometrika 52:203–223 and tabulated in Kleinbaum DG, Klein M (2012) Survival Analysis:
// A Self-Learning Text, 3rd ed., ch. 2 ("remission data"); the 6-MP KM estimates there are
// 0.8571, 0.8067, 0.7529, 0.6902, 0.6275, 0.5378, 0.4482 with median 23 weeks.
// Full-precision values: R 4.2.2, survival 3.5-3,
//   summary(survfit(Surv(time, status) ~ 1, conf.type = "log-log"), censored = TRUE)
//   quantile(fit, c(0.25, 0.5, 0.75))
// (reference.R, "Kaplan-Meier"; output in reference.Rout).
import { describe, expect, it } from 'vitest';
import { kaplanMeier, kaplanMeierFromCounts, kmQuantile, type KmPoint } from '../../../pipeline/measures/stats/index.ts';
import { expectNear } from './near.ts';

const mp6Times = [6, 6, 6, 6, 7, 9, 10, 10, 11, 13, 16, 17, 19, 20, 22, 23, 25, 32, 32, 34, 35];
const mp6Events = [1, 1, 1, 0, 1, 0, 1, 0, 0, 1, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0].map((e) => e === 1);

// R: time n.risk n.event survival std.err lower upper (censored rows: n.event 0)
const mp6R: [number, number, number, number, number, number, number][] = [
  [6, 21, 3, 0.85714286, 0.076360355, 0.61971796, 0.95155175],
  [7, 17, 1, 0.80672269, 0.086935285, 0.56314656, 0.92280902],
  [9, 16, 0, 0.80672269, 0.086935285, 0.56314656, 0.92280902],
  [10, 15, 1, 0.75294118, 0.096349653, 0.50319951, 0.88936184],
  [11, 13, 0, 0.75294118, 0.096349653, 0.50319951, 0.88936184],
  [13, 12, 1, 0.69019608, 0.106814708, 0.43161022, 0.84906596],
  [16, 11, 1, 0.62745098, 0.114053865, 0.36751086, 0.80491219],
  [17, 10, 0, 0.62745098, 0.114053865, 0.36751086, 0.80491219],
  [19, 9, 0, 0.62745098, 0.114053865, 0.36751086, 0.80491219],
  [20, 8, 0, 0.62745098, 0.114053865, 0.36751086, 0.80491219],
  [22, 7, 1, 0.53781513, 0.128233752, 0.26777894, 0.74679072],
  [23, 6, 1, 0.44817927, 0.134591457, 0.18805201, 0.68014263],
  [25, 5, 0, 0.44817927, 0.134591457, 0.18805201, 0.68014263],
  [32, 4, 0, 0.44817927, 0.134591457, 0.18805201, 0.68014263],
  [34, 2, 0, 0.44817927, 0.134591457, 0.18805201, 0.68014263],
  [35, 1, 0, 0.44817927, 0.134591457, 0.18805201, 0.68014263],
];

const placeboTimes = [1, 1, 2, 2, 3, 4, 4, 5, 5, 8, 8, 8, 8, 11, 11, 12, 12, 15, 17, 22, 23];

function expectRow(p: KmPoint, [time, atRisk, events, s, se, lo, hi]: (typeof mp6R)[number]) {
  expect([p.time, p.atRisk, p.events]).toEqual([time, atRisk, events]);
  // R prints 8 significant digits.
  expectNear(p.survival, s, 1e-8);
  expectNear(p.stdErr, se, 1e-8);
  expectNear(p.lower, lo, 1e-8);
  expectNear(p.upper, hi, 1e-8);
}

describe('kaplanMeier', () => {
  const curve = kaplanMeier(mp6Times, mp6Events);

  it('6-MP arm: every row matches R survfit(conf.type = "log-log"), censored rows included', () => {
    expect(curve).toHaveLength(mp6R.length);
    curve.forEach((p, i) => expectRow(p, mp6R[i]));
  });

  it('6-MP arm: event-time estimates match Kleinbaum & Klein (2012) ch. 2 to 4 decimals', () => {
    const atEvents = curve.filter((p) => p.events > 0).map((p) => p.survival);
    [0.8571, 0.8067, 0.7529, 0.6902, 0.6275, 0.5378, 0.4482].forEach((s, i) => expectNear(atEvents[i], s, 5e-5));
  });

  it('counts censoring at a tied time after the events (R: n.risk 17 at week 7 after 3 events and 1 censored at week 6)', () => {
    expect(curve[0]).toMatchObject({ time: 6, atRisk: 21, events: 3, censored: 1 });
    expect(curve[1]).toMatchObject({ time: 7, atRisk: 17 });
    expect(curve.find((p) => p.time === 32)).toMatchObject({ atRisk: 4, events: 0, censored: 2 });
  });

  it('does not depend on input order', () => {
    const order = mp6Times.map((_, i) => (i * 8) % mp6Times.length);
    expect(new Set(order).size).toBe(mp6Times.length);
    expect(kaplanMeier(order.map((i) => mp6Times[i]), order.map((i) => mp6Events[i]))).toEqual(curve);
  });

  it('placebo arm (no censoring): Greenwood reduces to √(S(1 − S)/n) and the last event takes S to 0', () => {
    const p = kaplanMeier(placeboTimes, placeboTimes.map(() => true));
    const at8 = p.find((q) => q.time === 8)!;
    // S(8) = 8/21; √((8/21)(13/21)/21) = 0.10597117; R: 0.105971170, log-log 0.183066549 to 0.57778868
    expectNear(at8.survival, 8 / 21, 1e-12);
    expectNear(at8.stdErr, Math.sqrt((8 / 21) * (13 / 21) / 21), 1e-12);
    expectNear(at8.lower, 0.183066549, 1e-9);
    expectNear(at8.upper, 0.57778868, 1e-8);
    // R: time 23, n.risk 1, n.event 1, survival 0, std.err NaN, limits NA
    expect(p.at(-1)).toEqual({ time: 23, atRisk: 1, events: 1, censored: 0, survival: 0, stdErr: null, lower: null, upper: null });
  });

  it('tied events and censoring at the first time (R reference.R: Surv(c(2,2,2,3,5,5), c(1,0,1,0,1,1)))', () => {
    const p = kaplanMeier([2, 2, 2, 3, 5, 5], [true, false, true, false, true, true]);
    expect(p.map((q) => [q.time, q.atRisk, q.events, q.censored])).toEqual([
      [2, 6, 2, 1],
      [3, 3, 0, 1],
      [5, 2, 2, 0],
    ]);
    // S = 4/6; R: std.err 0.19245009, log-log 0.19461664 to 0.90443416
    expectNear(p[0].survival, 2 / 3, 1e-12);
    expectNear(p[0].stdErr, 0.19245009, 1e-8);
    expectNear(p[0].lower, 0.19461664, 1e-8);
    expectNear(p[0].upper, 0.90443416, 1e-8);
    expect(p[2]).toMatchObject({ survival: 0, stdErr: null, lower: null, upper: null });
  });

  it('all censored: survival stays 1 with no interval (R: std.err 0, limits NA)', () => {
    expect(kaplanMeier([1, 2, 3], [false, false, false])).toEqual([
      { time: 1, atRisk: 3, events: 0, censored: 1, survival: 1, stdErr: 0, lower: null, upper: null },
      { time: 2, atRisk: 2, events: 0, censored: 1, survival: 1, stdErr: 0, lower: null, upper: null },
      { time: 3, atRisk: 1, events: 0, censored: 1, survival: 1, stdErr: 0, lower: null, upper: null },
    ]);
  });

  it('empty input gives an empty curve', () => {
    expect(kaplanMeier([], [])).toEqual([]);
  });

  it('rejects mismatched lengths and impossible times', () => {
    expect(() => kaplanMeier([1, 2], [true])).toThrow(RangeError);
    expect(() => kaplanMeier([-1], [true])).toThrow(RangeError);
    expect(() => kaplanMeier([NaN], [true])).toThrow(RangeError);
  });
});

describe('kmQuantile', () => {
  it('6-MP arm: median 23 (13, not reached); quartiles as R quantile.survfit', () => {
    // R: quantile 25/50/75 = 13, 23, NA; lower 6, 13, 23; upper 22, NA, NA
    const curve = kaplanMeier(mp6Times, mp6Events);
    expect(kmQuantile(curve, 0.5)).toEqual({ q: 0.5, estimate: 23, lower: 13, upper: null });
    expect(kmQuantile(curve, 0.25)).toEqual({ q: 0.25, estimate: 13, lower: 6, upper: 22 });
    expect(kmQuantile(curve, 0.75)).toEqual({ q: 0.75, estimate: null, lower: 23, upper: null });
  });

  it('placebo arm: p25, median, p75, p90 as R quantile.survfit', () => {
    // R: quantile 4, 8, 12, 17; lower 1, 4, 8, 12; upper 5, 11, 22, NA
    const curve = kaplanMeier(placeboTimes, placeboTimes.map(() => true));
    expect([0.25, 0.5, 0.75, 0.9].map((q) => kmQuantile(curve, q))).toEqual([
      { q: 0.25, estimate: 4, lower: 1, upper: 5 },
      { q: 0.5, estimate: 8, lower: 4, upper: 11 },
      { q: 0.75, estimate: 12, lower: 8, upper: 22 },
      { q: 0.9, estimate: 17, lower: 12, upper: null },
    ]);
  });

  it('takes a curve that lands on 1 − q up to rounding as having reached it', () => {
    // 24 cases closing at days 1..24: S(12) = 12/24 = 0.5 exactly, but the product
    // (23/24)(22/23)…(12/13) is 0.5000000000000001 in floating point. Collett (2015) §2.4:
    // the median is the smallest time with S ≤ 0.5, i.e. 12. (R reports 12.5, the midpoint
    // to the next event time, when the curve is flat at exactly 0.5.)
    const t = Array.from({ length: 24 }, (_, i) => i + 1);
    const curve = kaplanMeier(t, t.map(() => true));
    expect(curve[11].survival).toBeGreaterThan(0.5);
    expect(kmQuantile(curve, 0.5).estimate).toBe(12);
  });

  it('is null throughout when the curve never falls: all censored, or empty', () => {
    expect(kmQuantile(kaplanMeier([1, 2, 3], [false, false, false]), 0.5)).toEqual({ q: 0.5, estimate: null, lower: null, upper: null });
    expect(kmQuantile([], 0.9)).toEqual({ q: 0.9, estimate: null, lower: null, upper: null });
  });

  it('a lower bound never comes after the estimate, even where the band is undefined at S = 0', () => {
    // Ten cases all closing on day 5: S goes from 1 straight to 0, where R leaves the band NA
    // (and so the median's lower limit). The lower band is 0 there in any reading, so the
    // lower limit is day 5, not missing; the upper limit stays open-ended.
    const curve = kaplanMeier(Array(10).fill(5), Array(10).fill(true));
    expect(kmQuantile(curve, 0.5)).toEqual({ q: 0.5, estimate: 5, lower: 5, upper: null });
  });

  it('rejects q outside (0, 1)', () => {
    expect(() => kmQuantile([], 0)).toThrow(RangeError);
    expect(() => kmQuantile([], 1)).toThrow(RangeError);
  });
});

describe('kaplanMeierFromCounts', () => {
  it('gives R\'s 6-MP curve from counts per distinct time', () => {
    // The Freireich 6-MP arm above, counted per time: (time, closings, censorings).
    const counts = [[6, 3, 1], [7, 1, 0], [9, 0, 1], [10, 1, 1], [11, 0, 1], [13, 1, 0], [16, 1, 0], [17, 0, 1], [19, 0, 1], [20, 0, 1], [22, 1, 0], [23, 1, 0], [25, 0, 1], [32, 0, 2], [34, 0, 1], [35, 0, 1]]
      .map(([time, events, censored]) => ({ time, events, censored }));
    const curve = kaplanMeierFromCounts(counts);
    expect(curve).toHaveLength(mp6R.length);
    curve.forEach((p, i) => expectRow(p, mp6R[i]));
  });

  it('skips times with nothing at them and refuses unsorted or fractional counts', () => {
    expect(kaplanMeierFromCounts([{ time: 1, events: 0, censored: 0 }, { time: 2, events: 1, censored: 0 }])).toHaveLength(1);
    expect(() => kaplanMeierFromCounts([{ time: 2, events: 1, censored: 0 }, { time: 1, events: 1, censored: 0 }])).toThrow('strictly increasing');
    expect(() => kaplanMeierFromCounts([{ time: 2, events: 0.5, censored: 0 }])).toThrow('whole, non-negative');
  });
});
