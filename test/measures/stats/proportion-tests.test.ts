// z test, Fisher's exact test and the rule choosing between them, against R 4.2.2
// (reference.R, sections "z test" and "Fisher") and textbook tables.
import { describe, expect, it } from 'vitest';
import { fisherExact, proportionTest, twoProportionZ } from '../../../pipeline/measures/stats/index.ts';
import { expectNear } from './near.ts';

describe('twoProportionZ', () => {
  it('15/50 vs 25/50 matches the hand computation and R prop.test(c(15, 25), c(50, 50), correct = FALSE)', () => {
    // pooled p = 40/100 = 0.4; SE = √(0.4 × 0.6 × (1/50 + 1/50)) = √0.0096 = 0.09797959
    // z = (0.3 − 0.5)/0.09797959 = −2.041241; R: X-squared = 4.166667 = z², p-value = 0.04122683
    const t = twoProportionZ(15, 50, 25, 50);
    expectNear(t.z, -2.041241452, 1e-9);
    expectNear(t.p, 0.04122683334, 1e-10);
  });

  it('keeps the digits of a small p: 81/263 vs 15/148 matches R prop.test (p = 2.007e-6)', () => {
    const t = twoProportionZ(81, 263, 15, 148);
    expectNear(t.z, 4.752688539, 1e-8);
    expectNear(t.p, 2.00729442e-6, 1e-14);
  });

  it('is undefined for an empty group or a pooled rate of 0 or 1', () => {
    expect(twoProportionZ(0, 0, 1, 5)).toEqual({ z: null, p: null, reason: 'empty_group' });
    expect(twoProportionZ(0, 10, 0, 5)).toEqual({ z: null, p: null, reason: 'no_variation' });
    expect(twoProportionZ(10, 10, 5, 5)).toEqual({ z: null, p: null, reason: 'no_variation' });
  });
});

describe('fisherExact', () => {
  it("Fisher's tea-tasting table gives 34/70 = 0.4857 (R: fisher.test(matrix(c(3, 1, 1, 3), 2)))", () => {
    // Fisher (1935), The Design of Experiments §II: 8 cups, 4 with milk first. The hypergeometric
    // probabilities of 0..4 correct are 1, 16, 36, 16, 1 over 70; 3 correct has 16/70, and the
    // tables no more likely are 0, 1, 3 and 4 correct: (1 + 16 + 16 + 1)/70 = 0.4857143.
    expectNear(fisherExact(3, 1, 1, 3), 34 / 70, 1e-12);
  });

  it('the dieting example of Wikipedia "Fisher\'s exact test" gives 0.002759 (R: fisher.test(matrix(c(1, 9, 11, 3), 2)))', () => {
    // Men: 1 dieting, 11 not; women: 9 dieting, 3 not. R: p-value = 0.002759456.
    expectNear(fisherExact(1, 9, 11, 3), 0.002759456185, 1e-12);
  });

  it('the most extreme 5+5 table gives 2/C(10,5) = 2/252', () => {
    expectNear(fisherExact(0, 5, 5, 0), 2 / 252, 1e-14);
  });

  it('a table with a zero margin has p = 1 (R: fisher.test(matrix(c(0, 0, 1, 3), 2)) = 1)', () => {
    expect(fisherExact(0, 1, 0, 3)).toBe(1);
    expect(fisherExact(0, 0, 0, 0)).toBe(1);
  });

  it('handles tens of thousands of cases: 1200/20000 vs 1100/20000 matches R (p = 0.03345576)', () => {
    // R: fisher.test(matrix(c(1200, 18800, 1100, 18900), 2, byrow = TRUE))$p.value
    expectNear(fisherExact(1200, 18800, 1100, 18900), 0.0334557586, 1e-9);
  });

  it('handles a rare outcome in 50,000 cases: 30/30000 vs 12/20000 matches R (p = 0.1563327)', () => {
    // R: fisher.test(matrix(c(30, 29970, 12, 19988), 2, byrow = TRUE))$p.value
    expectNear(fisherExact(30, 29970, 12, 19988), 0.1563326901, 1e-9);
  });

  it('does not depend on which margin is the rows', () => {
    expect(fisherExact(1, 11, 9, 3)).toBeCloseTo(fisherExact(1, 9, 11, 3), 14);
  });
});

describe('proportionTest', () => {
  it('uses Fisher when an expected count is under 5: 2/10 vs 7/12 (expected 10 × 9/22 = 4.09)', () => {
    // R: fisher.test(matrix(c(2, 8, 7, 5), 2, byrow = TRUE))$p.value = 0.09907121
    const t = proportionTest(2, 10, 7, 12);
    expect(t.method).toBe('fisher_exact');
    expect(t.z).toBeNull();
    expectNear(t.minExpected, 90 / 22, 1e-12);
    expectNear(t.p, 0.09907120743, 1e-10);
  });

  it('uses z when every expected count is at least 5, including exactly 5: 3/10 vs 7/10', () => {
    // expected events = 10 × 10/20 = 5 in each group → z. R: prop.test(c(3, 7), c(10, 10), correct = FALSE):
    // X-squared = 3.2, p-value = 0.07363827; z = (0.3 − 0.7)/√(0.5 × 0.5 × 0.2) = −1.788854
    const t = proportionTest(3, 10, 7, 10);
    expect(t.method).toBe('two_proportion_z');
    expectNear(t.minExpected, 5, 0);
    expectNear(t.z, -1.788854382, 1e-9);
    expectNear(t.p, 0.07363827012, 1e-10);
  });

  it('large groups go to z and match R prop.test', () => {
    const t = proportionTest(15, 50, 25, 50);
    expect(t.method).toBe('two_proportion_z');
    expectNear(t.p, 0.04122683334, 1e-10);
  });

  it('no events at all is a Fisher table with p = 1, not an undefined z', () => {
    expect(proportionTest(0, 100, 0, 80)).toMatchObject({ method: 'fisher_exact', p: 1 });
  });

  it('an empty group gives nulls with a reason', () => {
    expect(proportionTest(0, 0, 3, 10)).toEqual({ method: null, p: null, z: null, minExpected: null, reason: 'empty_group' });
  });
});
