// protect()'s parameters and the honesty of its reasons.
import { describe, expect, it } from 'vitest';
import { audit, isSensitive, patternAmounts, protect, ref, sumOf, tableWithMargins } from '../../pipeline/disclosure/index.ts';
import { hiddenIds } from './helpers.ts';

const labels = (p: string, n: number) => Array.from({ length: n }, (_, i) => `${p}=${i}`);

describe('protect', () => {
  it('hides nothing when no count is in 1..k−1 (zeros are published)', async () => {
    const t = tableWithMargins('t', labels('r', 2), labels('c', 3), [[0, 20, 30], [15, 0, 35]]);
    const result = await protect(t);
    expect(result.suppressedShare).toBe(0);
    expect(result.iterations).toBe(1);
    expect([...result.status.values()].every((s) => s.state === 'ok')).toBe(true);
  });

  it('k sets what is sensitive: with k = 5, 4 is hidden and 5 is not', async () => {
    const t = tableWithMargins('t', labels('r', 3), labels('c', 3), [[4, 5, 30], [15, 25, 35], [40, 12, 22]]);
    const result = await protect({ ...t, k: 5 });
    expect(result.status.get('t:r=0|c=0')).toEqual({ state: 'suppressed', reason: 'primary' });
    expect(result.status.get('t:r=0|c=1')?.reason).not.toBe('primary');
    expect(result.counts.primary).toBe(1);
    // The default width for k = 5 is 4.
    const iv = result.intervals.get('t:r=0|c=0')!;
    expect(iv.max - iv.min).toBeGreaterThanOrEqual(4);
  });

  it('isSensitive: counts 1..k−1 (not 0, not k), magnitudes as their rule says, the rule protect() uses', async () => {
    expect([0, 1, 10, 11].map((value) => isSensitive({ value }, 11))).toEqual([false, true, true, false]);
    expect(isSensitive({ value: 5000, magnitude: { sensitive: true, protectionWidth: 500 } }, 11)).toBe(true);
    expect(isSensitive({ value: 3, magnitude: { sensitive: false, protectionWidth: 500 } }, 11)).toBe(false);
    const t = tableWithMargins('t', labels('r', 2), labels('c', 2), [[0, 10], [11, 1]]);
    expect((await protect(t)).counts.primary).toBe(t.cells.filter((c) => isSensitive(c, 11)).length);
  });

  it('protectionWidth widens what the attacker must be left with', async () => {
    const t = tableWithMargins('t', labels('r', 3), labels('c', 3), [[3, 20, 30], [15, 25, 35], [40, 12, 22]]);
    const narrow = await protect(t);
    const wide = await protect({ ...t, protectionWidth: 30 });
    const a = narrow.intervals.get('t:r=0|c=0')!;
    const b = wide.intervals.get('t:r=0|c=0')!;
    expect(a.max - a.min).toBeLessThan(30);
    expect(b.max - b.min).toBeGreaterThanOrEqual(30);
    // The 2×2 pattern must now use partners of at least 27 (down 3, up 27).
    expect(hiddenIds(wide)).not.toEqual(hiddenIds(narrow));
  });

  it('reports progress through the sensitive cells, with a pace-based estimate, and never a value', async () => {
    const t = tableWithMargins('t', labels('r', 4), labels('c', 4), [[3, 20, 30, 2], [15, 4, 35, 40], [40, 12, 5, 22], [1, 30, 30, 30]]);
    const seen: { done: number; total: number; elapsedSeconds: number; remainingSeconds: number }[] = [];
    const result = await protect(t, { onProgress: (p) => seen.push(p), progressEverySeconds: 0 });
    const total = result.counts.primary;
    expect(total).toBe(5);
    // Every cell after the first (a pace needs one done), in order.
    expect(seen.map((p) => p.done)).toEqual([1, 2, 3, 4]);
    expect(seen.every((p) => p.total === total && p.elapsedSeconds >= 0 && p.remainingSeconds >= 0)).toBe(true);
    expect(Object.keys(seen[0]).sort()).toEqual(['done', 'elapsedSeconds', 'remainingSeconds', 'total']);
    // The default, every 30 s, says nothing on a run this short.
    const quiet: unknown[] = [];
    await protect(t, { onProgress: (p) => quiet.push(p) });
    expect(quiet).toEqual([]);
  });

  it('splits the protecting move into down ≤ value and up = width − down', () => {
    expect(patternAmounts(1, 10)).toEqual({ down: 1, up: 9 });
    expect(patternAmounts(3, 10)).toEqual({ down: 3, up: 7 });
    expect(patternAmounts(8, 10)).toEqual({ down: 5, up: 5 });
  });

  it('every complementary cell is needed: publishing it alone exposes the first cell it protects', async () => {
    const t = tableWithMargins('t', labels('r', 5), labels('c', 5), [
      [3, 25, 0, 40, 18],
      [22, 7, 31, 12, 45],
      [14, 33, 2, 27, 19],
      [0, 41, 16, 9, 23],
      [38, 15, 29, 21, 1],
    ]);
    const result = await protect(t);
    const hidden = hiddenIds(result);
    const complementary = [...result.status].filter(([, s]) => s.reason === 'complementary');
    expect(complementary.length).toBeGreaterThan(0);
    for (const [id, s] of complementary) {
      const { exposed } = await audit(t, hidden.filter((h) => h !== id));
      expect(exposed.map((e) => e.id), id).toContain(s.protects![0]);
      expect(result.status.get(s.protects![0])?.reason).toBe('primary');
    }
  });
});

