// Wilson and Clopper–Pearson intervals against Newcombe (1998) and R.
//
// Newcombe RG (1998) "Two-sided confidence intervals for the single proportion:
// comparison of seven methods", Stat Med 17:857–872, Table I, 95% intervals,
// method 3 (score, no continuity correction = Wilson) and method 5 (exact = Clopper–Pearson):
//
//   x/n      Wilson            Exact
//   81/263   0.2553, 0.3662    0.2527, 0.3676
//   15/148   0.0624, 0.1605    0.0578, 0.1617
//   0/20     0.0000, 0.1611    0.0000, 0.1684
//   1/29     0.0061, 0.1718    0.0009, 0.1776
//
// The same limits to 10 digits come from R 4.2.2: prop.test(x, n, correct = FALSE)$conf.int
// (Wilson) and binom.test(x, n)$conf.int (Clopper–Pearson); see reference.R / reference.Rout.
import { describe, expect, it } from 'vitest';
import { clopperPearson, wilson } from '../../../pipeline/measures/stats/index.ts';
import { expectNear } from './near.ts';

const newcombe: [x: number, n: number, wilson: [number, number], exact: [number, number]][] = [
  [81, 263, [0.2553, 0.3662], [0.2527, 0.3676]],
  [15, 148, [0.0624, 0.1605], [0.0578, 0.1617]],
  [0, 20, [0, 0.1611], [0, 0.1684]],
  [1, 29, [0.0061, 0.1718], [0.0009, 0.1776]],
];

// R: prop.test(x, n, correct = FALSE)$conf.int and binom.test(x, n)$conf.int
const r: [x: number, n: number, wilson: [number, number], exact: [number, number]][] = [
  [81, 263, [0.2552885199, 0.366209577], [0.2527367456, 0.3676219226]],
  [15, 148, [0.06238639953, 0.1604872417], [0.05784401008, 0.1616504903]],
  [0, 20, [0, 0.1611251581], [0, 0.168433471]],
  [1, 29, [0.006113214293, 0.1717552188], [0.0008726468836, 0.1776442955]],
  [29, 29, [0.8830302015, 1], [0.8805551309, 1]],
];

describe('wilson', () => {
  it.each(newcombe)('%i/%i matches Newcombe (1998) Table I, method 3', (x, n, [lo, hi]) => {
    const ci = wilson(x, n);
    expect(ci.estimate).toBe(x / n);
    expectNear(ci.lower, lo, 5e-5);
    expectNear(ci.upper, hi, 5e-5);
  });

  it.each(r)('%i/%i matches R prop.test(correct = FALSE) to 1e-9', (x, n, [lo, hi]) => {
    const ci = wilson(x, n);
    expectNear(ci.lower, lo, 1e-9);
    expectNear(ci.upper, hi, 1e-9);
  });

  it('uses the requested level: 99.8% for 81/263 matches R prop.test(81, 263, correct = FALSE, conf.level = 0.998)', () => {
    const ci = wilson(81, 263, 0.998);
    expect(ci.level).toBe(0.998);
    expectNear(ci.lower, 0.2280357402, 1e-9);
    expectNear(ci.upper, 0.4013894219, 1e-9);
  });

  it('pins the bounds at exactly 0 and 1 for x = 0 and x = n', () => {
    expect(wilson(0, 20).lower).toBe(0);
    expect(wilson(29, 29).upper).toBe(1);
  });

  it('returns nulls, never NaN and never a throw, for n = 0', () => {
    expect(wilson(0, 0)).toEqual({ estimate: null, lower: null, upper: null, level: 0.95, method: 'wilson' });
  });

  it('rejects malformed counts and levels', () => {
    expect(() => wilson(5, 4)).toThrow(RangeError);
    expect(() => wilson(-1, 4)).toThrow(RangeError);
    expect(() => wilson(1.5, 4)).toThrow(RangeError);
    expect(() => wilson(1, 4, 95)).toThrow(RangeError);
  });
});

describe('clopperPearson', () => {
  it.each(newcombe)('%i/%i matches Newcombe (1998) Table I, method 5', (x, n, _w, [lo, hi]) => {
    const ci = clopperPearson(x, n);
    expectNear(ci.lower, lo, 5e-5);
    expectNear(ci.upper, hi, 5e-5);
  });

  it.each(r)('%i/%i matches R binom.test to 1e-9', (x, n, _w, [lo, hi]) => {
    const ci = clopperPearson(x, n);
    expectNear(ci.lower, lo, 1e-9);
    expectNear(ci.upper, hi, 1e-9);
  });

  it('0/20 upper limit is 1 − 0.025^(1/20) in closed form', () => {
    // With x = 0 the upper limit solves (1 − p)^n = α/2: 1 − 0.025^(1/20) = 0.16843347...
    expectNear(clopperPearson(0, 20).upper, 1 - 0.025 ** (1 / 20), 1e-12);
  });

  it('uses the requested level: 99.8% for 81/263 matches R binom.test(81, 263, conf.level = 0.998)', () => {
    const ci = clopperPearson(81, 263, 0.998);
    expectNear(ci.lower, 0.2239376079, 1e-9);
    expectNear(ci.upper, 0.4019823196, 1e-9);
  });

  it('returns nulls for n = 0', () => {
    expect(clopperPearson(0, 0)).toEqual({ estimate: null, lower: null, upper: null, level: 0.95, method: 'clopper_pearson' });
  });
});
