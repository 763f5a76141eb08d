// When a sum of amounts (benefits in dollars) may be published: the rules of
// magnitude tables in τ-Argus and sdcTable (Hundepool et al., Statistical
// Disclosure Control, 2012, §4.2). A sum is sensitive
// - when fewer than k clients contribute to it (the frequency rule: with one
//   contributor the sum is that client's amount), or
// - under the p% rule: when the second-largest contributor, who knows their own
//   amount, could estimate the largest within p% of it from the sum, that is when
//   sum − x1 − x2 < p · x1.
// A sensitive sum is hidden, and the one protection problem must leave an
// attacker at least ±p · x1 around it (a width of 2 · p · x1), so that nobody's
// amount can be worked out within p% from what is published.
import type { Cell } from '../disclosure/index.ts';

/** p of the p% rule, as a share. 10% is the value used in the examples of Hundepool et al. and τ-Argus's manual. */
export const DOMINANCE_P = 0.1;

export interface Contributions {
  /** Contributors to the sum (clients with an amount). */
  n: number;
  /** The sum, in whole units. */
  sum: number;
  largest: number;
  secondLargest: number;
}

export type MagnitudeRule = 'frequency' | 'dominance';

/** Which rule makes the sum sensitive, if any. An empty sum (no contributor) is a published zero. */
export function sensitiveBy({ n, sum, largest, secondLargest }: Contributions, k: number, p = DOMINANCE_P): MagnitudeRule | null {
  if (n === 0) return null;
  if (n < k) return 'frequency';
  return sum - largest - secondLargest < p * largest ? 'dominance' : null;
}

/** The width an attacker must be left around the sum: ±p of the largest contribution, in whole units (at least 2). */
export function protectionWidth({ largest }: Pick<Contributions, 'largest'>, p = DOMINANCE_P): number {
  return Math.max(2, Math.ceil(2 * p * largest));
}

/** A magnitude cell for the protection problem. */
export function magnitudeCell(table: string, key: string, c: Contributions, k: number, p = DOMINANCE_P): Cell {
  return { table, key, value: c.sum, magnitude: { sensitive: sensitiveBy(c, k, p) !== null, protectionWidth: protectionWidth(c, p) } };
}

/** Rounds to the nearest multiple of `unit` (halves up); outward for an interval's bounds. */
export const roundTo = (x: number, unit: number) => Math.round(x / unit) * unit;
export const floorTo = (x: number, unit: number) => Math.floor(x / unit) * unit;
export const ceilTo = (x: number, unit: number) => Math.ceil(x / unit) * unit;
