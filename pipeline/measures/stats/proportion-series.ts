// A series of period counts turned into responses and weights for the regressions in
// trend.ts and interrupted-time-series.ts.
// Reference: Cox DR (1970) The Analysis of Binary Data, §3.2 (the empirical logit log((x + ½)/(n − x + ½))).
import { assertEventsOf } from './checks.ts';

/** One period: x events among n cases at time t (t in periods: months, quarters, years). */
export interface PeriodCount {
  t: number;
  x: number;
  n: number;
}

/** 'logit': change in log-odds per period; 'proportion': change in the proportion (×100 = percentage points). */
export type Scale = 'logit' | 'proportion';

export interface ScaledPoint {
  /** Index of the period in the input series. */
  index: number;
  t: number;
  y: number;
  w: number;
}

/**
 * Responses on the chosen scale with weight n. Periods with n = 0 carry no
 * information and are dropped. On the logit scale a period with x = 0 or x = n has
 * no finite log-odds, so it gets Cox's empirical logit instead; `boundaryAdjusted`
 * counts them so a report can say so.
 */
export function scaleSeries(series: readonly PeriodCount[], scale: Scale): { points: ScaledPoint[]; boundaryAdjusted: number } {
  const points: ScaledPoint[] = [];
  let boundaryAdjusted = 0;
  for (const [index, { t, x, n }] of series.entries()) {
    if (!Number.isFinite(t)) throw new RangeError(`series[${index}].t must be a finite number, got ${t}`);
    assertEventsOf(x, n, `series[${index}].x`, `series[${index}].n`);
    if (n === 0) continue;
    let y: number;
    if (scale === 'proportion') y = x / n;
    else if (x === 0 || x === n) {
      y = Math.log((x + 0.5) / (n - x + 0.5));
      boundaryAdjusted++;
    } else y = Math.log(x / (n - x));
    points.push({ index, t, y, w: n });
  }
  return { points, boundaryAdjusted };
}
