// Counts an attacker gets by subtracting nested published counts: 40 closed and
// 35 favourable give away 5 unfavourable outcomes although neither shown count is
// small. Declared as cells of their own, they are protected like shown counts.
import { describe, expect, it } from 'vitest';
import { audit, cellId, protect } from '../../pipeline/disclosure/index.ts';
import { countFragment, funnelFragment, type FunnelCounts } from '../../pipeline/publish/protect-funnel.ts';
import { WITH_BARRIER } from '../../pipeline/publish/published-barriers.ts';
import { BARRIER_PAIR } from '../../pipeline/publish/published-cooccurrence.ts';
import { nestedDifferences } from '../../pipeline/publish/nested-counts.ts';
import { protectionProblem } from '../../pipeline/publish/publish.ts';

const row = (dimension: string, group_code: string, requests: number, accepted: number, closed: number, favourable: number): FunnelCounts =>
  ({ dimension, group_code, requests, accepted, turned_away_capacity: 0, closed_accepted: closed, favourable });

// Two age groups, every count 11 or more; the 65+ group's closed − favourable is 5.
const FUNNEL = [
  row('all', 'all', 400, 300, 240, 175),
  row('age_band', '25-34', 340, 250, 200, 140),
  row('age_band', '65+', 60, 50, 40, 35),
];

describe('nested counts', () => {
  it('adds every difference of the funnel as an unpublished cell with its equation, for every row', () => {
    const { cells, constraints } = nestedDifferences(funnelFragment(FUNNEL));
    expect(cells.map((c) => [c.table, c.key, c.value, c.unpublished])).toEqual([
      ['requests_declined', 'all', 100, true],
      ['requests_declined', 'age_band=25-34', 90, true],
      ['requests_declined', 'age_band=65+', 10, true],
      ['accepted_open', 'all', 60, true],
      ['accepted_open', 'age_band=25-34', 50, true],
      ['accepted_open', 'age_band=65+', 10, true],
      ['closed_not_favourable', 'all', 65, true],
      ['closed_not_favourable', 'age_band=25-34', 60, true],
      ['closed_not_favourable', 'age_band=65+', 5, true],
    ]);
    expect(constraints[8].terms.map((t) => [cellId(t.cell), t.coef])).toEqual([
      ['closed_accepted:age_band=65+', 1], ['favourable:age_band=65+', -1], ['closed_not_favourable:age_band=65+', -1],
    ]);
    expect(constraints[2].terms.map((t) => [cellId(t.cell), t.coef])).toEqual([
      ['requests:age_band=65+', 1], ['accepted:age_band=65+', -1], ['turned_away_capacity:age_band=65+', -1], ['requests_declined:age_band=65+', -1],
    ]);
  });

  it('exits not yet followed, and each longer window within the shorter one', () => {
    const returns = countFragment([{ dimension: 'all', group_code: 'all', exits_to_permanent: 100, followed_6m: 90, returned_6m: 4, followed_12m: 70, returned_12m: 9, followed_24m: 40, returned_24m: 8 }],
      ['exits_to_permanent', 'followed_6m', 'returned_6m', 'followed_12m', 'returned_12m', 'followed_24m', 'returned_24m']);
    const { cells } = nestedDifferences(returns);
    expect(Object.fromEntries(cells.map((c) => [c.table, c.value]))).toEqual({
      exits_not_followed_6m: 10, followed_6m_not_12m: 20, followed_12m_not_24m: 30,
      followed_6m_not_returned: 86, followed_12m_not_returned: 61, followed_24m_not_returned: 32,
    });
  });

  it('requests without a barrier, and the 2×2 table of a pair of barriers (both, one only, neither)', () => {
    const shown = {
      cells: [
        { table: 'requests', key: 'all', value: 100 },
        { table: WITH_BARRIER, key: 'barrier=language|all', value: 30 },
        { table: WITH_BARRIER, key: 'barrier=transport|all', value: 20 },
        { table: BARRIER_PAIR, key: 'barriers=language+transport|all', value: 12 },
      ],
      constraints: [],
    };
    const { cells, constraints } = nestedDifferences(shown);
    expect(cells.map((c) => [cellId(c), c.value])).toEqual([
      ['requests_without_barrier:barrier=language|all', 70],
      ['requests_without_barrier:barrier=transport|all', 80],
      ['barrier_pair_one_only:language|barriers=language+transport|all', 18],
      ['barrier_pair_one_only:transport|barriers=language+transport|all', 8],
      ['barrier_pair_neither:barriers=language+transport|all', 62],
    ]);
    // neither = requests − both − one only − other only
    expect(constraints.at(-1)!.terms.map((t) => cellId(t.cell))).toEqual([
      'requests:all', 'barrier_pair:barriers=language+transport|all',
      'barrier_pair_one_only:language|barriers=language+transport|all', 'barrier_pair_one_only:transport|barriers=language+transport|all',
      'barrier_pair_neither:barriers=language+transport|all',
    ]);
  });

  it('without it nothing is hidden and the 5 unfavourable outcomes are there by subtraction; with it protection hides shown counts so they are not', async () => {
    const shownOnly = await protect({ ...funnelFragment(FUNNEL), k: 11 });
    expect(shownOnly.counts.primary).toBe(0);
    // What an attacker reads off the page: 40 − 35.
    expect(FUNNEL[2].closed_accepted - FUNNEL[2].favourable).toBe(5);

    const problem = { ...protectionProblem([funnelFragment(FUNNEL)]), k: 11 };
    const result = await protect(problem);
    const hidden = [...result.status].filter(([, s]) => s.state === 'suppressed').map(([id]) => id);
    expect(result.status.get('closed_not_favourable:age_band=65+')).toEqual({ state: 'suppressed', reason: 'primary', unpublished: true });
    // A shown count of the 65+ row (closed or favourable) and its complement elsewhere are hidden.
    expect(hidden.filter((id) => /^(closed_accepted|favourable):age_band=65\+$/.test(id)).length).toBeGreaterThan(0);
    const check = await audit(problem, hidden);
    expect(check.exposed).toEqual([]);
    const interval = check.intervals.get('closed_not_favourable:age_band=65+')!;
    expect(interval.max - interval.min).toBeGreaterThanOrEqual(10);
  });

  it('refuses counts that are not nested as declared, naming the cells but not their values', () => {
    const broken = funnelFragment([row('all', 'all', 10, 10, 7, 9)]);
    expect(() => nestedDifferences(broken)).toThrow(/closed_accepted:all is declared to hold favourable:all, but it is smaller/);
    expect(() => nestedDifferences(broken)).not.toThrow(/\b[79]\b/);
  });
});
