// Barriers met together, as published: the diagonal is the barriers page's own
// cell, a pair's service areas add up to its count over all requests (so a small
// area count hidden alone comes back by subtraction, and protect() prevents it),
// and the share "of requests with i, also j" is computed from the protected counts.
import { describe, expect, it } from 'vitest';
import { audit, protect, type CellStatus } from '../../pipeline/disclosure/index.ts';
import { ConfigSchema } from '../../pipeline/config.ts';
import { wilson } from '../../pipeline/measures/stats/index.ts';
import { barrierKey, WITH_BARRIER } from '../../pipeline/publish/published-barriers.ts';
import { BARRIER_PAIR, cooccurrenceFragment, diagonalKey, pairKey, publishCooccurrence, type Cooccurrence } from '../../pipeline/publish/published-cooccurrence.ts';

const K = 11;
const config = ConfigSchema.parse({});
//                 all   housing  food
// cost             50      30     20
// wait time        60      45     15
// cost + wait      25      22      3   (3: sensitive)
// childcare        12      12      –   (never met with the others)
const c = (service_area: string, barrier_i: string, barrier_j: string, n: number): Cooccurrence => ({ service_area, barrier_i, barrier_j, requests_with_both: n });
const ROWS = [
  c('all', 'cost', 'cost', 50), c('all', 'wait_time', 'wait_time', 60), c('all', 'cost', 'wait_time', 25), c('all', 'childcare', 'childcare', 12),
  c('housing', 'cost', 'cost', 30), c('housing', 'wait_time', 'wait_time', 45), c('housing', 'cost', 'wait_time', 22), c('housing', 'childcare', 'childcare', 12),
  c('food', 'cost', 'cost', 20), c('food', 'wait_time', 'wait_time', 15), c('food', 'cost', 'wait_time', 3),
];
const problem = { ...cooccurrenceFragment(ROWS), k: K };
const food = `${BARRIER_PAIR}:${pairKey('cost', 'wait_time', 'food')}`;

describe('barrier co-occurrence cells', () => {
  it('the diagonal is the barriers page’s cell, over all requests and by service area', () => {
    expect(diagonalKey('cost', 'all')).toBe(barrierKey('cost', 'all', 'all'));
    expect(diagonalKey('cost', 'food')).toBe(barrierKey('cost', 'service_area', 'food'));
    expect(problem.cells.filter((x) => x.table === WITH_BARRIER).map((x) => x.key)).toContain('barrier=cost|service_area=food');
    expect(pairKey('wait_time', 'cost', 'all')).toBe(pairKey('cost', 'wait_time', 'all'));
  });

  it('a pair’s service areas add up to its count over all requests', () => {
    expect(problem.constraints.map((x) => x.label)).toEqual(['requests with cost and wait_time by service area']);
  });

  it('hidden alone, the food count comes back: 25 − 22 = 3; protect() hides a second area and the total stays', async () => {
    expect((await audit(problem, [food])).exposed).toMatchObject([{ id: food, min: 3, max: 3 }]);
    const result = await protect(problem);
    const hidden = [...result.status].filter(([, s]) => s.state === 'suppressed').map(([id]) => id).sort();
    expect(hidden).toEqual([food, `${BARRIER_PAIR}:${pairKey('cost', 'wait_time', 'housing')}`]);
    expect((await audit(problem, hidden)).exposed).toEqual([]);
  });
});

describe('published co-occurrence', () => {
  const statusOf = (hidden: string[]) => (table: string, key: string): CellStatus => (hidden.includes(`${table}:${key}`) ? { state: 'suppressed', reason: 'complementary' } : { state: 'ok' });
  const published = publishCooccurrence(ROWS, statusOf([food]), config);
  const at = (area: string, i: string, j: string) => published.find((r) => r.service_area === area && r.barrier === i && r.also_barrier === j)!;

  it('shares are out of the row barrier’s requests, so the grid is not symmetric', () => {
    expect(at('all', 'cost', 'wait_time')).toMatchObject({ both_count: 25, with_barrier_count: 50, share_also: 0.5, status: 'ok' });
    expect(at('all', 'wait_time', 'cost')).toMatchObject({ both_count: 25, with_barrier_count: 60 });
    expect(at('all', 'wait_time', 'cost').share_lower).toBeCloseTo(wilson(25, 60).lower!, 12);
  });

  it('a pair never met together is a published zero, not a missing cell', () => {
    expect(at('all', 'childcare', 'cost')).toMatchObject({ both_count: 0, with_barrier_count: 12, share_also: 0 });
    expect(published.filter((r) => r.service_area === 'housing')).toHaveLength(6); // 3 barriers, 3 × 2 ordered pairs
  });

  it('a hidden count hides the share both ways, saying why', () => {
    for (const [i, j] of [['cost', 'wait_time'], ['wait_time', 'cost']]) {
      expect(at('food', i, j)).toMatchObject({ both_count: null, share_also: null, share_lower: null, status: 'suppressed', suppression_reason: 'complementary' });
    }
    expect(at('food', 'cost', 'wait_time').with_barrier_count).toBe(20);
  });
});
