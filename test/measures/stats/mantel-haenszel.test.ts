// Mantel-Haenszel rate ratio (Greenland-Robins variance), checked three ways that
// do not use its own output: it reduces to the crude ratio and Katz's interval with
// one stratum (an algebraic identity: with one stratum the Greenland-Robins variance
// is 1/a - 1/n1 + 1/b - 1/n0); strata sharing one ratio give exactly that ratio; and
// a two-stratum example worked by hand below.
import { describe, expect, it } from 'vitest';
import { mantelHaenszelRateRatio, rateRatio } from '../../../pipeline/measures/stats/index.ts';

describe('mantelHaenszelRateRatio', () => {
  it('with one stratum equals the crude rate ratio with its Katz interval', () => {
    for (const [a, n1, b, n0] of [[81, 263, 15, 148], [10, 50, 40, 60], [3, 9, 30, 31]]) {
      const mh = mantelHaenszelRateRatio([{ a, n1, b, n0 }]);
      const crude = rateRatio(a, n1, b, n0);
      expect(mh.estimate).toBeCloseTo(crude.estimate!, 12);
      expect(mh.lower).toBeCloseTo(crude.lower!, 12);
      expect(mh.upper).toBeCloseTo(crude.upper!, 12);
    }
  });

  it('gives exactly the common ratio when every stratum shares it', () => {
    const mh = mantelHaenszelRateRatio([{ a: 10, n1: 100, b: 20, n0: 100 }, { a: 30, n1: 60, b: 60, n0: 60 }, { a: 1, n1: 4, b: 8, n0: 16 }]);
    expect(mh.estimate).toBeCloseTo(0.5, 14);
  });

  it('reverses a Simpson paradox in a two-stratum example worked by hand', () => {
    // Stratum A: group 10/100, reference 80/400 (N = 500). Stratum B: group 90/300, reference 15/50 (N = 350).
    // Crude: 100/400 ÷ 95/450 = 1.184 (group looks better off); within strata: 0.5 and 1.0.
    // Σ a·n0/N = 10·400/500 + 90·50/350 = 8 + 12.857143 = 20.857143
    // Σ b·n1/N = 80·100/500 + 15·300/350 = 16 + 12.857143 = 28.857143     → RR_MH = 146/202 = 0.7227723
    // Σ (n1·n0·(a+b) − a·b·N)/N² = (100·400·90 − 10·80·500)/500² + (300·50·105 − 90·15·350)/350² = 12.8 + 9.0 = 21.8
    // var(ln RR) = 21.8 / (20.857143 · 28.857143) = 0.0362200, SE = 0.1903155
    // 95%: exp(ln 0.7227723 ∓ 1.959964 · 0.1903155) = 0.4977424 … 1.0495384; Wald p = 0.0880249
    const mh = mantelHaenszelRateRatio([{ a: 10, n1: 100, b: 80, n0: 400 }, { a: 90, n1: 300, b: 15, n0: 50 }]);
    expect(mh.estimate).toBeCloseTo(73 / 101, 12);
    expect(mh.lower).toBeCloseTo(0.4977424, 6);
    expect(mh.upper).toBeCloseTo(1.0495384, 6);
    expect(mh.p).toBeCloseTo(0.0880249, 6);
    expect(mh.strata).toBe(2);
    expect(rateRatio(100, 400, 95, 450).estimate!).toBeGreaterThan(1);
  });

  it('skips strata without both sides and says when nothing is left', () => {
    expect(mantelHaenszelRateRatio([{ a: 3, n1: 10, b: 0, n0: 0 }])).toMatchObject({ estimate: null, reason: 'no_informative_strata', strata: 0 });
    expect(mantelHaenszelRateRatio([{ a: 0, n1: 10, b: 0, n0: 10 }])).toMatchObject({ estimate: null, reason: 'no_events' });
    expect(mantelHaenszelRateRatio([{ a: 5, n1: 10, b: 5, n0: 10 }, { a: 2, n1: 4, b: 0, n0: 0 }]).strata).toBe(1);
  });

  it('refuses malformed counts', () => {
    expect(() => mantelHaenszelRateRatio([{ a: 11, n1: 10, b: 1, n0: 10 }])).toThrow(RangeError);
  });
});
