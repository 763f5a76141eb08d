// Calendar periods (quarters, months) of a time series: their order on a time axis
// and whether the data covers them in full.

/**
 * Intake happens on weekdays, so the first or last few days of a period can be
 * empty without the exports having started or stopped inside it. A period whose
 * covered days fall short of its length by more than this is partial.
 */
export const PARTIAL_PERIOD_GRACE_DAYS = 7;

/** True when the data starts or stops inside the period (more than a week of it uncovered). */
export function isPartialPeriod(daysObserved: number, daysInPeriod: number): boolean {
  return daysObserved < daysInPeriod - PARTIAL_PERIOD_GRACE_DAYS;
}

export type Period = 'quarter' | 'month';

/** Position of a period starting on `start` (YYYY-MM-DD) on an axis of whole periods. */
export function periodIndex(start: string, period: Period): number {
  const year = Number(start.slice(0, 4)), month = Number(start.slice(5, 7)) - 1;
  return period === 'quarter' ? year * 4 + Math.floor(month / 3) : year * 12 + month;
}

/** '2024-Q3' or '2024-07' for a period starting on `start`. */
export function periodName(start: string, period: Period): string {
  return period === 'quarter' ? `${start.slice(0, 4)}-Q${Math.floor((Number(start.slice(5, 7)) - 1) / 3) + 1}` : start.slice(0, 7);
}

/** The first day (YYYY-MM-DD) of the period that contains `day`. */
export function periodStartOf(day: string, period: Period): string {
  const month = Number(day.slice(5, 7)) - 1;
  const first = period === 'quarter' ? month - (month % 3) : month;
  return `${day.slice(0, 4)}-${String(first + 1).padStart(2, '0')}-01`;
}
