// Benjamini–Hochberg adjustment against the paper's worked example and R.
//
// Benjamini Y, Hochberg Y (1995) J R Stat Soc B 57:289–300, §4.1: the 15 p-values of
// Neuhaus et al. (1992). At q = 0.05 the step-up procedure rejects the four smallest
// (p(4) = 0.0095 ≤ 4/15 × 0.05 = 0.01333, and no larger p(k) is ≤ k/15 × 0.05),
// while a Bonferroni-type procedure rejects only three.
// Adjusted values: R 4.2.2, p.adjust(p, "BH") (reference.R, "Benjamini-Hochberg").
import { describe, expect, it } from 'vitest';
import { benjaminiHochberg } from '../../../pipeline/measures/stats/index.ts';
import { expectNear } from './near.ts';

const neuhaus = [
  0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.324, 0.4262, 0.5719, 0.6528, 0.759, 1.0,
];
const rAdjusted = [
  0.0015, 0.003, 0.0095, 0.035625, 0.0603, 0.06385714286, 0.06385714286, 0.0645, 0.0765, 0.486, 0.5811818182, 0.714875,
  0.7532307692, 0.8132142857, 1,
];

describe('benjaminiHochberg', () => {
  it('matches R p.adjust(p, "BH") on the 15 p-values of the 1995 paper', () => {
    const adj = benjaminiHochberg(neuhaus);
    rAdjusted.forEach((v, i) => expectNear(adj[i], v, 1e-10));
  });

  it('rejects the four hypotheses the paper rejects at q = 0.05', () => {
    const adj = benjaminiHochberg(neuhaus);
    expect(adj.map((p, i) => ((p as number) <= 0.05 ? i : -1)).filter((i) => i >= 0)).toEqual([0, 1, 2, 3]);
  });

  it('keeps the input order when the input is not sorted', () => {
    const order = [7, 2, 14, 0, 9, 4, 11, 1, 13, 3, 8, 12, 5, 10, 6];
    const adj = benjaminiHochberg(order.map((i) => neuhaus[i]));
    order.forEach((i, k) => expectNear(adj[k], rAdjusted[i], 1e-10));
  });

  it('passes missing p-values through as null and leaves them out of m, as R does', () => {
    // R: p.adjust(c(0.04, NA, 0.01, 0.03, 0.5), "BH") = 0.05333333 NA 0.04 0.05333333 0.5  (m = 4)
    const adj = benjaminiHochberg([0.04, null, 0.01, 0.03, 0.5]);
    expect(adj[1]).toBeNull();
    expectNear(adj[0], 0.05333333333, 1e-10);
    expectNear(adj[2], 0.04, 1e-12);
    expectNear(adj[3], 0.05333333333, 1e-10);
    expectNear(adj[4], 0.5, 1e-12);
    expect(benjaminiHochberg([NaN, undefined, 0.2])).toEqual([null, null, 0.2]);
  });

  it('caps at 1 and handles an empty family', () => {
    expect(benjaminiHochberg([0.9, 0.95])).toEqual([0.95, 0.95]);
    expect(benjaminiHochberg([1, 1, 1])).toEqual([1, 1, 1]);
    expect(benjaminiHochberg([])).toEqual([]);
  });

  it('rejects p-values outside [0, 1]', () => {
    expect(() => benjaminiHochberg([0.1, 1.2])).toThrow(RangeError);
    expect(() => benjaminiHochberg([-0.1])).toThrow(RangeError);
    expect(() => benjaminiHochberg([Infinity])).toThrow(RangeError);
  });
});
