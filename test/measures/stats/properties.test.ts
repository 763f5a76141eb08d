// Properties every input must satisfy, on seeded random inputs (fast-check). These check
// shape, not values: the values are pinned by the reference tests beside this file.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  benjaminiHochberg,
  clopperPearson,
  fisherExact,
  kaplanMeier,
  kmQuantile,
  proportionTest,
  rateRatio,
  trend,
  wilson,
} from '../../../pipeline/measures/stats/index.ts';

const SEED = 20_251_122;
const runs = { seed: SEED, numRuns: 300 };
const EPS = 1e-12;

/** (x, n) with 1 ≤ n ≤ 5000 and 0 ≤ x ≤ n, biased towards small n where intervals are wide. */
const count = fc
  .oneof(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 5000 }))
  .chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n)));
const level = fc.constantFrom(0.8, 0.9, 0.95, 0.99, 0.998);

describe('proportion intervals', () => {
  it('Wilson and Clopper–Pearson lie in [0, 1] and contain the estimate', () => {
    fc.assert(
      fc.property(count, level, ([x, n], l) => {
        for (const ci of [wilson(x, n, l), clopperPearson(x, n, l)]) {
          const { estimate, lower, upper } = ci as { estimate: number; lower: number; upper: number };
          expect(lower).toBeGreaterThanOrEqual(0);
          expect(upper).toBeLessThanOrEqual(1);
          expect(lower).toBeLessThanOrEqual(estimate + EPS);
          expect(upper).toBeGreaterThanOrEqual(estimate - EPS);
        }
      }),
      runs,
    );
  });

  it('a higher level gives a wider interval around the same estimate', () => {
    fc.assert(
      fc.property(count, ([x, n]) => {
        for (const f of [wilson, clopperPearson]) {
          const a = f(x, n, 0.9);
          const b = f(x, n, 0.99);
          expect(b.lower!).toBeLessThanOrEqual(a.lower! + EPS);
          expect(b.upper!).toBeGreaterThanOrEqual(a.upper! - EPS);
        }
      }),
      runs,
    );
  });
});

describe('rate ratio and tests', () => {
  it('a defined rate ratio is positive and inside its interval', () => {
    fc.assert(
      fc.property(count, count, level, ([a, n1], [b, n2], l) => {
        const rr = rateRatio(a, n1, b, n2, l);
        if (b === 0) {
          expect(rr.reason).toBe('reference_rate_zero');
          return;
        }
        expect(rr.corrected).toBe(a === 0);
        expect(rr.lower!).toBeGreaterThan(0);
        expect(rr.lower!).toBeLessThanOrEqual(rr.estimate! * (1 + EPS));
        expect(rr.upper!).toBeGreaterThanOrEqual(rr.estimate! * (1 - EPS));
      }),
      runs,
    );
  });

  it('p-values lie in [0, 1] and do not depend on which group is listed first', () => {
    fc.assert(
      fc.property(count, count, ([a, n1], [b, n2]) => {
        const p = fisherExact(a, n1 - a, b, n2 - b);
        expect(p).toBeGreaterThanOrEqual(0);
        expect(p).toBeLessThanOrEqual(1);
        expect(Math.abs(p - fisherExact(b, n2 - b, a, n1 - a))).toBeLessThan(1e-9);
        const t = proportionTest(a, n1, b, n2);
        expect(t.p!).toBeGreaterThanOrEqual(0);
        expect(t.p!).toBeLessThanOrEqual(1);
        expect(Math.abs(t.p! - proportionTest(b, n2, a, n1).p!)).toBeLessThan(1e-9);
      }),
      { ...runs, numRuns: 150 },
    );
  });
});

