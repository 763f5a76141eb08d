// Weighted least squares for the handful of parameters a trend or segmented regression needs,
// solved by the normal equations with Gauss–Jordan elimination and partial pivoting.
// Reference: Draper NR, Smith H (1998) Applied Regression Analysis, 3rd ed., §9.2; same fit and
// standard errors as R's lm(y ~ ..., weights = w).

export interface WlsFit {
  coefficients: number[];
  /** σ²·(XᵀWX)⁻¹: the estimated covariance of the coefficients. */
  covariance: number[][];
  /** σ² = Σ wᵢeᵢ² / df, the residual variance for unit weight (R's sigma(fit)²). */
  residualVariance: number;
  /** Rows minus parameters. */
  df: number;
  /** yᵢ − xᵢᵀβ, in row order. */
  residuals: number[];
}

// A pivot smaller than this fraction of the largest diagonal entry means the columns are
// (numerically) linearly dependent: some effect is not identified by the data.
const SINGULAR = 1e-12;

/**
 * Fits y = Xβ by weighted least squares. Returns null when XᵀWX is singular.
 * Callers should centre their columns (e.g. time around a reference point) so the
 * normal equations stay well conditioned; with ≤ 4 centred columns they are.
 */
export function weightedLeastSquares(
  X: readonly (readonly number[])[],
  y: readonly number[],
  w: readonly number[],
): WlsFit | null {
  const k = X.length;
  if (k === 0 || y.length !== k || w.length !== k) throw new RangeError('X, y and w must have the same, non-zero number of rows');
  const p = X[0].length;
  for (const [i, wi] of w.entries()) {
    if (!(wi >= 0 && Number.isFinite(wi))) throw new RangeError(`weight ${i} must be finite and non-negative, got ${wi}`);
  }

  const xtwx = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  const xtwy = new Array<number>(p).fill(0);
  for (let i = 0; i < k; i++) {
    const xi = X[i];
    if (xi.length !== p) throw new RangeError(`row ${i} of X has ${xi.length} columns, expected ${p}`);
    for (let a = 0; a < p; a++) {
      xtwy[a] += w[i] * xi[a] * y[i];
      for (let b = 0; b < p; b++) xtwx[a][b] += w[i] * xi[a] * xi[b];
    }
  }
  const inverse = invert(xtwx);
  if (inverse === null) return null;

  const coefficients = inverse.map((row) => row.reduce((s, v, b) => s + v * xtwy[b], 0));
  const residuals = X.map((xi, i) => y[i] - xi.reduce((s, v, a) => s + v * coefficients[a], 0));
  const df = k - p;
  const rss = residuals.reduce((s, e, i) => s + w[i] * e * e, 0);
  const residualVariance = df > 0 ? rss / df : NaN;
  return {
    coefficients,
    covariance: inverse.map((row) => row.map((v) => v * residualVariance)),
    residualVariance,
    df,
    residuals,
  };
}

/** Inverse of a small symmetric matrix, or null when it is singular. */
function invert(m: readonly (readonly number[])[]): number[][] | null {
  const p = m.length;
  const scale = Math.max(...m.map((row, i) => Math.abs(row[i])));
  if (!(scale > 0)) return null;
  const a = m.map((row, i) => [...row, ...Array.from({ length: p }, (_, j) => (i === j ? 1 : 0))]);
  for (let col = 0; col < p; col++) {
    let pivot = col;
    for (let r = col + 1; r < p; r++) if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) pivot = r;
    if (Math.abs(a[pivot][col]) <= SINGULAR * scale) return null;
    [a[col], a[pivot]] = [a[pivot], a[col]];
    const div = a[col][col];
    for (let j = 0; j < 2 * p; j++) a[col][j] /= div;
    for (let r = 0; r < p; r++) {
      if (r === col || a[r][col] === 0) continue;
      const f = a[r][col];
      for (let j = 0; j < 2 * p; j++) a[r][j] -= f * a[col][j];
    }
  }
  return a.map((row) => row.slice(p));
}