describe('unpublished cells (counts an attacker can work out but no page shows)', () => {
  // closed = favourable + unfavourable; only closed and favourable are shown, and
  // the unfavourable count of group a is 5: it must be protected although no page shows it.
  const shown = tableWithMargins('fav', labels('g', 3), ['k=closed'], [[40], [60], [80]]);
  const problem = {
    cells: [
      ...shown.cells,
      ...[35, 50, 66].map((value, i) => ({ table: 'favourable', key: `g=${i}`, value })),
      { table: 'favourable', key: 'g=all', value: 151 },
      ...[5, 10, 14].map((value, i) => ({ table: 'unfavourable', key: `g=${i}`, value, unpublished: true })),
      { table: 'unfavourable', key: 'g=all', value: 29, unpublished: true },
    ],
    constraints: [
      ...shown.constraints,
      sumOf(ref('favourable', 'g=all'), [0, 1, 2].map((i) => ref('favourable', `g=${i}`))),
      sumOf(ref('unfavourable', 'g=all'), [0, 1, 2].map((i) => ref('unfavourable', `g=${i}`))),
      ...[0, 1, 2, 'all'].map((g) => sumOf(ref('fav', g === 'all' ? 'g=all|k=closed' : `g=${g}|k=closed`), [ref('favourable', `g=${g}`), ref('unfavourable', `g=${g}`)])),
    ],
    k: 11,
  };

  it('start hidden, are never complementary, count in no share, and are protected like shown counts', async () => {
    const result = await protect(problem);
    expect(result.counts.unpublished).toBe(4);
    expect(result.status.get('unfavourable:g=0')).toEqual({ state: 'suppressed', reason: 'primary', unpublished: true });
    expect(result.status.get('unfavourable:g=all')).toEqual({ state: 'suppressed', unpublished: true });
    const shownHidden = [...result.status].filter(([, s]) => s.state === 'suppressed' && !s.unpublished).length;
    expect(result.suppressedShare).toBeCloseTo(shownHidden / (problem.cells.length - 4), 10);
    // Two shown counts of group 0 (closed or favourable) cannot both stay: closed − favourable = 5.
    expect(shownHidden).toBeGreaterThan(0);
    const check = await audit(problem, hiddenIds(result));
    expect(check.exposed).toEqual([]);
  });

  it('refuses a non-boolean flag, naming the cell', async () => {
    await expect(protect({ cells: [{ table: 't', key: 'a', value: 3, unpublished: 'yes' as unknown as boolean }], constraints: [] }))
      .rejects.toThrow(/'t:a': unpublished must be true or false/);
  });
});
