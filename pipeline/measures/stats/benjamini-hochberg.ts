// Benjamini–Hochberg step-up adjustment of p-values for false discovery rate control.
// Reference: Benjamini Y, Hochberg Y (1995) J R Stat Soc B 57:289–300; adjusted values as R's p.adjust(p, "BH").

/**
 * BH-adjusted p-values in the order given: for the i-th smallest of m p-values,
 * min over j ≥ i of p(j)·m/j, capped at 1. A hypothesis is rejected at FDR q
 * when its adjusted value is ≤ q.
 *
 * Missing p-values (null, undefined, NaN), as when a test was not run on a
 * suppressed cell, come back as null and are not counted in m, as in R's p.adjust.
 */
export function benjaminiHochberg(pValues: readonly (number | null | undefined)[]): (number | null)[] {
  const present: number[] = [];
  for (const [i, p] of pValues.entries()) {
    if (p === null || p === undefined || Number.isNaN(p)) continue;
    if (!(p >= 0 && p <= 1)) throw new RangeError(`p-value ${i} is ${p}, outside [0, 1]`);
    present.push(i);
  }
  const m = present.length;
  // Ascending by p; ties keep input order (their adjusted values are equal anyway).
  present.sort((i, j) => (pValues[i] as number) - (pValues[j] as number) || i - j);

  const adjusted: (number | null)[] = pValues.map(() => null);
  let running = 1;
  for (let rank = m; rank >= 1; rank--) {
    const i = present[rank - 1];
    // (m / rank) first, as R does: it is ≥ 1 before rounding and after, so the product is never below p.
    running = Math.min(running, (pValues[i] as number) * (m / rank));
    adjusted[i] = running;
  }
  return adjusted;
}
