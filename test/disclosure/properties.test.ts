// Property-based: on random tables, hierarchies and linked periods, protect()
// returns a publication the attacker audit proves safe, and hides a share of
// cells that stays sane. Seeds are fixed, so every run checks the same cases.
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type Fragment, type HierarchyNode, type ProtectResult, audit, combine, hierarchy, protect, ref, sumOf, tableWithMargins,
} from '../../pipeline/disclosure/index.ts';
import { hiddenIds } from './helpers.ts';

// Counts as a small-area equity table has them: some zeros, many small counts.
const count = fc.oneof(
  { arbitrary: fc.constant(0), weight: 3 },
  { arbitrary: fc.integer({ min: 1, max: 10 }), weight: 4 },
  { arbitrary: fc.integer({ min: 11, max: 80 }), weight: 13 },
);
const grid = (maxRows: number, maxCols: number) =>
  fc.tuple(fc.integer({ min: 2, max: maxRows }), fc.integer({ min: 2, max: maxCols })).chain(([r, c]) =>
    fc.array(fc.array(count, { minLength: c, maxLength: c }), { minLength: r, maxLength: r }));
const labels = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}=${i}`);
const twoWay = (name: string, counts: number[][]) => tableWithMargins(name, labels('row', counts.length), labels('col', counts[0].length), counts);

interface Seen { shape: string; share: number; primaryShare: number; small: boolean }
const seen: Record<string, Seen[]> = {};

/** protect(), then an independent audit of the cells it hides. */
async function protectAndCheck(kind: string, problem: Fragment, shape: string, small = false): Promise<ProtectResult> {
  const result = await protect(problem);
  const { exposed, intervals } = await audit(problem, hiddenIds(result));
  expect(exposed).toEqual([]);
  for (const [id, s] of result.status) {
    if (s.reason === 'primary') {
      const iv = intervals.get(id)!;
      expect(iv.max - iv.min, id).toBeGreaterThanOrEqual(10 - 1e-6);
      // protect()'s proof (witness tables, else its LP) lies inside the attacker's exact interval.
      const proven = result.intervals.get(id)!;
      expect(proven.min, id).toBeGreaterThanOrEqual(iv.min - 1e-6);
      expect(proven.max, id).toBeLessThanOrEqual(iv.max + 1e-6);
    }
    if (s.reason === 'complementary') expect(s.protects!.length, id).toBeGreaterThan(0);
  }
  (seen[kind] ??= []).push({ shape, share: result.suppressedShare, primaryShare: result.counts.primary / result.counts.cells, small });
  return result;
}

const summary = (rows: Seen[]) => {
  const shares = rows.map((r) => r.share).sort((a, b) => a - b);
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  return `${rows.length} cases, hidden share mean ${pct(shares.reduce((a, b) => a + b, 0) / shares.length)}, median ${pct(shares[Math.floor(shares.length / 2)])}, max ${pct(shares.at(-1)!)}`;
};

afterAll(() => {
  for (const [kind, rows] of Object.entries(seen)) {
    console.log(`disclosure ${kind}: ${summary(rows)}`);
    const few = rows.filter((r) => r.primaryShare <= 0.25);
    if (few.length > 0) console.log(`disclosure ${kind}, ≤ 25% of cells primary: ${summary(few)}`);
  }
});

// The bound on the hidden share. On a table with at least 3 rows and 3 columns
// where at most a quarter of the cells are sensitive, a sensitive cell needs a
// 2×2 pattern (three more cells) that neighbouring sensitive cells mostly share;
// hiding more than 60% would leave the table saying little. In 600 random tables
// the method hid at most 50% there. A table with only 2 rows (or columns) is
// different: every pattern spans both rows, a whole 2×2 interior is 4 of 9
// cells, and the measured worst was 60%, so the bound there is 2/3. The same
// 60% holds hierarchies (measured worst 50%) and linked periods (56%) to account.
const BOUND = 0.6;
const BOUND_TWO_LINES = 2 / 3;

describe('protect on random tables (property-based)', () => {
  it('two-way tables with margins up to 6×6: every primary cell protected, share hidden bounded', async () => {
    await fc.assert(
      fc.asyncProperty(grid(6, 6), async (counts) => {
        const t = twoWay('t', counts);
        const twoLines = counts.length === 2 || counts[0].length === 2;
        const result = await protectAndCheck('two-way tables', t, `${counts.length}×${counts[0].length}`, twoLines);
        if (result.counts.primary / result.counts.cells <= 0.25) {
          expect(result.suppressedShare).toBeLessThan(twoLines ? BOUND_TWO_LINES : BOUND);
        }
      }),
      { seed: 20261122, numRuns: 120 },
    );
  });

  it('hierarchies of 2 and 3 levels under the total', async () => {
    const leaves = fc.array(count, { minLength: 1, maxLength: 4 });
    const twoLevels = fc.array(leaves, { minLength: 2, maxLength: 4 });
    const threeLevels = fc.array(fc.array(fc.array(count, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 }), { minLength: 2, maxLength: 4 });
    const toNode = (key: string, x: number | unknown[]): HierarchyNode =>
      typeof x === 'number' ? { key, value: x } : { key, children: x.map((child, i) => toNode(`${key}/${i}`, child as number | unknown[])) };
    await fc.assert(
      fc.asyncProperty(fc.oneof(twoLevels, threeLevels), async (tree) => {
        const h = hierarchy('h', toNode('all', tree));
        const result = await protectAndCheck('hierarchies', h, `${h.cells.length} nodes`);
        for (const cell of h.cells) {
          if (cell.value >= 1 && cell.value <= 10) expect(result.status.get(`h:${cell.key}`)).toEqual({ state: 'suppressed', reason: 'primary' });
          if (cell.value === 0) expect(result.status.get(`h:${cell.key}`)?.reason).not.toBe('primary');
        }
        if (result.counts.primary / result.counts.cells <= 0.25) expect(result.suppressedShare).toBeLessThan(BOUND);
      }),
      { seed: 7, numRuns: 120 },
    );
  });

  it('two half-years and their year, linked cell by cell', async () => {
    await fc.assert(
      fc.asyncProperty(grid(4, 4).chain((a) => fc.tuple(fc.constant(a), fc.array(fc.array(count, { minLength: a[0].length, maxLength: a[0].length }), { minLength: a.length, maxLength: a.length }))), async ([a, b]) => {
        const h1 = twoWay('h1', a);
        const h2 = twoWay('h2', b);
        const year = twoWay('year', a.map((row, i) => row.map((v, j) => v + b[i][j])));
        const links = year.cells.map((c) => sumOf(ref('year', c.key), [ref('h1', c.key), ref('h2', c.key)], `year ${c.key} = h1 + h2`));
        const result = await protectAndCheck('linked half-years', combine(h1, h2, year, ...links), `3 × ${a.length}×${a[0].length}`);
        if (result.counts.primary / result.counts.cells <= 0.25) expect(result.suppressedShare).toBeLessThan(BOUND);
      }),
      { seed: 11, numRuns: 25 },
    );
  });
});
