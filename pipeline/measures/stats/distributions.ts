// The only place the stats module touches distribution functions; all of them come
// from stdlib (ports of Cephes/Boost), so none is hand-written here.
import betaQuantileImpl from '@stdlib/stats-base-dists-beta-quantile';
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import gammaln from '@stdlib/math-base-special-gammaln';
import binomialCdfImpl from '@stdlib/stats-base-dists-binomial-cdf';

/** Two-sided standard normal critical value: 1.959964 for level 0.95. */
export function zCritical(level: number): number {
  // -Φ⁻¹(α/2) rather than Φ⁻¹(1 − α/2): no cancellation at high levels such as 0.998.
  return -normalQuantile((1 - level) / 2, 0, 1);
}

/** Two-sided Student t critical value with df degrees of freedom: 4.302653 for level 0.95, df 2. */
export function tCritical(level: number, df: number): number {
  return -tQuantile((1 - level) / 2, df);
}

/** Two-sided normal p-value 2·Φ(−|z|), computed in the lower tail so tiny p-values keep their digits. */
export function twoSidedNormalP(z: number): number {
  return Math.min(1, 2 * normalCdf(-Math.abs(z), 0, 1));
}

/** Quantile of the Beta(a, b) distribution. */
export function betaQuantile(p: number, a: number, b: number): number {
  return betaQuantileImpl(p, a, b);
}

/** ln Γ(x). */
export function lgamma(x: number): number {
  return gammaln(x);
}

/** ln C(n, k) for integers 0 ≤ k ≤ n, exact to double precision for n in the millions. */
export function lchoose(n: number, k: number): number {
  return lgamma(n + 1) - lgamma(k + 1) - lgamma(n - k + 1);
}

/** P(B ≤ x) for B ~ Binomial(n, p). */
export function binomialCdf(x: number, n: number, p: number): number {
  return binomialCdfImpl(x, n, p);
}
