// The small WLS solver behind trend() and interruptedTimeSeries(), on fits done by hand.
import { describe, expect, it } from 'vitest';
import { weightedLeastSquares } from '../../../pipeline/measures/stats/index.ts';
import { expectNear } from './near.ts';

const x = [1, 2, 3, 4, 5];
const y = [2, 4, 5, 4, 5];
const design = x.map((v) => [1, v]);

describe('weightedLeastSquares', () => {
  it('unit weights give ordinary least squares (hand computation)', () => {
    // x̄ = 3, ȳ = 4, Sxy = (−2)(−2) + (−1)(0) + 0 + (1)(0) + (2)(1) = 6, Sxx = 10
    // slope = 0.6, intercept = 4 − 0.6 × 3 = 2.2; fitted 2.8 3.4 4.0 4.6 5.2
    // residuals −0.8 0.6 1 −0.6 −0.2, RSS = 2.4, σ² = 2.4/3 = 0.8
    // Var(slope) = σ²/Sxx = 0.08; Var(intercept) = σ²(1/5 + x̄²/Sxx) = 0.8 × 1.1 = 0.88
    // Cov = −σ² x̄/Sxx = −0.24
    const fit = weightedLeastSquares(design, y, [1, 1, 1, 1, 1])!;
    expectNear(fit.coefficients[0], 2.2, 1e-12);
    expectNear(fit.coefficients[1], 0.6, 1e-12);
    expect(fit.df).toBe(3);
    expectNear(fit.residualVariance, 0.8, 1e-12);
    expectNear(fit.covariance[1][1], 0.08, 1e-12);
    expectNear(fit.covariance[0][0], 0.88, 1e-12);
    expectNear(fit.covariance[0][1], -0.24, 1e-12);
    [-0.8, 0.6, 1, -0.6, -0.2].forEach((e, i) => expectNear(fit.residuals[i], e, 1e-12));
  });

  it('weights enter the normal equations (hand computation)', () => {
    // w = 1 2 1 3 1, Σw = 8; weighted means x̄ = 25/8 = 3.125, ȳ = 32/8 = 4
    // Sxy = Σw(x − x̄)(y − ȳ) = 1(−2.125)(−2) + 0 + 1(−0.125)(1) + 0 + 1(1.875)(1) = 6
    // Sxx = 4.515625 + 2(1.265625) + 0.015625 + 3(0.765625) + 3.515625 = 12.875
    // slope = 6/12.875 = 0.4660194, intercept = 4 − 0.4660194 × 3.125 = 2.5436893
    const fit = weightedLeastSquares(design, y, [1, 2, 1, 3, 1])!;
    expectNear(fit.coefficients[1], 6 / 12.875, 1e-12);
    expectNear(fit.coefficients[0], 4 - (6 / 12.875) * 3.125, 1e-12);
  });

  it('returns null when a column is not identified', () => {
    expect(weightedLeastSquares(x.map((v) => [1, v, 2 * v]), y, [1, 1, 1, 1, 1])).toBeNull();
    expect(weightedLeastSquares(x.map(() => [1, 3]), y, [1, 1, 1, 1, 1])).toBeNull();
  });

  it('rejects ragged input and bad weights', () => {
    expect(() => weightedLeastSquares(design, [1, 2], [1, 1])).toThrow(RangeError);
    expect(() => weightedLeastSquares(design, y, [1, 1, 1, 1, -1])).toThrow(RangeError);
  });
});
