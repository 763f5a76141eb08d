// Magnitude cells (sums of amounts) in the protection problem: their sensitivity
// and protection width are their own, not "1..k−1" and k − 1, and they are
// protected against subtraction exactly like counts. Amounts worked by hand.
import { describe, expect, it } from 'vitest';
import { audit, DisclosureInputError, protect, ref, sumOf, type Cell, type ProtectionProblem } from '../../pipeline/disclosure/index.ts';
import { hiddenIds } from './helpers.ts';

// Benefits in dollars by group: a = one client's $5,000 (sensitive; ±$500 must
// stay open), b = $30,000 and c = $40,000 from many clients, total $75,000.
const sum = (key: string, value: number, sensitive = false, protectionWidth = 1000): Cell => ({ table: 'usd', key, value, magnitude: { sensitive, protectionWidth } });
const problem: ProtectionProblem = {
  cells: [sum('a', 5000, true), sum('b', 30000), sum('c', 40000), sum('all', 75000)],
  constraints: [sumOf(ref('usd', 'all'), [ref('usd', 'a'), ref('usd', 'b'), ref('usd', 'c')])],
};

describe('magnitude cells', () => {
  it('a sensitive sum hidden alone is recovered by subtraction: 75,000 − 30,000 − 40,000', async () => {
    const { exposed } = await audit(problem, ['usd:a']);
    expect(exposed).toMatchObject([{ id: 'usd:a', value: 5000, min: 5000, max: 5000 }]);
  });

  it('protect hides a second sum; the attacker is then left [0, 35,000] for a', async () => {
    const result = await protect(problem);
    const hidden = hiddenIds(result).sort();
    expect(hidden).toEqual(['usd:a', 'usd:b']); // b: the cheapest complement (an interior cell, smaller than c)
    expect(result.status.get('usd:b')).toMatchObject({ reason: 'complementary', protects: ['usd:a'] });
    const check = await audit(problem, hidden);
    expect(check.exposed).toEqual([]);
    expect(check.intervals.get('usd:a')).toEqual({ min: 0, max: 35000 });
  });

  it('the width is the cell’s own: one that asks for more than the attacker is left is exposed', async () => {
    // a and b hidden: a ∈ [0, 35,000], 35,000 wide. Asking for 40,000 fails; 35,000 passes.
    const wide = (w: number): ProtectionProblem => ({ ...problem, cells: [sum('a', 5000, true, w), ...problem.cells.slice(1)] });
    expect((await audit(wide(40000), ['usd:a', 'usd:b'])).exposed).toMatchObject([{ id: 'usd:a', why: expect.stringMatching(/at least 40000 is required/) }]);
    expect((await audit(wide(35000), ['usd:a', 'usd:b'])).exposed).toEqual([]);
  });

  it('a small magnitude that is not marked sensitive is published: the 1..k−1 rule is for counts', async () => {
    const small: ProtectionProblem = { cells: [sum('x', 7), sum('y', 900), sum('t', 907)], constraints: [sumOf(ref('usd', 't'), [ref('usd', 'x'), ref('usd', 'y')])] };
    expect(hiddenIds(await protect(small))).toEqual([]);
  });

  it('counts beside magnitudes keep their own rule and width', async () => {
    const mixed: ProtectionProblem = { ...problem, cells: [...problem.cells, { table: 'n', key: 'a', value: 1 }, { table: 'n', key: 'b', value: 30 }, { table: 'n', key: 'all', value: 31 }], constraints: [...problem.constraints, sumOf(ref('n', 'all'), [ref('n', 'a'), ref('n', 'b')])] };
    const result = await protect(mixed);
    expect(result.status.get('n:a')).toMatchObject({ state: 'suppressed', reason: 'primary' });
    expect((await audit(mixed, hiddenIds(result))).exposed).toEqual([]);
  });

  it('refuses a magnitude without a usable width, naming the cell', () => {
    const bad: ProtectionProblem = { cells: [{ table: 'usd', key: 'a', value: 5, magnitude: { sensitive: true, protectionWidth: 1 } }], constraints: [] };
    return expect(protect(bad)).rejects.toThrow(DisclosureInputError);
  });
});
