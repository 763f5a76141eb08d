// Hand-made publications where the naive HUD rule ("hide the next-lowest count
// in the row") leaves a sensitive count recoverable by subtraction. In each, the
// attacker audit finds the leak, with the interval worked out by hand in the
// comments, and protect() hides enough that the audit proves every cell safe.
import { describe, expect, it } from 'vitest';
import {
  type Fragment, type ProtectionProblem, audit, combine, hierarchy, protect, ref, sumOf, tableWithMargins,
} from '../../pipeline/disclosure/index.ts';
import { hiddenIds, naiveNextSmallest, oneWay } from './helpers.ts';

async function expectProtectFixes(problem: ProtectionProblem) {
  const result = await protect(problem);
  const check = await audit(problem, hiddenIds(result));
  expect(check.exposed).toEqual([]);
  for (const [id, s] of result.status) {
    if (s.reason === 'complementary') expect(s.protects?.length, id).toBeGreaterThan(0);
  }
  return result;
}

describe('(1) one hidden cell in a line whose total is published', () => {
  // race × area:   x   y   z
  //   a            3  20  30
  //   b           15  25  35
  //   c           40  12  22
  const t = tableWithMargins('t', ['race=a', 'race=b', 'race=c'], ['area=x', 'area=y', 'area=z'], [[3, 20, 30], [15, 25, 35], [40, 12, 22]]);
  const rows = [0, 1, 2].map((i) => [0, 1, 2].map((j) => t.interior(i, j)));

  it('hiding only the primary cell: row total minus the row gives it back (width 0)', async () => {
    const { exposed } = await audit(t, ['t:race=a|area=x']);
    expect(exposed).toMatchObject([{ id: 't:race=a|area=x', value: 3, min: 3, max: 3 }]);
    expect(exposed[0].why).toMatch(/width 0/);
  });

  it('the naive rule hides 20 beside it, but column x then has one hidden cell: 58 − 15 − 40 = 3', async () => {
    const naive = naiveNextSmallest(t, rows);
    expect([...naive].sort()).toEqual(['t:race=a|area=x', 't:race=a|area=y']);
    const { exposed, intervals } = await audit(t, naive);
    expect(exposed).toMatchObject([{ id: 't:race=a|area=x', min: 3, max: 3 }]);
    expect(intervals.get('t:race=a|area=y')).toEqual({ min: 20, max: 20 });
  });

  it('protect hides a 2×2 pattern instead: the 3 can be anything in [0, 18]', async () => {
    const result = await expectProtectFixes(t);
    // The cheapest pattern pairs (a,x) with (a,y) 20, (b,x) 15 and (b,y) 25:
    // x_ax moves down by min(3, 25) and up by min(20, 15), so [0, 18].
    expect(hiddenIds(result).sort()).toEqual(['t:race=a|area=x', 't:race=a|area=y', 't:race=b|area=x', 't:race=b|area=y']);
    expect(result.intervals.get('t:race=a|area=x')).toEqual({ min: 0, max: 18 });
    expect(result.status.get('t:race=b|area=y')).toEqual({ state: 'suppressed', reason: 'complementary', protects: ['t:race=a|area=x'] });
  });
});

describe('(2) two hidden cells in one row', () => {
  it('each alone in its column: both column totals give them back exactly', async () => {
    // a: 2 4 30 25 / b: 20 30 15 40 / c: 35 18 22 27
    const t = tableWithMargins('t', ['r=a', 'r=b', 'r=c'], ['c=w', 'c=x', 'c=y', 'c=z'], [[2, 4, 30, 25], [20, 30, 15, 40], [35, 18, 22, 27]]);
    const naive = naiveNextSmallest(t, [0, 1, 2].map((i) => [0, 1, 2, 3].map((j) => t.interior(i, j))));
    expect(naive.size).toBe(2); // two hidden in row a, so the rule adds nothing
    const { exposed } = await audit(t, naive);
    expect(exposed.map((e) => [e.id, e.min, e.max])).toEqual([['t:r=a|c=w', 2, 2], ['t:r=a|c=x', 4, 4]]);
    await expectProtectFixes(t);
  });

  it('in the same two columns as two hidden cells of another row: the column totals pin the block to a sum under k', async () => {
    // a: 3 4 30 / b: 2 5 40 / c: 50 60 70. Column w gives x_aw + x_bw = 5, so
    // x_aw ∈ [0, 5]: width 5 < 10, though nothing is recovered exactly.
    const t = tableWithMargins('t', ['r=a', 'r=b', 'r=c'], ['c=w', 'c=x', 'c=y'], [[3, 4, 30], [2, 5, 40], [50, 60, 70]]);
    const naive = naiveNextSmallest(t, [0, 1, 2].map((i) => [0, 1, 2].map((j) => t.interior(i, j))));
    expect(naive.size).toBe(4);
    const { exposed } = await audit(t, naive);
    expect(exposed.find((e) => e.id === 't:r=a|c=w')).toMatchObject({ min: 0, max: 5 });
    expect(exposed.find((e) => e.id === 't:r=b|c=x')).toMatchObject({ min: 2, max: 7 });
    expect(exposed).toHaveLength(4);
    await expectProtectFixes(t);
  });
});

