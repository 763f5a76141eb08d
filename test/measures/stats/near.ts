import { expect } from 'vitest';

/**
 * Asserts |actual − expected| ≤ tol. Published tables give 4 decimals (tol 5e-5);
 * R output quoted to 8–10 significant digits is checked to 1e-7 or tighter.
 */
export function expectNear(actual: number | null | undefined, expected: number, tol: number): void {
  expect(actual, `expected ${expected} ± ${tol}`).not.toBeNull();
  expect(actual).toBeTypeOf('number');
  const diff = Math.abs((actual as number) - expected);
  if (!(diff <= tol)) expect.fail(`got ${actual}, expected ${expected} ± ${tol} (off by ${diff})`);
}
