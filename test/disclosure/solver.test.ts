// The solver must work with no network: its WebAssembly is read from
// node_modules. Each vitest file has its own module registry, so the loader here
// starts from scratch with fetch made to fail.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSolver, solverWasmPath } from '../../pipeline/disclosure/solver.ts';

describe('HiGHS solver', () => {
  const realFetch = globalThis.fetch;
  beforeAll(() => {
    globalThis.fetch = (() => { throw new Error('network used'); }) as typeof fetch;
  });
  afterAll(() => { globalThis.fetch = realFetch; });

  it('loads its .wasm from node_modules without fetching anything', async () => {
    expect(solverWasmPath()).toMatch(/node_modules\/highs\/build\/highs\.wasm$/);
    expect(existsSync(solverWasmPath())).toBe(true);
    const highs = await loadSolver();
    expect(highs.version.major).toBe(1);
  });

  it('solves a textbook LP: max 3x + 2y, x + y ≤ 4, x + 3y ≤ 6, x ≤ 3 gives 11 at (3, 1)', async () => {
    const highs = await loadSolver();
    const result = highs.solve(
      'Maximize\n obj: 3 x + 2 y\nSubject To\n c1: x + y <= 4\n c2: x + 3 y <= 6\nBounds\n 0 <= x <= 3\n y >= 0\nEnd',
      { output_flag: false },
    );
    if (result.Status !== 'Optimal') throw new Error(`status ${result.Status}`);
    expect(result.ObjectiveValue).toBeCloseTo(11, 9);
    const primal = (name: string) => {
      const column = result.Columns[name];
      return 'Primal' in column ? column.Primal : NaN;
    };
    expect(primal('x')).toBeCloseTo(3, 9);
    expect(primal('y')).toBeCloseTo(1, 9);
  });
});
