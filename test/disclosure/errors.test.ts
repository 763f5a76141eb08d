// Inputs disclosure control refuses, each with a message that says what to fix.
import { describe, expect, it } from 'vitest';
import {
  type ProtectionProblem, DisclosureInputError, audit, hierarchy, link, protect, ref, sumOf, tableWithMargins,
} from '../../pipeline/disclosure/index.ts';
import { EXIT } from '../../pipeline/errors.ts';

const small = (): ProtectionProblem => ({
  cells: [
    { table: 't', key: 'a', value: 3 },
    { table: 't', key: 'b', value: 20 },
    { table: 't', key: 'all', value: 23 },
  ],
  constraints: [sumOf(ref('t', 'all'), [ref('t', 'a'), ref('t', 'b')], 't total')],
});

async function refusal(problem: ProtectionProblem): Promise<DisclosureInputError> {
  const error = await protect(problem).then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(DisclosureInputError);
  const auditError = await audit(problem, []).then(() => undefined, (e: unknown) => e);
  expect((auditError as Error).message).toBe((error as Error).message);
  return error as DisclosureInputError;
}

describe('disclosure input errors', () => {
  it('k below 5, or not an integer (5 itself is allowed)', async () => {
    expect((await refusal({ ...small(), k: 4 })).message).toBe('disclosure: k must be an integer of at least 5 (counts 1..k−1 are hidden); got 4');
    expect((await refusal({ ...small(), k: 10.5 })).message).toMatch(/k must be an integer of at least 5.*got 10\.5/);
    await expect(protect({ ...small(), k: 5 })).resolves.toBeDefined();
  });

  it('a protection width under 2', async () => {
    expect((await refusal({ ...small(), protectionWidth: 1 })).message).toMatch(/protectionWidth must be a number of at least 2; got 1/);
  });

  it('a negative or non-integer count', async () => {
    const negative = small();
    negative.cells[1].value = -2;
    expect((await refusal(negative)).message).toBe("disclosure: cell 't:b': a count must be a non-negative integer; got -2");
    const fraction = small();
    fraction.cells[1].value = 2.5;
    expect((await refusal(fraction)).message).toMatch(/cell 't:b': a count must be a non-negative integer; got 2\.5/);
  });

  it('a constraint naming a cell that is not published', async () => {
    const p = small();
    p.constraints.push(link(ref('t', 'a'), ref('other', 'a'), 'same count on page other'));
    expect((await refusal(p)).message).toBe("disclosure: same count on page other names unknown cell 'other:a'");
  });

  it('published margins that do not add up', async () => {
    const p = small();
    p.cells[2].value = 24;
    expect((await refusal(p)).message).toBe('disclosure: published values do not add up in t total: Σ coef·value = 1, not 0 (t:all=24, −t:a=3, −t:b=20)');
    const t = tableWithMargins('t', ['r=a', 'r=b'], ['c=x', 'c=y'], [[3, 20], [15, 25]]);
    t.cells.find((c) => c.key === 'r=all|c=y')!.value = 44;
    expect((await refusal(t)).message).toMatch(/do not add up in t column c=y: Σ coef·value = -1/);
  });

  it('a cell listed twice, a table name with a colon, an empty constraint', async () => {
    const twice = small();
    twice.cells.push({ table: 't', key: 'a', value: 3 });
    expect((await refusal(twice)).message).toMatch(/cell 't:a' is listed twice; publish it once and link copies with link\(\)/);
    const colon = small();
    colon.cells[0] = { table: 'x:y', key: 'a', value: 1 };
    expect((await refusal(colon)).message).toMatch(/table name must be a non-empty string without ':'; got "x:y"/);
    const empty = small();
    empty.constraints.push(link(ref('t', 'a'), ref('t', 'a'), 'a = a'));
    expect((await refusal(empty)).message).toBe('disclosure: a = a has no terms (after merging repeated cells)');
  });

  it('an audit of a suppressed set naming an unknown cell', async () => {
    await expect(audit(small(), ['t:a', 't:nope'])).rejects.toThrow("disclosure: suppressed set names unknown cell 't:nope'");
  });

  it('builders refuse shapes that do not match their labels', () => {
    expect(() => tableWithMargins('t', ['r=a', 'r=b'], ['c=x'], [[1], [2], [3]])).toThrow(/counts must be 2 rows of 1 columns/);
    expect(() => hierarchy('h', { key: 'all', children: [{ key: 'x' }] })).toThrow('disclosure: hierarchy h: leaf x has no value');
  });

  it('errors carry the refused-input exit code', async () => {
    expect((await refusal({ ...small(), k: 3 })).exitCode).toBe(EXIT.refused);
  });
});
