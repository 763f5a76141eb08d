// Kaplan–Meier estimate of the time-to-event curve with Greenwood variance and the
// log-log (Kalbfleisch–Prentice) confidence interval.
// Reference: Kaplan EL, Meier P (1958) JASA 53:457–481; Greenwood M (1926); Kalbfleisch JD, Prentice RL (1980)
// The Statistical Analysis of Failure Time Data, §1.3. Matches R's survfit(Surv(t, e) ~ 1, conf.type = "log-log").
import { assertLevel } from './checks.ts';
import { zCritical } from './distributions.ts';

export interface KmPoint {
  /** A distinct time at which at least one case closed or was censored. */
  time: number;
  /** Cases still open just before `time`. */
  atRisk: number;
  /** Cases that closed (event) at `time`. */
  events: number;
  /** Cases still open at the data date whose follow-up ends at `time`. */
  censored: number;
  /** Estimated share still open just after `time`. */
  survival: number;
  /** Greenwood standard error of `survival`; null where survival is 0 (the variance is undefined there). */
  stdErr: number | null;
  /**
   * Log-log interval bounds; null where survival is 1 (no event yet: Greenwood's
   * variance is 0, which would claim certainty) or 0, as R's survfit leaves them NA.
   */
  lower: number | null;
  upper: number | null;
}

/**
 * The Kaplan–Meier step curve, one point per distinct time. `events[i]` is true when
 * case i closed at `times[i]` and false when it was still open then (censored).
 * At a time with both, the events are counted first and the censored cases leave
 * the risk set after them, the usual convention (and R's). Empty input gives [].
 */
export function kaplanMeier(times: readonly number[], events: readonly boolean[], level = 0.95): KmPoint[] {
  if (times.length !== events.length) {
    throw new RangeError(`times (${times.length}) and events (${events.length}) must have the same length`);
  }
  assertLevel(level);
  for (const [i, t] of times.entries()) {
    if (!Number.isFinite(t) || t < 0) throw new RangeError(`times[${i}] must be a finite non-negative number, got ${t}`);
  }
  const order = times.map((_, i) => i).sort((i, j) => times[i] - times[j]);
  const counts: TimeCount[] = [];
  for (let k = 0; k < order.length; ) {
    const time = times[order[k]];
    let d = 0;
    let c = 0;
    for (; k < order.length && times[order[k]] === time; k++) {
      if (events[order[k]]) d++;
      else c++;
    }
    counts.push({ time, events: d, censored: c });
  }
  return kaplanMeierFromCounts(counts, level);
}

/** Closings (events) and censorings at one distinct time. */
export interface TimeCount { time: number; events: number; censored: number }

/**
 * The same estimator from counts per distinct time (strictly increasing), as a
 * warehouse aggregates them: no need to expand millions of cases into arrays.
 */
export function kaplanMeierFromCounts(counts: readonly TimeCount[], level = 0.95): KmPoint[] {
  assertLevel(level);
  for (const [i, { time, events, censored }] of counts.entries()) {
    if (!Number.isFinite(time) || time < 0) throw new RangeError(`counts[${i}].time must be a finite non-negative number, got ${time}`);
    if (i > 0 && !(time > counts[i - 1].time)) throw new RangeError(`counts must be in strictly increasing time order (index ${i})`);
    if (!Number.isSafeInteger(events) || events < 0 || !Number.isSafeInteger(censored) || censored < 0) {
      throw new RangeError(`counts[${i}] must hold whole, non-negative numbers of events and censorings`);
    }
  }
  const z = zCritical(level);
  const curve: KmPoint[] = [];
  let atRisk = counts.reduce((t, x) => t + x.events + x.censored, 0);
  let survival = 1;
  let greenwood = 0;
  for (const { time, events: d, censored: c } of counts) {
    if (d + c === 0) continue;
    if (d > 0) {
      survival *= 1 - d / atRisk;
      greenwood += d === atRisk ? Infinity : d / (atRisk * (atRisk - d));
    }
    curve.push({ time, atRisk, events: d, censored: c, survival, ...band(survival, greenwood, z) });
    atRisk -= d + c;
  }
  return curve;
}

function band(s: number, greenwood: number, z: number): Pick<KmPoint, 'stdErr' | 'lower' | 'upper'> {
  if (s === 0) return { stdErr: null, lower: null, upper: null };
  const stdErr = s * Math.sqrt(greenwood);
  if (s === 1) return { stdErr, lower: null, upper: null };
  // On θ = log(−log S) the SE is √greenwood / |log S|; S = exp(−exp(θ)) falls as θ rises.
  const logS = Math.log(s);
  const theta = Math.log(-logS);
  const seTheta = Math.sqrt(greenwood) / -logS;
  return {
    stdErr,
    lower: Math.exp(-Math.exp(theta + z * seTheta)),
    upper: Math.exp(-Math.exp(theta - z * seTheta)),
  };
}
