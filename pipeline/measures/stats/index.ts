// The statistics every measure uses: pure functions of counts, no I/O.
// README.md beside this file lists the methods, their references and the conventions chosen.
export type { Estimate, Interval } from './interval.ts';
export { wilson, type ProportionInterval } from './wilson.ts';
export { clopperPearson } from './clopper-pearson.ts';
export { rateRatio, type RateRatio, type RateRatioUndefined } from './rate-ratio.ts';
export { twoProportionZ, type ZTest } from './two-proportion-z.ts';
export { fisherExact, FISHER_RELATIVE_TOLERANCE } from './fisher-exact.ts';
export { proportionTest, MIN_EXPECTED_COUNT_FOR_Z, type ProportionTest } from './proportion-test.ts';
export { benjaminiHochberg } from './benjamini-hochberg.ts';
export {
  relativeStandardError,
  reliability,
  MIN_STABLE_N,
  UNSTABLE_RSE,
  VERY_UNSTABLE_RSE,
  RELIABILITY_THRESHOLDS,
  type Reliability,
  type ReliabilityThresholds,
} from './reliability.ts';
export { kaplanMeier, kaplanMeierFromCounts, type KmPoint, type TimeCount } from './kaplan-meier.ts';
export { kmQuantile, type KmQuantile } from './km-quantile.ts';
export { type PeriodCount, type Scale } from './proportion-series.ts';
export { trend, TREND_MIN_POINTS, type TrendLabel, type TrendOptions, type TrendResult } from './trend.ts';
export { interruptedTimeSeries, ITS_MIN_POINTS_PER_SIDE, type ItsOptions, type ItsResult } from './interrupted-time-series.ts';
export { weightedLeastSquares, type WlsFit } from './weighted-least-squares.ts';
export { mantelHaenszelRateRatio, type MantelHaenszel, type Stratum } from './mantel-haenszel.ts';
export { medianRanks, type MedianRanks } from './median-interval.ts';
