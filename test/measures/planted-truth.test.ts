// End to end on planted truth: the sample generator plants known disparities
// (truth.json) and, with --null, none. Through ingest and the measures, the
// planted outcome gaps are recovered within their intervals once adjusted for
// service area and organisation, and on the null data no demographic disparity
// is significant after Benjamini-Hochberg, though crude (pooled) ones are.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateSample } from '../../pipeline/sample/index.ts';
import { expandInputs } from '../../pipeline/ingest/files.ts';
import { ingestFile } from '../../pipeline/ingest/ingest.ts';
import { buildMeasures } from '../../pipeline/measures/build.ts';
import { ConfigSchema } from '../../pipeline/config.ts';
import { computeResolution } from '../../pipeline/measures/resolution.ts';
import { query, tempDir, tempWarehouse } from '../helpers.ts';

const DEMOGRAPHIC = ['race_ethnicity_aoic', 'race_ethnicity_alone', 'gender', 'age_band', 'disability', 'interpreter_needed', 'income_band', 'veteran'];
const list = (xs: string[]) => xs.map((x) => `'${x}'`).join(', ');

async function measured(plant: boolean) {
  const dir = tempDir();
  const summary = await generateSample({ outDir: join(dir, 'sample'), cases: 50_000, plant });
  const w = await tempWarehouse();
  for (const f of expandInputs([join(dir, 'sample')])) await ingestFile(w.connection, f, { asOf: '2025-06-30' });
  await buildMeasures(w.connection, ConfigSchema.parse({}), '2025-06-30');
  return { w, truth: JSON.parse(readFileSync(summary.truthPath, 'utf8')) };
}

describe('measures on planted truth', () => {
  let planted: Awaited<ReturnType<typeof measured>>;
  let nul: Awaited<ReturnType<typeof measured>>;
  beforeAll(async () => {
    planted = await measured(true);
    nul = await measured(false);
  }, 180_000);
  afterAll(() => { planted.w.close(); nul.w.close(); });

  it('recovers each planted favourable-outcome gap within its adjusted interval', async () => {
    const gaps = planted.truth.effects.filter((e: { kind: string }) => e.kind === 'outcome_disparity');
    expect(gaps.length).toBeGreaterThanOrEqual(2);
    for (const gap of gaps) {
      const [row] = await query(planted.w, `SELECT adjusted_ratio, adjusted_lower, adjusted_upper, adjusted_p_bh, reference_group FROM marts.group_rates
        WHERE measure = 'favourable_of_closed' AND dimension = 'race_ethnicity_aoic' AND group_code = '${gap.group}'`);
      expect(row.reference_group).toBe(gap.reference);
      expect(Number(row.adjusted_lower), gap.id).toBeLessThanOrEqual(gap.planted_rate_ratio);
      expect(Number(row.adjusted_upper), gap.id).toBeGreaterThanOrEqual(gap.planted_rate_ratio);
      expect(Number(row.adjusted_p_bh), gap.id).toBeLessThan(0.05);
    }
  });

  it('recovers the planted barrier patterns, including the Simpson reversal', async () => {
    const effect = (id: string) => planted.truth.effects.find((e: { id: string }) => e.id === id);
    const assoc = async (barrier: string) => (await query(planted.w, `SELECT * FROM marts.barrier_associations WHERE barrier = '${barrier}'`))[0];
    // documentation: 0.85 x the favourable rate within every area, concentrated in food (highest base rate).
    expect(effect('simpson_documentation').stratify_by).toBe('service_area');
    const doc = await assoc('documentation');
    expect(Number(doc.pooled_upper)).toBeLessThan(1); // pooled, the barrier looks protective
    expect(Number(doc.adjusted_lower)).toBeGreaterThan(1); // within service area it is harmful
    expect(doc.reverses_when_adjusted).toBe(true);
    // language_access: 1.4 x the risk of an unfavourable outcome.
    const lang = await assoc('language_access');
    const planted14 = effect('language_access_outcome').planted_risk_ratio;
    expect(Number(lang.adjusted_lower)).toBeLessThanOrEqual(planted14);
    expect(Number(lang.adjusted_upper)).toBeGreaterThanOrEqual(planted14);
    // Prevalence of language_access: 55% with an interpreter, 3% without.
    const prev = effect('language_access_barrier');
    const rows = await query(planted.w, `SELECT group_code, prevalence_lower AS lo, prevalence_upper AS hi FROM marts.barrier_prevalence
      WHERE dimension = 'interpreter_needed' AND barrier = 'language_access' AND group_code IN ('yes', 'no') ORDER BY group_code`);
    expect(Number(rows[1].lo)).toBeLessThanOrEqual(prev.planted_prevalence);
    expect(Number(rows[1].hi)).toBeGreaterThanOrEqual(prev.planted_prevalence);
    expect(Number(rows[0].lo)).toBeLessThanOrEqual(prev.reference_prevalence);
    expect(Number(rows[0].hi)).toBeGreaterThanOrEqual(prev.reference_prevalence);
  });

  it('recovers the planted 30-day delay for clients with a disability within a service area, open cases censored', async () => {
    const gap = planted.truth.effects.find((e: { id: string }) => e.id === 'disability_days_to_close');
    // The planted shift holds within any stratum; pooled over areas, case mix adds to it.
    const rows = await query(planted.w, `SELECT 'disability' AS dimension, disability AS group_code, coalesce(days_to_close, days_open_so_far) AS days,
        count(*) FILTER (WHERE is_closed) AS closed_cases, count(*) FILTER (WHERE NOT is_closed) AS open_cases
      FROM staging.stg_cases WHERE is_accepted AND service_area = 'housing' AND disability IN ('yes', 'no') GROUP BY ALL`);
    const { times } = computeResolution(rows as never, 0.95);
    const [no, yes] = ['no', 'yes'].map((g) => times.find((t) => t.group_code === g)!);
    expect(yes.open_cases).toBeGreaterThan(0); // censored cases are kept
    const lower = yes.median_lower! - no.median_upper!, upper = yes.median_upper! - no.median_lower!;
    expect(lower).toBeLessThanOrEqual(gap.planted_difference_days);
    expect(upper).toBeGreaterThanOrEqual(gap.planted_difference_days);
    expect(yes.median_days! - no.median_days!).toBeGreaterThan(15);
  });

  it('finds no barrier associated with outcomes on the null data', async () => {
    expect(await query(nul.w, `SELECT barrier FROM marts.barrier_associations WHERE adjusted_p_bh < 0.05`)).toEqual([]);
  });

  it('flags no demographic disparity on the null data after adjustment and correction', async () => {
    expect(nul.truth.planted).toBe(false);
    const flagged = await query(nul.w, `SELECT measure, dimension, group_code, adjusted_ratio, adjusted_p_bh FROM marts.group_rates
      WHERE dimension IN (${list(DEMOGRAPHIC)}) AND group_code NOT IN ('not_reported', 'not_recorded') AND adjusted_p_bh < 0.05`);
    expect(flagged).toEqual([]);
    // The crude, pooled comparisons do flag some: case mix differs between organisations.
    const crude = await query(nul.w, `SELECT count(*) AS n FROM marts.group_rates WHERE dimension IN (${list(DEMOGRAPHIC)}) AND group_code NOT IN ('not_reported', 'not_recorded') AND p_adjusted < 0.05`);
    expect(Number(crude[0].n)).toBeGreaterThan(0);
  });
});
