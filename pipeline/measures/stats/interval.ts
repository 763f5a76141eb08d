/** A point estimate with its confidence interval; all null when the statistic is undefined (e.g. n = 0). */
export interface Interval {
  estimate: number | null;
  lower: number | null;
  upper: number | null;
  /** Confidence level of [lower, upper], e.g. 0.95. */
  level: number;
}

/** An estimate that is always defined, with its standard error and confidence interval. */
export interface Estimate {
  estimate: number;
  stdErr: number;
  lower: number;
  upper: number;
}
