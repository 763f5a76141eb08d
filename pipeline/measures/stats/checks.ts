// Input checks shared by the statistics. A malformed count (negative, fractional,
// more events than cases) is a bug upstream, so it throws; a well-formed input
// that leaves a statistic undefined (n = 0) returns nulls instead.

/** Throws unless v is a non-negative safe integer. */
export function assertCount(name: string, v: number): void {
  if (!Number.isSafeInteger(v) || v < 0) throw new RangeError(`${name} must be a non-negative integer, got ${v}`);
}

/** Throws unless x and n are counts with x ≤ n. */
export function assertEventsOf(x: number, n: number, xName = 'x', nName = 'n'): void {
  assertCount(xName, x);
  assertCount(nName, n);
  if (x > n) throw new RangeError(`${xName} (${x}) cannot exceed ${nName} (${n})`);
}

/** Throws unless level is a confidence level strictly between 0 and 1. */
export function assertLevel(level: number): void {
  if (!(level > 0 && level < 1)) throw new RangeError(`level must be strictly between 0 and 1, got ${level}`);
}