describe('(3) linked tables: two half-years that sum to the published year', () => {
  // Cases by area. H1: housing 3, income 15, family 20; H2: 12, 14, 30; the year: 15, 29, 50.
  const h1 = hierarchy('h1', oneWay('area', { housing: 3, income: 15, family: 20 }));
  const h2 = hierarchy('h2', oneWay('area', { housing: 12, income: 14, family: 30 }));
  const year = hierarchy('year', oneWay('area', { housing: 15, income: 29, family: 50 }));
  const keys = ['area=housing', 'area=income', 'area=family', 'area=all'];
  const periods = keys.map((key) => sumOf(ref('year', key), [ref('h1', key), ref('h2', key)], `year ${key} = h1 + h2`));
  const site: Fragment = combine(h1, h2, year, ...periods);
  const group = (table: string) => keys.slice(0, 3).map((key) => ref(table, key));

  it('the naive rule hides housing 3 and income 15 in H1; year 15 − H2 12 gives the 3 back', async () => {
    const naive = naiveNextSmallest(site, ['h1', 'h2', 'year'].map(group));
    expect([...naive].sort()).toEqual(['h1:area=housing', 'h1:area=income']);
    // On the H1 page alone the pair is safe: x + y = 18, so x ∈ [0, 18].
    expect((await audit(h1, naive)).exposed).toEqual([]);
    const { exposed } = await audit(site, naive);
    expect(exposed).toMatchObject([{ id: 'h1:area=housing', value: 3, min: 3, max: 3 }]);
  });

  it('even sound protection of each page on its own leaks across the pages', async () => {
    const alone = [...hiddenIds(await protect(h1)), ...hiddenIds(await protect(h2)), ...hiddenIds(await protect(year))];
    expect((await audit(h1, alone.filter((id) => id.startsWith('h1:')))).exposed).toEqual([]);
    const { exposed } = await audit(site, alone);
    expect(exposed).toMatchObject([{ id: 'h1:area=housing', min: 3, max: 3 }]);
  });

  it('protecting the pages together hides a 2×2 pattern across the half-years; the year stays whole', async () => {
    // H1 + H2 = year is a two-way table (period × area) whose period margin is
    // the year page: the pattern housing/income × H1/H2 gives H1 housing [0, 15].
    const result = await expectProtectFixes(site);
    expect(hiddenIds(result).sort()).toEqual(['h1:area=housing', 'h1:area=income', 'h2:area=housing', 'h2:area=income']);
    expect(result.intervals.get('h1:area=housing')).toEqual({ min: 0, max: 15 });
  });

  it('the same margin on two pages: a total hidden on one page and shown on the other', async () => {
    // Page A: housing by race (black 4, white 30, other 25); page B: housing by
    // sex (female 20, male 39); both publish the housing total 59. If page A's
    // naive rule hid the total with the pair, page B still shows it: link it.
    const a = hierarchy('a', oneWay('race', { black: 4, white: 30, other: 25 }));
    const b = hierarchy('b', oneWay('sex', { female: 20, male: 39 }));
    const pages = combine(a, b, sumOf(ref('a', 'race=all'), [ref('b', 'sex=all')], 'housing total on both pages'));
    const naive = new Set(['a:race=black', 'a:race=other', 'a:race=all']);
    expect((await audit(a, naive)).exposed).toEqual([]); // alone: black ∈ [0, ∞)
    const { exposed } = await audit(pages, naive); // with B: black + other = 59 − 30 = 29
    expect(exposed).toEqual([]);
    // …but with other 3 instead of 25 the pair sums to 7, and B's total 37 minus
    // white 30 says so: black ∈ [0, 7], narrower than the 10 required.
    const a2 = hierarchy('a', oneWay('race', { black: 4, white: 30, other: 3 }));
    const b2 = hierarchy('b', oneWay('sex', { female: 17, male: 20 }));
    const pages2 = combine(a2, b2, sumOf(ref('a', 'race=all'), [ref('b', 'sex=all')], 'housing total on both pages'));
    const leak = await audit(pages2, ['a:race=black', 'a:race=other', 'a:race=all']);
    expect(leak.exposed.map((e) => [e.id, e.min, e.max])).toEqual([['a:race=black', 0, 7], ['a:race=other', 0, 7]]);
    await expectProtectFixes(pages2);
  });
});

