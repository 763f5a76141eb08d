// The planted effects of truth.json can be recovered from 50,000 generated cases
// with simple statistics, and none of them appears in the null data set.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseSchema } from '../../pipeline/contract/schema.ts';
import { generateSample } from '../../pipeline/sample/index.ts';
import {
  type Case, crudeRateRatio, daysBetween, hasBarrier, hasRace, isFavourable, latestCases, median, mhRateRatio, rate, withOutcome,
} from './sample-stats.ts';

const N = 50_000;
const RURAL = new Set(['53047', '53001']); // truth.json counties with rural = true
let root: string;
const sets: Record<'planted' | 'null', Case[]> = { planted: [], null: [] };

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'sample-planted-'));
  for (const name of ['planted', 'null'] as const) {
    // The single-file layout holds each case once in its latest state, which generate.test.ts shows equals the
    // latest state across the yearly exports; reading one comma CSV keeps this file fast.
    const s = await generateSample({ outDir: join(root, name), cases: N, plant: name === 'planted', layout: 'single-csv' });
    sets[name] = await latestCases(s.files.map((f) => f.path));
  }
}, 60_000);
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const byArea = (c: Case) => c.service_area;
const alone = (race: string) => (c: Case) => c.race_ethnicity?.length === 1 && c.race_ethnicity[0] === race;
const onlyGender = (g: string) => (c: Case) => Array.isArray(c.gender) && c.gender.length === 1 && c.gender[0] === g;
const unfavourable = (c: Case) => !isFavourable(c);
const turnedAway = (c: Case) => c.intake_decision === 'turned_away_capacity';
const afterPolicy = (c: Case) => c.opened_on >= '2024-07'; // month-precise dates compare as months
function expectBetween(x: number, low: number, high: number) {
  expect(x).toBeGreaterThan(low);
  expect(x).toBeLessThan(high);
}
const favourableRatio = (cases: Case[], group: (c: Case) => boolean, reference: (c: Case) => boolean) =>
  mhRateRatio(withOutcome(cases), group, reference, isFavourable, byArea);

describe.each(['planted', 'null'] as const)('%s sample of 50,000 cases', (name) => {
  const planted = name === 'planted';
  const cases = () => sets[name];

  it('has every case once in its latest state', () => {
    expect(cases().length).toBe(N);
  });

  // The null set differs only in probabilities; checking one set at this size keeps the file fast.
  it.runIf(planted)('has only valid format-1 cases', () => {
    const schema = caseSchema({ asOf: '2025-12-31' });
    const invalid = cases().filter((c) => !schema.safeParse(c).success);
    expect(invalid).toEqual([]);
  });

  it('black (alone or in combination) vs white favourable rate, within service areas', () => {
    const rr = favourableRatio(cases(), (c) => hasRace(c, 'black_african_american'), alone('white'));
    if (planted) expectBetween(rr, 0.72, 0.88);
    else expectBetween(rr, 0.9, 1.1);
  });

  it('american indian / alaska native vs white favourable rate', () => {
    const rr = favourableRatio(cases(), (c) => hasRace(c, 'american_indian_alaska_native'), alone('white'));
    if (planted) expectBetween(rr, 0.68, 0.92);
    else expectBetween(rr, 0.85, 1.15);
  });

  it('known nulls: hispanic vs white (no language barrier) and man vs woman', () => {
    const noLanguageBarrier = cases().filter((c) => !hasBarrier(c, 'language_access'));
    const hispanic = favourableRatio(noLanguageBarrier, alone('hispanic_latino'), alone('white'));
    const man = favourableRatio(cases(), onlyGender('man'), onlyGender('woman'));
    for (const rr of [hispanic, man]) expectBetween(rr, 0.92, 1.08);
  });

  it('capacity barrier: rural counties and interpreter need', () => {
    const known = cases().filter((c) => c.county_fips !== undefined);
    const rural = crudeRateRatio(known, (c) => RURAL.has(c.county_fips as string), (c) => !RURAL.has(c.county_fips as string), turnedAway);
    const interpreter = crudeRateRatio(cases(), (c) => c.interpreter_needed === 'yes', (c) => c.interpreter_needed === 'no', turnedAway);
    for (const rr of [rural, interpreter]) {
      if (planted) expectBetween(rr, 1.3, 1.95);
      else expectBetween(rr, 0.75, 1.3);
    }
  });

  it('language_access: prevalence by interpreter need, and risk of an unfavourable outcome', () => {
    const prevalence = (v: string) => rate(cases().filter((c) => c.interpreter_needed === v), (c) => hasBarrier(c, 'language_access'));
    const risk = mhRateRatio(withOutcome(cases()), (c) => hasBarrier(c, 'language_access'), (c) => !hasBarrier(c, 'language_access'), unfavourable, byArea);
    if (planted) {
      expectBetween(prevalence('yes'), 0.5, 0.6);
      expectBetween(prevalence('no'), 0.02, 0.04);
      expectBetween(risk, 1.25, 1.55);
    } else {
      expect(Math.abs(prevalence('yes') - prevalence('no'))).toBeLessThan(0.03);
      expectBetween(risk, 0.9, 1.12);
    }
  });

  it("Simpson's paradox: documentation looks better pooled, is worse within every area", () => {
    const doc = (c: Case) => hasBarrier(c, 'documentation');
    const withOut = withOutcome(cases());
    const pooled = crudeRateRatio(withOut, doc, (c) => !doc(c), isFavourable);
    const within = mhRateRatio(withOut, doc, (c) => !doc(c), isFavourable, byArea);
    const food = crudeRateRatio(withOut.filter((c) => c.service_area === 'food'), doc, (c) => !doc(c), isFavourable);
    if (planted) {
      expect(pooled).toBeGreaterThan(1.03);
      expect(within).toBeLessThan(0.92);
      expect(food).toBeLessThan(0.95);
    } else {
      for (const rr of [pooled, within]) expectBetween(rr, 0.88, 1.12);
    }
  });

  it('policy change of 2024-07-01 in income_benefits', () => {
    const benefits = cases().filter((c) => c.service_area === 'income_benefits');
    const drop = crudeRateRatio(withOutcome(benefits), afterPolicy, (c) => !afterPolicy(c), isFavourable);
    const digital = (after: boolean) => rate(benefits.filter((c) => afterPolicy(c) === after), (c) => hasBarrier(c, 'digital_access'));
    if (planted) {
      expectBetween(drop, 0.7, 0.9);
      expect(digital(false)).toBeLessThan(0.08);
      expect(digital(true)).toBeGreaterThan(0.2);
    } else {
      expectBetween(drop, 0.9, 1.1);
      expect(Math.abs(digital(true) - digital(false))).toBeLessThan(0.04);
    }
  });

  it('disability: more wait_time barriers and longer cases', () => {
    const waits = (v: string) => rate(cases().filter((c) => c.disability === v), (c) => hasBarrier(c, 'wait_time'));
    for (const area of ['legal', 'income_benefits', 'housing']) {
      const days = (v: string) => withOutcome(cases())
        .filter((c) => c.service_area === area && c.disability === v)
        .map((c) => daysBetween(c.opened_on, c.closed_on!))
        .filter((d): d is number => d !== undefined);
      const gap = median(days('yes')) - median(days('no'));
      if (planted) expectBetween(gap, 15, 45);
      else expect(Math.abs(gap)).toBeLessThan(12);
    }
    if (planted) expect(waits('yes') / waits('no')).toBeGreaterThan(2);
    else expect(waits('yes') / waits('no')).toBeLessThan(1.2);
  });
});
