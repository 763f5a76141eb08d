// Counts an attacker gets by subtracting nested published counts: 40 closed and
// 35 favourable give away 5 unfavourable outcomes although neither shown count is
// small. Declared as cells of their own, they are protected like shown counts.
import { describe, expect, it } from 'vitest';
import { audit, cellId, protect } from '../../pipeline/disclosure/index.ts';
import { funnelFragment, type FunnelCounts } from '../../pipeline/publish/protect-funnel.ts';
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
  it('adds closed − favourable as a cell with its equation, for every row', () => {
    const { cells, constraints } = nestedDifferences(funnelFragment(FUNNEL));
    expect(cells.map((c) => [c.table, c.key, c.value])).toEqual([
      ['closed_not_favourable', 'all', 65],
      ['closed_not_favourable', 'age_band=25-34', 60],
      ['closed_not_favourable', 'age_band=65+', 5],
    ]);
    expect(constraints[2].terms.map((t) => [cellId(t.cell), t.coef])).toEqual([
      ['closed_accepted:age_band=65+', 1], ['favourable:age_band=65+', -1], ['closed_not_favourable:age_band=65+', -1],
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
    expect(hidden).toContain('closed_not_favourable:age_band=65+');
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