describe('(4) a hierarchy all → area → program', () => {
  // housing: rent 4, shelter 30; income: benefits 12, tax 40; family: custody 18, support 22.
  const tree = {
    key: 'all',
    children: [
      { key: 'housing', children: [{ key: 'housing/rent', value: 4 }, { key: 'housing/shelter', value: 30 }] },
      { key: 'income', children: [{ key: 'income/benefits', value: 12 }, { key: 'income/tax', value: 40 }] },
      { key: 'family', children: [{ key: 'family/custody', value: 18 }, { key: 'family/support', value: 22 }] },
    ],
  };
  const h = hierarchy('programs', tree);
  const programs = ['housing/rent', 'housing/shelter', 'income/benefits', 'income/tax', 'family/custody', 'family/support'];

  it('the naive rule on the page of programs hides benefits 12 beside rent 4; housing 34 − shelter 30 gives 4', async () => {
    const naive = naiveNextSmallest(h, [programs.map((key) => ref('programs', key))]);
    expect([...naive].sort()).toEqual(['programs:housing/rent', 'programs:income/benefits']);
    const { exposed, intervals } = await audit(h, naive);
    expect(exposed).toMatchObject([{ id: 'programs:housing/rent', value: 4, min: 4, max: 4 }]);
    expect(intervals.get('programs:income/benefits')).toEqual({ min: 12, max: 12 });
  });

  it('protect hides the sibling inside the same area instead: rent + shelter = 34, so rent ∈ [0, 34]', async () => {
    const result = await expectProtectFixes(h);
    expect(hiddenIds(result).sort()).toEqual(['programs:housing/rent', 'programs:housing/shelter']);
    expect(result.intervals.get('programs:housing/rent')).toEqual({ min: 0, max: 34 });
  });

  it('with a lone program under its area, protection has to climb to the area and a neighbour', async () => {
    // housing has rent 4 only, so housing = 4 too (both primary); hiding both
    // still leaves all − income − family = 4. A second area and one of its
    // programs must move with them: family 40 and custody 18 (the cheaper area
    // by the value tie-break), so rent + custody = 22 and rent ∈ [0, 22].
    const lone = hierarchy('programs', {
      key: 'all',
      children: [
        { key: 'housing', children: [{ key: 'housing/rent', value: 4 }] },
        { key: 'income', children: [{ key: 'income/benefits', value: 12 }, { key: 'income/tax', value: 40 }] },
        { key: 'family', children: [{ key: 'family/custody', value: 18 }, { key: 'family/support', value: 22 }] },
      ],
    });
    expect((await audit(lone, ['programs:housing/rent', 'programs:housing'])).exposed).toHaveLength(2);
    const result = await expectProtectFixes(lone);
    const hidden = hiddenIds(result);
    expect(hidden).not.toContain('programs:all');
    expect(hidden.sort()).toEqual(['programs:family', 'programs:family/custody', 'programs:housing', 'programs:housing/rent']);
    expect(result.intervals.get('programs:housing/rent')).toEqual({ min: 0, max: 22 });
  });
});
