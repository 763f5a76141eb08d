// One small random stream per case, seeded from (seed, org, case index) alone,
// so any case can be regenerated on its own: a later export re-emits an earlier
// case by regenerating it instead of keeping it in memory.
import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';

const TWO_POW_32 = 4_294_967_296;
const INV_TWO_POW_32 = 1 / TWO_POW_32;

/** lowbias32 (Chris Wellons' hash-prospector): a cheap, well-mixing 32-bit finaliser. */
export function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x | 0;
}

/** Folds a non-negative safe integer seed into 32 bits without dropping its high part. */
export function seedWord(seed: number): number {
  if (!Number.isSafeInteger(seed) || seed < 0) throw new RangeError(`seed must be a non-negative safe integer, got ${seed}`);
  const hi = Math.floor(seed / TWO_POW_32);
  return mix32((seed >>> 0) ^ mix32(hi + 0x632be5ab));
}

/**
 * The random stream of one case. pure-rand 8 generators advance in place (what
 * older versions called the unsafe* API), so there is no allocation per draw.
 */
export class CaseRng {
  private readonly g: RandomGenerator;

  constructor(seedWord32: number, stream: number, index: number) {
    // Hashing each coordinate separately keeps (org 1, case 0) and (org 0, case 1) apart.
    const base = mix32(mix32(seedWord32 ^ mix32(stream + 0x3c6ef372)) + mix32(index + 0x1b873593));
    const s0 = mix32(base + 0x9e3779b9), s1 = mix32(base + 0x3c6ef372);
    const s2 = mix32(base + 0xdaa66d2b), s3 = mix32(base + 0x78dde6e4);
    // xoroshiro must not start from the all-zero state; the hash makes it unlikely, this makes it impossible.
    this.g = xoroshiro128plusFromState([s0, s1, s2, (s0 | s1 | s2 | s3) === 0 ? 1 : s3]);
  }

  /** Uniform in [0, 1) with 32 bits of resolution: plenty for probabilities and dates. */
  u(): number {
    return (this.g.next() >>> 0) * INV_TWO_POW_32;
  }

  /** True with probability p. Always consumes one draw, so the stream stays aligned whatever p is. */
  chance(p: number): boolean {
    return this.u() < p;
  }

  /** An item of a weighted table; consumes one draw. */
  pick<T>(table: Weighted<T>): T {
    return pickAt(table, this.u());
  }
}

/** Standard normal from two uniform draws (Box–Muller, one value of the pair). */
export function normalOf(u1: number, u2: number): number {
  return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2); // 1 − u1 is in (0, 1]: the log stays finite
}

/**
 * Log-normal from two draws taken earlier. A case takes the draws whether or not
 * it needs the value (the stream stays aligned) and pays for log, cos and exp only
 * when it does.
 */
export function logNormalOf(median: number, sigma: number, u1: number, u2: number): number {
  return median * Math.exp(sigma * normalOf(u1, u2));
}

/** The item of a weighted table at the uniform draw u: the first whose cumulative weight exceeds u × total. */
export function pickAt<T>(table: Weighted<T>, u: number): T {
  const x = u * table.total;
  const { cumulative } = table;
  // The guide table gives the first candidate: the scan from there finds what a scan from 0 would, in a step or two.
  let i = table.guide[Math.floor(u * GUIDE_SIZE)];
  while (i < cumulative.length - 1 && x >= cumulative[i]) i++;
  return table.items[i];
}

/** A categorical distribution prepared for fast sampling. */
export interface Weighted<T> {
  items: readonly T[];
  cumulative: Float64Array;
  total: number;
  /** For each of GUIDE_SIZE equal slices of [0, 1), the first item whose cumulative weight reaches into it. */
  guide: Uint16Array;
}

const GUIDE_SIZE = 256;

export function weighted<T extends string | number>(weights: Readonly<Record<T, number>> | readonly (readonly [T, number])[]): Weighted<T> {
  const entries = (Array.isArray(weights) ? weights : Object.entries(weights)) as readonly (readonly [T, number])[];
  const items: T[] = [];
  const cumulative: number[] = [];
  let total = 0;
  for (const [item, w] of entries) {
    if (!(w >= 0)) throw new RangeError(`weight of ${String(item)} must be >= 0`);
    if (w === 0) continue;
    total += w;
    items.push(item);
    cumulative.push(total);
  }
  if (total === 0) throw new RangeError('a weighted table needs a positive weight');
  const guide = new Uint16Array(GUIDE_SIZE);
  for (let g = 0, i = 0; g < GUIDE_SIZE; g++) {
    const sliceStart = (g / GUIDE_SIZE) * total;
    while (i < cumulative.length - 1 && cumulative[i] <= sliceStart) i++;
    guide[g] = i;
  }
  return { items, cumulative: Float64Array.from(cumulative), total, guide };
}
