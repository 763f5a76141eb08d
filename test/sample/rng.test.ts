// The pieces determinism and streaming rest on: per-case random streams,
// regeneration of any case on its own, and the guide-table sampler.
import { describe, expect, it } from 'vitest';
import { generateCase, type OrgStream } from '../../pipeline/sample/case.ts';
import { PLANTED } from '../../pipeline/sample/effects.ts';
import { ORGS, splitCases } from '../../pipeline/sample/orgs.ts';
import { GENDERS, INCOME_BANDS } from '../../pipeline/sample/population.ts';
import { CaseRng, pickAt, seedWord, weighted, type Weighted } from '../../pipeline/sample/rng.ts';

/** The textbook inverse-CDF scan the guide table must agree with. */
function linearPick<T>(t: Weighted<T>, u: number): T {
  const x = u * t.total;
  for (let i = 0; i < t.cumulative.length; i++) if (x < t.cumulative[i]) return t.items[i];
  return t.items[t.items.length - 1];
}

describe('weighted tables', () => {
  it('pick what a linear scan of the cumulative weights picks', () => {
    const tables = [GENDERS, INCOME_BANDS, weighted({ rare: 1e-9, common: 5, some: 0.3, none: 0 }), weighted({ only: 1 })];
    for (const t of tables) {
      for (let k = 0; k <= 20_000; k++) {
        const u = k <= 1000 ? k / 1001 : ((k * 2654435761) >>> 0) / 2 ** 32;
        expect(pickAt(t, u)).toBe(linearPick(t, u));
      }
    }
  });

  it('drop zero weights and refuse tables that cannot be sampled', () => {
    expect(weighted({ a: 0, b: 1 }).items).toEqual(['b']);
    expect(() => weighted({ a: 0 })).toThrow(/positive/);
    expect(() => weighted({ a: -1, b: 2 })).toThrow(/>= 0/);
  });
});

describe('case streams', () => {
  const ctx = { seedWord: seedWord(20240601), effects: PLANTED };
  const counts = splitCases(1000);
  const streams: OrgStream[] = ORGS.map((org, orgIndex) => ({ org, orgIndex, orgCases: counts[orgIndex] }));

  it('regenerate any case on its own, in any order', () => {
    const forward = streams.flatMap((s) => Array.from({ length: s.orgCases }, (_, i) => generateCase(ctx, s, i)));
    const alone = generateCase(ctx, streams[2], 17);
    expect(alone).toEqual(forward[counts[0] + counts[1] + 17]);
    expect(generateCase(ctx, streams[0], 0)).toEqual(forward[0]);
  });

  it('differ across seed, organisation and case index', () => {
    const first = (seed: number, org: number, index: number) => new CaseRng(seedWord(seed), org, index).u();
    const values = new Set<number>();
    for (let org = 0; org < 4; org++) for (let i = 0; i < 5000; i++) values.add(first(1, org, i));
    expect(values.size).toBe(20_000);
    expect(first(1, 0, 1)).not.toBe(first(1, 1, 0));
    expect(first(1, 0, 0)).not.toBe(first(2, 0, 0));
    expect(first(2 ** 40, 0, 0)).not.toBe(first(0, 0, 0)); // seeds above 32 bits are not truncated
  });

  it('split cases over organisations by share, exactly', () => {
    expect(splitCases(50_000)).toEqual([17_500, 12_500, 12_500, 7_500]);
    expect(splitCases(7).reduce((a, b) => a + b)).toBe(7);
  });

  it('open cases in id order over the period', () => {
    const s = streams[0];
    const days = Array.from({ length: s.orgCases }, (_, i) => generateCase(ctx, s, i).openedDay);
    expect(days).toEqual([...days].sort((a, b) => a - b));
  });
});
