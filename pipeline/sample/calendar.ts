// Dates as day numbers (days since 1970-01-01, UTC) so the generator does
// arithmetic on integers and formats through a lookup table: building a Date per
// field would dominate the run time at millions of rows.
const MS_PER_DAY = 86_400_000;

export function dayOf(iso: string): number {
  const ms = Date.parse(`${iso}T00:00:00Z`);
  if (Number.isNaN(ms)) throw new RangeError(`not a date: ${iso}`);
  return Math.round(ms / MS_PER_DAY);
}

export function isoOf(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** The sample covers two full calendar years of intake. */
export const PERIOD_START = '2023-01-01';
export const PERIOD_END = '2024-12-31';
export const FIRST_DAY = dayOf(PERIOD_START);
export const LAST_DAY = dayOf(PERIOD_END);

const TABLE_DAYS = LAST_DAY - FIRST_DAY + 1;
const dayText: string[] = [];
for (let d = 0; d < TABLE_DAYS; d++) dayText.push(isoOf(FIRST_DAY + d));

/** `YYYY-MM-DD` of a day within the period. */
export function formatDay(day: number): string {
  const s = dayText[day - FIRST_DAY];
  if (s === undefined) throw new RangeError(`day ${isoOf(day)} is outside the sample period`);
  return s;
}

/** `YYYY-MM` of a day within the period: the coarsened form some organisations export. */
export function formatMonth(day: number): string {
  return formatDay(day).slice(0, 7);
}

/** Intake happens on weekdays: the days cases open on, in order. */
export const INTAKE_DAYS: readonly number[] = (() => {
  const days: number[] = [];
  for (let d = FIRST_DAY; d <= LAST_DAY; d++) {
    const weekday = new Date(d * MS_PER_DAY).getUTCDay();
    if (weekday !== 0 && weekday !== 6) days.push(d);
  }
  return days;
})();
