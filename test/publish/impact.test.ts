// Benefits obtained, as published: the frequency and p% rules for sums worked by
// hand, a sum and a count recovered by subtraction when hidden alone and
// protected by protect(), sums hidden wherever their count of amounts is, and
// medians shown only behind at least k amounts, rounded.
import { describe, expect, it } from 'vitest';
import { audit, protect, type CellStatus } from '../../pipeline/disclosure/index.ts';
import { joinFragments } from '../../pipeline/publish/publication.ts';
import { cellKey, countFragment } from '../../pipeline/publish/protect-funnel.ts';
import { DOMINANCE_P, protectionWidth, roundTo, sensitiveBy } from '../../pipeline/publish/dominance.ts';
import { BENEFIT_SUM, impactFragment, publishImpact, WITH_BENEFIT, WITHOUT_BENEFIT, type ImpactGroup } from '../../pipeline/publish/published-impact.ts';

const K = 11;

describe('the dominance (p%) and frequency rules for a sum', () => {
  it('a sum of fewer than k amounts is sensitive; an empty sum is a published zero', () => {
    expect(sensitiveBy({ n: 1, sum: 5000, largest: 5000, secondLargest: 0 }, K)).toBe('frequency');
    expect(sensitiveBy({ n: 10, sum: 10000, largest: 1000, secondLargest: 1000 }, K)).toBe('frequency');
    expect(sensitiveBy({ n: 0, sum: 0, largest: 0, secondLargest: 0 }, K)).toBeNull();
  });

  it('p = 10%: sensitive when the rest after the two largest is under 10% of the largest', () => {
    expect(DOMINANCE_P).toBe(0.1);
    // 12 amounts: $100,000, then eleven of $100: rest = 1,200 − 100 = 1,000 < 10,000: the second-largest learns the largest within 1%.
    expect(sensitiveBy({ n: 12, sum: 101100, largest: 100000, secondLargest: 100 }, K)).toBe('dominance');
    // Rest exactly 10% of the largest (10,000 of 100,000) is not under it: published.
    expect(sensitiveBy({ n: 12, sum: 100000 + 5000 + 10000, largest: 100000, secondLargest: 5000 }, K)).toBeNull();
    expect(sensitiveBy({ n: 12, sum: 100000 + 5000 + 9999, largest: 100000, secondLargest: 5000 }, K)).toBe('dominance');
    // Twelve equal amounts: nobody dominates.
    expect(sensitiveBy({ n: 12, sum: 12000, largest: 1000, secondLargest: 1000 }, K)).toBeNull();
  });

  it('leaves an attacker ±10% of the largest amount, in whole dollars', () => {
    expect(protectionWidth({ largest: 5000 })).toBe(1000);
    expect(protectionWidth({ largest: 4 })).toBe(2);
  });

  it('rounds halves up', () => {
    expect([roundTo(4249, 100), roundTo(4250, 100), roundTo(14_948_499, 1000)]).toEqual([4200, 4300, 14_948_000]);
  });
});

// Favourable cases by age band (a partition) with the benefit amounts recorded:
//   group  favourable  with an amount  sum ($)   largest  second
//   young       40            1           5,000    5,000      0      one amount: frequency rule
//   middle      60           30          36,000    1,500  1,400
//   old         50           12         101,100  100,000    100      one amount is nearly all: p% rule
//   all        150           43         142,100  100,000    5,000
const group = (dimension: string, code: string, fav: number, n: number, sum: number, largest: number, second: number, median: number | null = null): ImpactGroup => ({
  dimension, dimension_label: dimension, group_code: code, group_label: code, favourable_cases: fav, cases_with_benefit: n, share_with_benefit: n / fav,
  benefit_usd_sum: sum, benefit_usd_median: median, benefit_usd_median_lower: median && median - 351, benefit_usd_median_upper: median && median + 301,
  median_interval_coverage: median && 0.96, median_interval_method: 'order statistics', reliability: n >= 30 ? 'ok' : 'unstable', note: null,
  whole_usd_sum: sum, largest_usd: largest, second_largest_usd: second,
});
const GROUPS = [
  group('all', 'all', 150, 43, 142100, 100000, 5000, 1849),
  group('age_band', 'young', 40, 1, 5000, 5000, 0, 5000),
  group('age_band', 'middle', 60, 30, 36000, 1500, 1400, 1249),
  group('age_band', 'old', 50, 12, 101100, 100000, 100, 100),
];
const funnel = countFragment([{ dimension: 'all', group_code: 'all', favourable: 150 }, ...GROUPS.slice(1).map((g) => ({ dimension: g.dimension, group_code: g.group_code, favourable: g.favourable_cases }))], ['favourable']);
const problem = { ...joinFragments([funnel, impactFragment(GROUPS, K)]), k: K };
const id = (table: string, group: string) => `${table}:${cellKey('age_band', group)}`;

