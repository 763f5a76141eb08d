// Small slices: the cells of a small row or column are withheld and pooled, and
// the pooled table must tell an attacker exactly what the full one did about the
// published cells, no more and no less (small-slices.ts, lead comment).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { audit, cellId, ref, sumOf, type Cell, type Constraint, type Fragment } from '../../pipeline/disclosure/index.ts';
import { poolTwoWay, SMALL, type TwoWay } from '../../pipeline/publish/small-slices.ts';

const key = (r: string, c: string) => `row=${r}|col=${c}`;

/** A two-way table `counts` with both margins as cells, small rows and columns as flagged. */
function table(counts: number[][], smallRows: boolean[], smallCols: boolean[], { colsPartition = true } = {}) {
  const rows = counts.map((_, i) => `${i}`);
  const cols = counts[0].map((_, j) => `${j}`);
  const margins: Cell[] = [
    ...rows.map((r, i) => ({ table: 't', key: `row=${r}`, value: counts[i].reduce((a, b) => a + b, 0) })),
    ...cols.map((c, j) => ({ table: 't', key: `col=${c}`, value: counts.reduce((a, row) => a + row[j], 0) })),
    { table: 't', key: 'all', value: counts.flat().reduce((a, b) => a + b, 0) },
  ];
  // The grand total, as the site declares it elsewhere (all cases = the sum of a breakdown's groups).
  const grand: Constraint[] = [
    ...(colsPartition ? [sumOf(ref('t', 'all'), rows.map((r) => ref('t', `row=${r}`)))] : []),
    sumOf(ref('t', 'all'), cols.map((c) => ref('t', `col=${c}`))),
  ];
  const spec: TwoWay = {
    name: 'test', tables: ['t'], rows, cols, key,
    value: (_t, r, c) => counts[Number(r)][Number(c)],
    rowTotal: colsPartition ? (_t, r) => ref('t', `row=${r}`) : undefined,
    colTotal: (_t, c) => ref('t', `col=${c}`),
    smallRow: (r) => smallRows[Number(r)], smallCol: (c) => smallCols[Number(c)],
  };
  const interior: Cell[] = rows.flatMap((r, i) => cols.map((c, j) => ({ table: 't', key: key(r, c), value: counts[i][j] })));
  const equations: Constraint[] = [
    ...(colsPartition ? rows.map((r) => sumOf(ref('t', `row=${r}`), cols.map((c) => ref('t', key(r, c))))) : []),
    ...cols.map((c) => sumOf(ref('t', `col=${c}`), rows.map((r) => ref('t', key(r, c))))),
  ];
  return { spec, margins, grand, full: { cells: [...margins, ...interior], constraints: [...grand, ...equations] } satisfies Fragment };
}

describe('poolTwoWay', () => {
  it('publishes the cells of two large slices, withholds the rest and declares their pooled sums with the merged margins', () => {
    const { spec } = table([[20, 3, 40], [2, 1, 5], [30, 4, 50]], [false, true, false], [false, true, false]);
    const pooled = poolTwoWay(spec);
    expect(pooled.cells.filter((c) => !c.unpublished).map((c) => `${c.key}=${c.value}`)).toEqual(['row=0|col=0=20', 'row=0|col=2=40', 'row=2|col=0=30', 'row=2|col=2=50']);
    expect(pooled.cells.filter((c) => c.unpublished).map((c) => `${c.key}=${c.value}`).sort()).toEqual([
      `row=${SMALL}|col=${SMALL}=1`, `row=${SMALL}|col=0=2`, `row=${SMALL}|col=2=5`, `row=0|col=${SMALL}=3`, `row=2|col=${SMALL}=4`,
    ].sort());
    expect(pooled.withheld!.map((c) => c.key).sort()).toEqual(['row=0|col=1', 'row=1|col=0', 'row=1|col=1', 'row=1|col=2', 'row=2|col=1']);
    // Merged row (small) adds up to the small row's total; merged column (small) to the small column's.
    expect(pooled.constraints.map((c) => c.label)).toContain(`t test: row ${SMALL}`);
    expect(pooled.constraints.map((c) => c.label)).toContain(`t test: column ${SMALL}`);
    expect(pooled.constraints).toHaveLength(6);
  });

  it('withholds everything, and pools nothing, when every row is small', () => {
    const pooled = poolTwoWay(table([[20, 3], [2, 1]], [true, true], [false, false]).spec);
    expect(pooled.cells).toEqual([]);
    expect(pooled.constraints).toEqual([]);
    expect(pooled.withheld).toHaveLength(4);
  });

  it('changes nothing when no slice is small', () => {
    const pooled = poolTwoWay(table([[20, 3], [2, 1]], [false, false], [false, false]).spec);
    expect(pooled.cells.every((c) => !c.unpublished)).toBe(true);
    expect(pooled.cells).toHaveLength(4);
    expect(pooled.withheld).toEqual([]);
    expect(pooled.constraints).toHaveLength(4);
  });

  // The claim the whole rule rests on: for every published cell an attacker does
  // not see, the interval it can infer is the same from the pooled table as from
  // the full one (withheld cells unknown).
  it('leaves an attacker the same interval for every hidden published cell as the full table does (property)', async () => {
    const count = fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 10 }), fc.integer({ min: 11, max: 60 }));
    const shape = fc.tuple(fc.integer({ min: 2, max: 5 }), fc.integer({ min: 2, max: 5 })).chain(([r, c]) => fc.record({
      counts: fc.array(fc.array(count, { minLength: c, maxLength: c }), { minLength: r, maxLength: r }),
      smallRows: fc.array(fc.boolean(), { minLength: r, maxLength: r }),
      smallCols: fc.array(fc.boolean(), { minLength: c, maxLength: c }),
      hide: fc.array(fc.boolean(), { minLength: r * c + r + c, maxLength: r * c + r + c }),
      colsPartition: fc.boolean(),
    }));
    await fc.assert(fc.asyncProperty(shape, async ({ counts, smallRows, smallCols, hide, colsPartition }) => {
      const { spec, margins, grand, full } = table(counts, smallRows, smallCols, { colsPartition });
      const pooled = poolTwoWay(spec);
      const withheld = new Set(pooled.withheld!.map(cellId));
      const published = [...margins, ...pooled.cells.filter((c) => !c.unpublished)];
      const hidden = published.filter((_, i) => hide[i]).map(cellId);
      if (!hidden.length) return;
      const before = await audit(full, [...hidden, ...withheld]);
      const after = await audit({ cells: [...margins, ...pooled.cells], constraints: [...grand, ...pooled.constraints] }, [...hidden, ...pooled.cells.filter((c) => c.unpublished).map(cellId)]);
      for (const id of hidden) {
        const a = before.intervals.get(id)!, b = after.intervals.get(id)!;
        expect([id, b.min, b.max]).toEqual([id, expect.closeTo(a.min, 6), b.max === Infinity ? Infinity : expect.closeTo(a.max, 6)]);
        expect(a.max === Infinity).toBe(b.max === Infinity);
      }
    }), { numRuns: 60, seed: 20261123 });
  });
});
