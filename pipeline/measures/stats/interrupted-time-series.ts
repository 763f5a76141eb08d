// Before-and-after analysis of a policy change: segmented regression of a proportion on time
// with a change in level and in slope at the break, by weighted least squares.
// Reference: Wagner AK, Soumerai SB, Zhang F, Ross-Degnan D (2002) J Clin Pharm Ther 27:299–309.
import { assertLevel } from './checks.ts';
import { tCritical } from './distributions.ts';
import type { Estimate } from './interval.ts';
import { scaleSeries, type PeriodCount, type Scale } from './proportion-series.ts';
import { weightedLeastSquares } from './weighted-least-squares.ts';

/** Default minimum periods with cases on each side of the break. Even 12 + 12 can be underpowered (ANCHORS.md). */
export const ITS_MIN_POINTS_PER_SIDE = 8;

export interface ItsOptions {
  scale?: Scale;
  level?: number;
  /** Periods with cases needed on each side of the break; an integer ≥ 2. Default 8. */
  minPointsPerSide?: number;
}

export type ItsResult =
  | {
      ok: true;
      scale: Scale;
      level: number;
      /** t of series[breakIndex]: the first period under the new policy, where the level change is measured. */
      breakTime: number;
      pointsBefore: number;
      pointsAfter: number;
      /** Residual degrees of freedom: points − 4. */
      df: number;
      /** Pre-break trend extrapolated to breakTime: what was expected without the change. */
      baseline: Estimate;
      /** Change per period before the break. */
      preSlope: Estimate;
      /** Jump at breakTime, over and above the pre-break trend. */
      levelChange: Estimate;
      /** Post-break slope minus pre-break slope. */
      slopeChange: Estimate;
      /** Change per period after the break (preSlope + slopeChange). */
      postSlope: Estimate;
      /** Residual standard error for unit weight (R's sigma(fit)). */
      residualStdErr: number;
      /**
       * Durbin–Watson statistic of the weighted residuals in time order; null with a perfect fit.
       * Near 2: no lag-1 autocorrelation. Well below 2: positive autocorrelation, and the
       * standard errors above (which assume independent periods) are too small.
       */
      durbinWatson: number | null;
      boundaryAdjusted: number;
    }
  | {
      ok: false;
      reason: 'too_few_points' | 'singular';
      detail: string;
    };

/**
 * Fits y = β0 + β1·(t − t_b) + β2·D + β3·D·(t − t_b), weights n, where t_b is the
 * time of series[breakIndex] and D = 1 from breakIndex on (R:
 * lm(y ~ I(t - tb) + D + I(D * (t - tb)), weights = n)). The series must be in
 * strictly increasing time order. Refuses, with the counts, when either side has
 * fewer than minPointsPerSide periods with cases.
 */
export function interruptedTimeSeries(series: readonly PeriodCount[], breakIndex: number, options: ItsOptions = {}): ItsResult {
  const { scale = 'logit', level = 0.95, minPointsPerSide = ITS_MIN_POINTS_PER_SIDE } = options;
  assertLevel(level);
  if (!Number.isSafeInteger(minPointsPerSide) || minPointsPerSide < 2) {
    throw new RangeError(`minPointsPerSide must be an integer ≥ 2, got ${minPointsPerSide}`);
  }
  if (!Number.isSafeInteger(breakIndex) || breakIndex < 0 || breakIndex > series.length) {
    throw new RangeError(`breakIndex must be an integer from 0 to ${series.length}, got ${breakIndex}`);
  }
  for (let i = 1; i < series.length; i++) {
    if (!(series[i].t > series[i - 1].t)) throw new RangeError(`series must be in strictly increasing t order (index ${i})`);
  }
  const { points, boundaryAdjusted } = scaleSeries(series, scale);
  const pointsBefore = points.filter((p) => p.index < breakIndex).length;
  const pointsAfter = points.length - pointsBefore;
  if (pointsBefore < minPointsPerSide || pointsAfter < minPointsPerSide) {
    return {
      ok: false,
      reason: 'too_few_points',
      detail: `${pointsBefore} period(s) with cases before the break and ${pointsAfter} after; at least ${minPointsPerSide} are needed on each side`,
    };
  }
  // breakIndex < series.length here, since pointsAfter ≥ 2.
  const breakTime = series[breakIndex].t;
  const fit = weightedLeastSquares(
    points.map((p) => {
      const d = p.index >= breakIndex ? 1 : 0;
      return [1, p.t - breakTime, d, d * (p.t - breakTime)];
    }),
    points.map((p) => p.y),
    points.map((p) => p.w),
  );
  if (fit === null) return { ok: false, reason: 'singular', detail: 'the level and slope changes cannot be separated with these periods' };

  const tc = tCritical(level, fit.df);
  const v = fit.covariance;
  const estimate = (b: number, variance: number): Estimate => {
    const se = Math.sqrt(Math.max(0, variance));
    return { estimate: b, stdErr: se, lower: b - tc * se, upper: b + tc * se };
  };
  const [b0, b1, b2, b3] = fit.coefficients;

  const weighted = points.map((p, i) => Math.sqrt(p.w) * fit.residuals[i]);
  const ss = weighted.reduce((s, r) => s + r * r, 0);
  let diff = 0;
  for (let i = 1; i < weighted.length; i++) diff += (weighted[i] - weighted[i - 1]) ** 2;

  return {
    ok: true,
    scale,
    level,
    breakTime,
    pointsBefore,
    pointsAfter,
    df: fit.df,
    baseline: estimate(b0, v[0][0]),
    preSlope: estimate(b1, v[1][1]),
    levelChange: estimate(b2, v[2][2]),
    slopeChange: estimate(b3, v[3][3]),
    postSlope: estimate(b1 + b3, v[1][1] + v[3][3] + 2 * v[1][3]),
    residualStdErr: Math.sqrt(fit.residualVariance),
    durbinWatson: ss > 0 ? diff / ss : null,
    boundaryAdjusted,
  };
}
