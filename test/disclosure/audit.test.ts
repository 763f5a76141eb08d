// The audit against intervals worked out by hand, and the protection criterion
// at its edges.
import { describe, expect, it } from 'vitest';
import {
  audit, cellId, exposureReason, hierarchy, isProtected, link, marginLabel, ref, tableWithMargins, combine,
} from '../../pipeline/disclosure/index.ts';

describe('tableWithMargins', () => {
  const t = tableWithMargins('t', ['race=a', 'race=b'], ['area=x', 'area=y', 'area=z'], [[1, 2, 3], [4, 5, 6]]);
  it('publishes interior, row, column and grand totals under readable keys', () => {
    expect(t.cells.map((c) => `${c.key}=${c.value}`)).toEqual([
      'race=a|area=x=1', 'race=a|area=y=2', 'race=a|area=z=3', 'race=a|area=all=6',
      'race=b|area=x=4', 'race=b|area=y=5', 'race=b|area=z=6', 'race=b|area=all=15',
      'race=all|area=x=5', 'race=all|area=y=7', 'race=all|area=z=9', 'race=all|area=all=21',
    ]);
    expect(t.constraints.map((c) => c.label)).toEqual([
      't row race=a', 't row race=b', 't column area=x', 't column area=y', 't column area=z', 't total of rows', 't total of columns',
    ]);
    expect(cellId(t.grandTotal)).toBe('t:race=all|area=all');
  });
  it('names a margin "var=all" when the labels share a variable, else "total"', () => {
    expect(marginLabel(['sex=f', 'sex=m'])).toBe('sex=all');
    expect(marginLabel(['f', 'm'])).toBe('total');
    expect(marginLabel(['sex=f', 'race=b'])).toBe('total');
  });
});

describe('attacker intervals', () => {
  // x: 7 13 | 20      Hide the four interior cells: each row and column sum is
  //    9  4 | 13      known, and x11 moves along the cycle x11+t, x12−t, x21−t,
  //   16 17 | 33      x22+t with 0 ≤ ... so t ∈ [−min(7, 4), min(13, 9)] = [−4, 9].
  const t = tableWithMargins('t', ['r=1', 'r=2'], ['c=1', 'c=2'], [[7, 13], [9, 4]]);
  const inner = [t.interior(0, 0), t.interior(0, 1), t.interior(1, 0), t.interior(1, 1)];

  it('a hidden 2×2 block moves along its one cycle', async () => {
    const { intervals, exposed } = await audit(t, inner);
    expect(intervals.get('t:r=1|c=1')).toEqual({ min: 3, max: 16 });
    expect(intervals.get('t:r=1|c=2')).toEqual({ min: 4, max: 17 });
    expect(intervals.get('t:r=2|c=1')).toEqual({ min: 0, max: 13 });
    expect(intervals.get('t:r=2|c=2')).toEqual({ min: 0, max: 13 });
    // 4 is hidden (primary), width 13, 0 < 4 < 13: protected. 7 and 9 are primary too.
    expect(exposed).toEqual([]);
  });

  it('a hidden cell in no equation is bounded by zero only', async () => {
    const lonely = { cells: [{ table: 'x', key: 'k', value: 4 }], constraints: [] };
    expect((await audit(lonely, ['x:k'])).intervals.get('x:k')).toEqual({ min: 0, max: Infinity });
  });

  it('a hidden grand total with all its parts hidden is unbounded above', async () => {
    const h = hierarchy('h', { key: 'all', children: [{ key: 'a', value: 3 }, { key: 'b', value: 5 }] });
    const { intervals, exposed } = await audit(h, ['h:all', 'h:a', 'h:b']);
    expect(intervals.get('h:a')).toEqual({ min: 0, max: Infinity });
    expect(exposed).toEqual([]);
  });

  it('a published sensitive cell is exposed, and so is a hidden cell whose copy is published', async () => {
    const h = hierarchy('h', { key: 'all', children: [{ key: 'a', value: 3 }, { key: 'b', value: 50 }] });
    const copy = { cells: [{ table: 'g', key: 'a', value: 3 }], constraints: [] };
    const both = combine(h, copy, link(ref('h', 'a'), ref('g', 'a')));
    const { exposed } = await audit(both, ['h:a', 'h:b']);
    expect(exposed.map((e) => [e.id, e.why])).toEqual([
      ['g:a', 'published although sensitive'],
      ['h:a', 'recoverable exactly (interval width 0)'],
    ]);
  });
});

describe('the protection criterion: max − min ≥ width, and min < value < max, on whole-number bounds', () => {
  it('accepts exactly the required width', () => {
    expect(isProtected(4, { min: 0, max: 10 }, 10)).toBe(true);
    expect(exposureReason(4, { min: 0, max: 9 }, 10)).toBe('interval [0, 9] is only 9 wide; at least 10 is required');
  });
  it('refuses an interval that pins the value at one end', () => {
    expect(exposureReason(3, { min: 3, max: 30 }, 10)).toBe('the lower bound 3 equals the value: the attacker knows it is at least 3');
    expect(exposureReason(8, { min: 0, max: 8 }, 5)).toBe('the upper bound 8 equals the value: the attacker knows it is at most 8');
  });
  it('allows the solver 1e-6 of rounding and no more', () => {
    expect(isProtected(4, { min: 0, max: 10 - 1e-7 }, 10)).toBe(true);
    expect(isProtected(4, { min: 0, max: 10 - 1e-4 }, 10)).toBe(false);
    expect(isProtected(4, { min: 4 - 1e-7, max: 20 }, 10)).toBe(false);
  });
  it('rounds the LP bounds inward to whole counts first', () => {
    // [0.4, 10.3] holds only the integers 1..10: width 9.
    expect(exposureReason(5, { min: 0.4, max: 10.3 }, 10)).toBe('interval [1, 10] is only 9 wide; at least 10 is required');
    expect(exposureReason(1, { min: 0.5, max: 12 }, 10)).toBe('the lower bound 1 equals the value: the attacker knows it is at least 1');
  });
  it('an unbounded interval protects any value above zero', () => {
    expect(isProtected(1, { min: 0, max: Infinity }, 10)).toBe(true);
  });
});

describe('audit of the sensitive cells only', () => {
  it('gives the same verdict with intervals of the sensitive cells alone', async () => {
    // 3 and 4 are sensitive; 20 and 25 are hidden beside them. Row a: 3 + 20 = 23.
    const t = tableWithMargins('t', ['r=a', 'r=b'], ['c=x', 'c=y'], [[3, 20], [4, 25]]);
    const hidden = ['t:r=a|c=x', 't:r=a|c=y', 't:r=b|c=x', 't:r=b|c=y'];
    const full = await audit(t, hidden);
    const sensitive = await audit(t, hidden, { sensitiveOnly: true });
    expect([...sensitive.intervals.keys()].sort()).toEqual(['t:r=a|c=x', 't:r=b|c=x']);
    expect(sensitive.exposed).toEqual(full.exposed);
    expect(sensitive.intervals.get('t:r=a|c=x')).toEqual(full.intervals.get('t:r=a|c=x'));
  });
});