describe('benefits protected with the funnel', () => {
  it('declares the sums as magnitudes: sensitive by frequency (young) and dominance (old)', () => {
    const sums = Object.fromEntries(problem.cells.filter((c) => c.table === BENEFIT_SUM).map((c) => [c.key, c.magnitude]));
    expect(sums).toEqual({
      all: { sensitive: false, protectionWidth: 20000 }, // 142,100 − 100,000 − 5,000 = 37,100 ≥ 10,000: no dominance over all cases
      'age_band=young': { sensitive: true, protectionWidth: 1000 },
      'age_band=middle': { sensitive: false, protectionWidth: 300 },
      'age_band=old': { sensitive: true, protectionWidth: 20000 },
    });
  });

  it('hidden alone, the young group’s one amount comes back: 142,100 − 36,000 − 101,100 = 5,000; so does its count', async () => {
    const { exposed } = await audit(problem, [id(BENEFIT_SUM, 'young'), id(BENEFIT_SUM, 'old'), id(WITH_BENEFIT, 'young')]);
    // Both sums hidden but the total published: young + old = 106,100 leaves young in [0, 106,100]: protected.
    // The count: 43 − 30 − 12 = 1, and without an amount 40 − 1 = 39 is published: pinned.
    expect(exposed.map((e) => e.id)).toContain(id(WITH_BENEFIT, 'young'));
    const alone = await audit(problem, [id(BENEFIT_SUM, 'young')]);
    expect(alone.exposed.find((e) => e.id === id(BENEFIT_SUM, 'young'))).toMatchObject({ min: 5000, max: 5000, why: expect.stringMatching(/width 0/) });
  });

  it('protect() hides enough that the audit proves every sensitive count and sum safe', async () => {
    const result = await protect(problem);
    const hidden = [...result.status].filter(([, s]) => s.state === 'suppressed').map(([i]) => i);
    expect(hidden).toEqual(expect.arrayContaining([id(WITH_BENEFIT, 'young'), id(BENEFIT_SUM, 'young'), id(BENEFIT_SUM, 'old')]));
    expect((await audit(problem, hidden)).exposed).toEqual([]);
  });
});

describe('published benefits', () => {
  const status = (hidden: Record<string, CellStatus['reason']>) => (table: string, key: string): CellStatus =>
    `${table}:${key}` in hidden ? { state: 'suppressed', reason: hidden[`${table}:${key}`] } : { state: 'ok' };
  const published = publishImpact(GROUPS, status({
    [id(WITH_BENEFIT, 'young')]: 'primary', [id(WITHOUT_BENEFIT, 'young')]: 'complementary', [id(BENEFIT_SUM, 'young')]: 'primary',
    [id(BENEFIT_SUM, 'old')]: 'primary', [`${BENEFIT_SUM}:all`]: 'primary',
  }), K);
  const at = (code: string) => published.find((r) => r.group_code === code)!;

  it('hides the sum and median wherever the count of amounts is hidden, whatever the sum’s own status', () => {
    expect(at('young')).toMatchObject({ favourable_cases: 40, benefit_cases: null, share_with_benefit: null, benefit_usd_sum: null, sum_suppression_reason: 'count_suppressed', benefit_usd_median: null, median_lower: null, median_status: 'suppressed', median_suppression_reason: 'count_suppressed' });
  });

  it('says which rule hid a sum: dominance for the old group, whose median (12 amounts) is still shown', () => {
    expect(at('old')).toMatchObject({ benefit_cases: 12, benefit_usd_sum: null, sum_status: 'suppressed', sum_suppression_reason: 'dominance', benefit_usd_median: 100, median_status: 'unstable' });
  });

  it('rounds sums to $1,000 and medians to $100, the interval outward', () => {
    // middle: median 1,249 → 1,200; interval 898 → 800 and 1,550 → 1,600; sum 36,000.
    expect(at('middle')).toMatchObject({ benefit_usd_sum: 36000, sum_rounded_to: 1000, benefit_usd_median: 1200, median_lower: 800, median_upper: 1600, median_rounded_to: 100, median_status: 'ok' });
  });

  it('never shows a median behind fewer than k amounts, even with its count published', () => {
    const few = publishImpact([group('age_band', 'few', 20, 7, 7000, 1100, 1050, 1000)], status({}), K);
    expect(few[0]).toMatchObject({ benefit_cases: 7, benefit_usd_median: null, median_lower: null, median_status: 'suppressed', median_suppression_reason: 'fewer_than_k' });
  });
});
