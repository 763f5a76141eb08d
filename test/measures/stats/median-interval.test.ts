// The order-statistic interval for a median against Campbell & Gardner (1988),
// BMJ 296:1454–1456, Table 1 (ranks of the 95% limits by sample size), and the
// exact coverage worked out by hand from binomial counts: P(B ≤ k) = Σ C(n, i) / 2ⁿ.
import { describe, expect, it } from 'vitest';
import { medianRanks } from '../../../pipeline/measures/stats/index.ts';

describe('medianRanks', () => {
  it('gives the published ranks and their exact coverage at 95%', () => {
    // n = 10: P(B ≤ 1) = (1 + 10)/1024, so ranks 2 and 9, coverage 1 − 22/1024 (table: 97.9%).
    expect(medianRanks(10)).toEqual({ ok: true, n: 10, lowerRank: 2, upperRank: 9, coverage: 1 - 22 / 1024 });
    // n = 20: P(B ≤ 5) = (1 + 20 + 190 + 1140 + 4845 + 15504)/2²⁰ = 21700/1048576; ranks 6 and 15 (table: 95.9%).
    const r20 = medianRanks(20);
    expect(r20).toMatchObject({ lowerRank: 6, upperRank: 15 });
    expect(r20.ok && r20.coverage).toBeCloseTo(1 - 43400 / 1048576, 12);
    // n = 100: ranks 40 and 61 (table: 96.5%).
    const r100 = medianRanks(100);
    expect(r100).toMatchObject({ lowerRank: 40, upperRank: 61 });
    expect(r100.ok && Number(r100.coverage.toFixed(3))).toBe(0.965);
  });

  it('uses the whole range when that is the only interval that reaches the level, and refuses below it', () => {
    // n = 6: the full range covers with 1 − 2/64 = 0.96875 ≥ 0.95; n = 5: 1 − 2/32 = 0.9375 < 0.95.
    expect(medianRanks(6)).toEqual({ ok: true, n: 6, lowerRank: 1, upperRank: 6, coverage: 1 - 2 / 64 });
    expect(medianRanks(5)).toMatchObject({ ok: false, reason: 'too_few_values' });
    expect(medianRanks(0)).toMatchObject({ ok: false, reason: 'too_few_values' });
  });

  it('widens at a higher level: 99% at n = 10 needs the full range (P(B ≤ 1) = 11/1024 > 0.005)', () => {
    expect(medianRanks(10, 0.99)).toEqual({ ok: true, n: 10, lowerRank: 1, upperRank: 10, coverage: 1 - 2 / 1024 });
  });

  it('never promises less than the level it was asked for', () => {
    for (let n = 6; n <= 400; n++) {
      const r = medianRanks(n);
      if (!r.ok) throw new Error(`refused n = ${n}`);
      expect(r.coverage).toBeGreaterThanOrEqual(0.95);
      expect(r.lowerRank + r.upperRank).toBe(n + 1);
    }
  });
});
