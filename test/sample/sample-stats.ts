// Simple statistics over generated samples, written from the definitions in
// truth.json and not from the generator's code, so the tests check that the
// planted effects are recoverable from the files alone.
import { readExport, toRecord } from './read-exports.ts';

export type Case = Record<string, unknown> & {
  org_id: string; service_area: string; intake_decision: string; opened_on: string;
  closed_on?: string; outcome?: string; barriers?: string[]; race_ethnicity?: string[];
};

/** Every case in its latest state: later exports update earlier ones. Files must come in export order. */
export async function latestCases(paths: readonly string[]): Promise<Case[]> {
  const byKey = new Map<string, Case>();
  const ordered = [...paths].sort((a, b) => a.localeCompare(b));
  for (const p of ordered) for (const raw of await readExport(p)) {
    const r = toRecord(raw) as Case;
    byKey.set(`${r.org_id}/${r.case_id}`, r);
  }
  return [...byKey.values()];
}

export const FAVOURABLE = new Set(['achieved', 'partially_achieved']);
export const isFavourable = (c: Case) => FAVOURABLE.has(c.outcome!);
/** Cases with an outcome: accepted and closed. */
export const withOutcome = (cases: Case[]) => cases.filter((c) => c.outcome !== undefined);
export const hasRace = (c: Case, race: string) => c.race_ethnicity?.includes(race) ?? false;
export const hasBarrier = (c: Case, b: string) => c.barriers?.includes(b) ?? false;

export function rate(cases: Case[], event: (c: Case) => boolean): number {
  return cases.filter(event).length / cases.length;
}

/**
 * Mantel–Haenszel rate ratio of `event` for group over reference, stratified by
 * `stratum`: Σ a·n0/N / Σ b·n1/N (Rothman, Modern Epidemiology, ch. 15).
 */
export function mhRateRatio(
  cases: Case[], inGroup: (c: Case) => boolean, inReference: (c: Case) => boolean,
  event: (c: Case) => boolean, stratum: (c: Case) => string,
): number {
  const strata = new Map<string, { a: number; n1: number; b: number; n0: number }>();
  for (const c of cases) {
    const g = inGroup(c), r = inReference(c);
    if (!g && !r) continue;
    const s = strata.get(stratum(c)) ?? { a: 0, n1: 0, b: 0, n0: 0 };
    if (g) { s.n1++; if (event(c)) s.a++; } else { s.n0++; if (event(c)) s.b++; }
    strata.set(stratum(c), s);
  }
  let num = 0, den = 0;
  for (const { a, n1, b, n0 } of strata.values()) {
    const n = n1 + n0;
    if (n1 === 0 || n0 === 0) continue;
    num += (a * n0) / n;
    den += (b * n1) / n;
  }
  return num / den;
}

export function crudeRateRatio(cases: Case[], inGroup: (c: Case) => boolean, inReference: (c: Case) => boolean, event: (c: Case) => boolean): number {
  return rate(cases.filter(inGroup), event) / rate(cases.filter(inReference), event);
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Days between two exact dates; undefined when either is month-precise. */
export function daysBetween(from: string, to: string): number | undefined {
  if (from.length !== 10 || to.length !== 10) return undefined;
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