describe('benjaminiHochberg', () => {
  const pValue = fc.oneof(
    fc.double({ min: 0, max: 1, noNaN: true }),
    fc.constantFrom(0, 1, 0.05, 0.05), // ties and edges
    fc.constant(null),
  );

  it('adjusted ≥ raw, ≤ 1, non-decreasing in the rank of the raw p-value, nulls kept', () => {
    fc.assert(
      fc.property(fc.array(pValue, { maxLength: 60 }), (ps) => {
        const adj = benjaminiHochberg(ps);
        expect(adj).toHaveLength(ps.length);
        const ranked = ps
          .map((p, i) => ({ p, a: adj[i] }))
          .filter((r): r is { p: number; a: number } => {
            if (r.p === null) {
              expect(r.a).toBeNull();
              return false;
            }
            return true;
          })
          .sort((u, v) => u.p - v.p);
        for (const [k, r] of ranked.entries()) {
          expect(r.a).toBeGreaterThanOrEqual(r.p);
          expect(r.a).toBeLessThanOrEqual(1);
          if (k > 0) expect(r.a).toBeGreaterThanOrEqual(ranked[k - 1].a);
        }
      }),
      runs,
    );
  });
});

describe('Kaplan–Meier', () => {
  const cohort = fc.array(fc.tuple(fc.integer({ min: 0, max: 30 }), fc.boolean()), { maxLength: 80 });

  it('survival is non-increasing in [0, 1], inside its band, and every case is counted once', () => {
    fc.assert(
      fc.property(cohort, (cases) => {
        const curve = kaplanMeier(cases.map((c) => c[0]), cases.map((c) => c[1]));
        let prev = 1;
        let prevAtRisk = cases.length;
        for (const p of curve) {
          expect(p.survival).toBeLessThanOrEqual(prev + EPS);
          expect(p.survival).toBeGreaterThanOrEqual(0);
          expect(p.atRisk).toBeLessThanOrEqual(prevAtRisk);
          if (p.lower !== null && p.upper !== null) {
            expect(p.lower).toBeLessThanOrEqual(p.survival + EPS);
            expect(p.upper).toBeGreaterThanOrEqual(p.survival - EPS);
            expect(p.lower).toBeGreaterThanOrEqual(0);
            expect(p.upper).toBeLessThanOrEqual(1);
          }
          prev = p.survival;
          prevAtRisk = p.atRisk - p.events - p.censored;
        }
        expect(curve.reduce((s, p) => s + p.events + p.censored, 0)).toBe(cases.length);
      }),
      runs,
    );
  });

  it('quantiles are ordered: lower ≤ estimate ≤ upper, and a later quantile is no earlier', () => {
    fc.assert(
      fc.property(cohort, (cases) => {
        const curve = kaplanMeier(cases.map((c) => c[0]), cases.map((c) => c[1]));
        let prev = -Infinity;
        for (const q of [0.25, 0.5, 0.75, 0.9]) {
          const r = kmQuantile(curve, q);
          if (r.estimate === null) {
            prev = Infinity;
            continue;
          }
          expect(r.estimate).toBeGreaterThanOrEqual(prev);
          prev = r.estimate;
          if (r.lower !== null) expect(r.lower).toBeLessThanOrEqual(r.estimate);
          if (r.upper !== null) expect(r.upper).toBeGreaterThanOrEqual(r.estimate);
        }
      }),
      runs,
    );
  });
});

describe('trend', () => {
  const series = fc.array(fc.tuple(fc.integer({ min: 1, max: 500 }), fc.double({ min: 0, max: 1, noNaN: true })), {
    minLength: 4,
    maxLength: 24,
  });

  it('the label agrees with the interval, and shifting time leaves the slope unchanged', () => {
    fc.assert(
      fc.property(series, fc.integer({ min: -1000, max: 1000 }), fc.constantFrom('logit', 'proportion' as const), (s, shift, scale) => {
        const data = s.map(([n, p], t) => ({ t, x: Math.round(n * p), n }));
        const r = trend(data, { scale });
        const shifted = trend(data.map((d) => ({ ...d, t: d.t + shift })), { scale });
        if (!r.ok || !shifted.ok) throw new Error('4 or more periods with cases must give a trend');
        expect(r.slope.lower).toBeLessThanOrEqual(r.slope.estimate);
        expect(r.slope.upper).toBeGreaterThanOrEqual(r.slope.estimate);
        expect(r.label).toBe(r.slope.lower > 0 ? 'rising' : r.slope.upper < 0 ? 'falling' : 'stable');
        expect(Math.abs(shifted.slope.estimate - r.slope.estimate)).toBeLessThan(1e-9 * (1 + Math.abs(r.slope.estimate)));
      }),
      runs,
    );
  });
});
