// Average change per period of a proportion, by weighted least squares on the log-odds or
// proportion scale, labelled rising / stable / falling by its confidence interval.
// Reference: Draper & Smith (1998) Applied Regression Analysis §9.2 (WLS); the interval-based label follows
// NCI Joinpoint's average annual percent change (Clegg LX et al. (2009) Stat Med 28:3670–3682).
import { assertLevel } from './checks.ts';
import { tCritical } from './distributions.ts';
import type { Estimate } from './interval.ts';
import { scaleSeries, type PeriodCount, type Scale } from './proportion-series.ts';
import { weightedLeastSquares } from './weighted-least-squares.ts';

/** Fewer periods than this and no trend is reported: with 3 points the interval rests on 1 degree of freedom. */
export const TREND_MIN_POINTS = 4;

export type TrendLabel = 'rising' | 'stable' | 'falling';

export interface TrendOptions {
  scale?: Scale;
  level?: number;
}

export type TrendResult =
  | {
      ok: true;
      scale: Scale;
      level: number;
      /** Periods used (those with n > 0). */
      points: number;
      /** Residual degrees of freedom: points − 2. */
      df: number;
      /** Change per period on `scale`, with a t interval on df degrees of freedom. */
      slope: Estimate;
      /** On the logit scale, exp(slope): the factor by which the odds change each period. Null on the proportion scale. */
      oddsRatioPerPeriod: { estimate: number; lower: number; upper: number } | null;
      /** 'stable' when the interval includes 0. */
      label: TrendLabel;
      /** Periods with x = 0 or x = n that got the empirical logit (logit scale only). */
      boundaryAdjusted: number;
    }
  | { ok: false; reason: 'too_few_points' | 'no_time_variation'; detail: string };

/**
 * Fits y = a + b·t with weights n (R: lm(y ~ t, weights = n)) and reports b.
 * The residual variance is estimated from the data, not assumed binomial, so
 * extra-binomial variation between periods widens the interval as it should.
 * Weight n treats p(1 − p) as roughly constant over the series, which holds when the
 * proportion moves modestly; the default logit scale keeps fitted values meaningful.
 */
export function trend(series: readonly PeriodCount[], options: TrendOptions = {}): TrendResult {
  const { scale = 'logit', level = 0.95 } = options;
  assertLevel(level);
  const { points, boundaryAdjusted } = scaleSeries(series, scale);
  if (points.length < TREND_MIN_POINTS) {
    return {
      ok: false,
      reason: 'too_few_points',
      detail: `${points.length} period(s) with cases; a trend needs at least ${TREND_MIN_POINTS}`,
    };
  }
  // Centre time at its weighted mean: the slope is unchanged and the normal equations stay well conditioned.
  const totalW = points.reduce((s, p) => s + p.w, 0);
  const tBar = points.reduce((s, p) => s + p.w * p.t, 0) / totalW;
  const fit = weightedLeastSquares(
    points.map((p) => [1, p.t - tBar]),
    points.map((p) => p.y),
    points.map((p) => p.w),
  );
  if (fit === null) {
    return { ok: false, reason: 'no_time_variation', detail: 'every period with cases has the same time t' };
  }
  const b = fit.coefficients[1];
  const se = Math.sqrt(fit.covariance[1][1]);
  const half = tCritical(level, fit.df) * se;
  const slope: Estimate = { estimate: b, stdErr: se, lower: b - half, upper: b + half };
  return {
    ok: true,
    scale,
    level,
    points: points.length,
    df: fit.df,
    slope,
    oddsRatioPerPeriod:
      scale === 'logit' ? { estimate: Math.exp(b), lower: Math.exp(slope.lower), upper: Math.exp(slope.upper) } : null,
    label: slope.lower > 0 ? 'rising' : slope.upper < 0 ? 'falling' : 'stable',
    boundaryAdjusted,
  };
}
