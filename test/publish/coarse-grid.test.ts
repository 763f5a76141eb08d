// The rule that lets a Kaplan–Meier curve be published: grid days only, with at
// least k cases still at risk, and every stretch between published days holding
// no closing or at least k, so that no count of 1..k-1 closings can be read off
// the steps. Hand-made groups, then random ones (fast-check).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { coarseGrid, GRID_DAYS, valueAt, type DayCount } from '../../pipeline/publish/published-resolution.ts';

const K = 11;
const closings = (counts: readonly DayCount[], after: number, upTo: number) =>
  counts.reduce((s, c) => s + (c.days > after && c.days <= upTo ? c.closed_cases : 0), 0);
const atRisk = (counts: readonly DayCount[], day: number) => counts.reduce((s, c) => s + (c.days >= day ? c.closed_cases + c.open_cases : 0), 0);

describe('coarseGrid', () => {
  it('keeps every grid day when each stretch has none or at least k closings', () => {
    const counts = [{ days: 5, closed_cases: 20, open_cases: 0 }, { days: 45, closed_cases: 11, open_cases: 0 }, { days: 400, closed_cases: 0, open_cases: 30 }];
    expect(coarseGrid(counts, K)).toEqual([...GRID_DAYS]);
  });

  it('merges a stretch of 1..k-1 closings with the next one', () => {
    // 3 closings by day 7 would show as a step of 3: day 7 is skipped, day 14 covers 3 + 20.
    const counts = [{ days: 3, closed_cases: 3, open_cases: 0 }, { days: 10, closed_cases: 20, open_cases: 0 }, { days: 400, closed_cases: 0, open_cases: 50 }];
    expect(coarseGrid(counts, K)).toEqual([0, 14, 30, 60, 90, 180, 365]);
  });

  it('stops where fewer than k cases are still open, and drops days from the end while the tail has 1..k-1 closings', () => {
    // 40 close by day 20; 5 more close on day 200; 6 stay open at day 100.
    const counts = [{ days: 20, closed_cases: 40, open_cases: 0 }, { days: 100, closed_cases: 0, open_cases: 6 }, { days: 200, closed_cases: 5, open_cases: 0 }];
    // At risk: day 90 → 11, day 180 → 5 (stop). After day 90 come 5 closings: drop 90, 60, 30 (stretches of 0) until the tail holds the 40.
    expect(coarseGrid(counts, K)).toEqual([0, 7, 14]);
  });

  it('publishes no curve when even the whole span cannot be split safely', () => {
    expect(coarseGrid([{ days: 12, closed_cases: 7, open_cases: 30 }], K)).toEqual([]);
  });

  it('on random groups: every kept day has k at risk, and every stretch (start, between days, tail) holds 0 or >= k closings', () => {
    const day = fc.record({ days: fc.integer({ min: 0, max: 500 }), closed_cases: fc.integer({ min: 0, max: 25 }), open_cases: fc.integer({ min: 0, max: 8 }) });
    fc.assert(fc.property(fc.array(day, { maxLength: 30 }), (raw) => {
      const counts = [...new Map(raw.map((d) => [d.days, d])).values()].sort((a, b) => a.days - b.days);
      const kept = coarseGrid(counts, K);
      const bounds = [-Infinity, ...kept, Infinity];
      for (const d of kept) expect(atRisk(counts, d)).toBeGreaterThanOrEqual(K);
      for (let i = 1; i < bounds.length; i++) {
        const n = closings(counts, bounds[i - 1], bounds[i]);
        if (kept.length) expect(n === 0 || n >= K, `closings in (${bounds[i - 1]}, ${bounds[i]}] = ${n}`).toBe(true);
      }
    }), { numRuns: 300, seed: 42 });
  });
});

describe('valueAt', () => {
  const curve = [
    { dimension: 'all', group_code: 'all', days: 3, at_risk: 100, closed: 10, share_open: 0.9, lower: 0.83, upper: 0.94 },
    { dimension: 'all', group_code: 'all', days: 10, at_risk: 90, closed: 20, share_open: 0.7, lower: 0.6, upper: 0.78 },
  ];
  it('is 1 before the first closing and the last step at or before the day after it', () => {
    expect(valueAt(curve, 0)).toEqual({ share_open: 1, lower: null, upper: null });
    expect(valueAt(curve, 7)).toEqual({ share_open: 0.9, lower: 0.83, upper: 0.94 });
    expect(valueAt(curve, 10).share_open).toBe(0.7);
  });
});
