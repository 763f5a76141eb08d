// End to end on planted truth: the sample generator plants known disparities
// (truth.json) and, with --null, none. Through ingest and the measures, the
// planted outcome gaps are recovered within their intervals once adjusted for
// service area and organisation, and on the null data no demographic disparity
// is significant after Benjamini-Hochberg, though crude (pooled) ones are.
// The planted policy change (2024-07-01, income_benefits) is recovered by the
// before/after estimate, and absent from the null data.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateSample } from '../../pipeline/sample/index.ts';
import { expandInputs } from '../../pipeline/ingest/files.ts';
import { ingestFile } from '../../pipeline/ingest/ingest.ts';
import { buildMeasures } from '../../pipeline/measures/build.ts';
import { ConfigSchema } from '../../pipeline/config.ts';
import { computeResolution } from '../../pipeline/measures/resolution.ts';
import { binomialCdf } from '../../pipeline/measures/stats/distributions.ts';
import { query, tempDir, tempWarehouse } from '../helpers.ts';

const DEMOGRAPHIC = ['race_ethnicity_aoic', 'race_ethnicity_alone', 'gender', 'age_band', 'disability', 'interpreter_needed', 'income_band', 'veteran'];
const list = (xs: string[]) => xs.map((x) => `'${x}'`).join(', ');

// The planted change counted by month (18 before, 6 after) and by quarter (6 before, 2 after: too few).
const CONFIG = ConfigSchema.parse({
  measures: {
    policy_changes: [
      { id: 'by-month', date: '2024-07-01', label: 'planted', service_area: 'income_benefits', measure: 'favourable_of_closed', period: 'month', min_points_per_side: 6 },
      { id: 'by-quarter', date: '2024-07-01', label: 'planted', service_area: 'income_benefits', measure: 'favourable_of_closed' },
    ],
  },
});

async function measured(plant: boolean) {
  const dir = tempDir();
  const summary = await generateSample({ outDir: join(dir, 'sample'), cases: 50_000, plant });
  const w = await tempWarehouse();
  for (const f of expandInputs([join(dir, 'sample')])) await ingestFile(w.connection, f, { asOf: '2025-06-30' });
  await buildMeasures(w.connection, CONFIG, '2025-06-30');
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

  it('recovers the planted policy change by month, within its interval, and refuses by quarter with the reason', async () => {
    const effect = planted.truth.effects.find((e: { id: string }) => e.id === 'policy_change_2024_07');
    const [month] = await query(planted.w, `SELECT * FROM marts.policy_change_effects WHERE id = 'by-month'`);
    expect(month).toMatchObject({ status: 'estimated', periods_before: 18, periods_after: 6, service_area: effect.service_area, level_change_direction: 'fell' });
    // Planted: favourable base 0.62 -> 0.50 from the date, a rate ratio of 0.8065.
    expect(Number(month.rate_ratio_lower)).toBeLessThanOrEqual(effect.planted_rate_ratio);
    expect(Number(month.rate_ratio_upper)).toBeGreaterThanOrEqual(effect.planted_rate_ratio);
    const [quarter] = await query(planted.w, `SELECT * FROM marts.policy_change_effects WHERE id = 'by-quarter'`);
    expect(quarter).toMatchObject({ status: 'refused', level_change_logodds: null, rate_ratio_at_date: null });
    expect(quarter.reason).toContain('too few quarters to estimate a before/after change: 6 quarter(s) with cases before 2024-07-01 and 2 after; at least 8 are needed on each side');
  });

  it('finds no policy change in the null data', async () => {
    const [month] = await query(nul.w, `SELECT * FROM marts.policy_change_effects WHERE id = 'by-month'`);
    expect(month.status).toBe('estimated');
    expect(Number(month.level_change_lower)).toBeLessThan(0);
    expect(Number(month.level_change_upper)).toBeGreaterThan(0);
    expect(month.level_change_direction).toBe('no change detected');
  });

  it('shows the planted drop in the quarterly rates of income benefits; a straight-line trend need not catch a step', async () => {
    const sql = `SELECT quarter, rate_lower, rate_upper FROM marts.quarterly_rates
      WHERE measure = 'favourable_of_closed' AND dimension = 'service_area' AND group_code = 'income_benefits' ORDER BY quarter`;
    const rows = await query(planted.w, sql);
    expect(rows.map((r) => r.quarter)).toEqual(['2023-Q1', '2023-Q2', '2023-Q3', '2023-Q4', '2024-Q1', '2024-Q2', '2024-Q3', '2024-Q4']);
    const before = rows.slice(0, 6), after = rows.slice(6);
    expect(Math.max(...after.map((r) => Number(r.rate_upper)))).toBeLessThan(Math.min(...before.map((r) => Number(r.rate_lower))));
    // In the null data nothing changes: the trend of the same series is stable.
    const trendSql = `SELECT direction FROM marts.quarterly_trends WHERE measure = 'favourable_of_closed' AND dimension = 'service_area' AND group_code = 'income_benefits'`;
    expect(await query(nul.w, trendSql)).toEqual([{ direction: 'stable' }]);
  });

  it('flags no demographic intersection on the null data beyond the nominal false discovery rate', async () => {
    // Rule: under the complete null, Benjamini-Hochberg at q = 0.05 within a family makes P(any flag in the
    // family) <= 0.05. With F demographic pairs, the number of families with a flag is then at most
    // Binomial(F, 0.05) if families were independent; allow its 99th percentile (they share cells, so
    // they are not, but the expectation F x 0.05 still holds). Adjusted (within service area and
    // organisation) comparisons only: crude ones pick up case mix, as the pooled group rates do.
    const demographic = list(DEMOGRAPHIC);
    const families = await query(nul.w, `SELECT comparison_family, count(*) FILTER (WHERE adjusted_p_bh < 0.05) AS flagged FROM marts.intersections
      WHERE dimension_a IN (${demographic}) AND dimension_b IN (${demographic}) GROUP BY 1`);
    expect(families).toHaveLength(27);
    let allowed = 0;
    while (binomialCdf(allowed, families.length, 0.05) < 0.99) allowed++;
    expect(families.filter((f) => Number(f.flagged) > 0).length).toBeLessThanOrEqual(allowed);
    // The planted race gap shows in the intersections too: Black women against White women, within strata.
    const [bw] = await query(planted.w, `SELECT adjusted_ratio, adjusted_lower, adjusted_upper, adjusted_p_bh FROM marts.intersections
      WHERE dimension_a = 'race_ethnicity_aoic' AND group_a = 'black_african_american' AND dimension_b = 'gender' AND group_b = 'woman'`);
    expect(Number(bw.adjusted_lower)).toBeLessThanOrEqual(0.8);
    expect(Number(bw.adjusted_upper)).toBeGreaterThanOrEqual(0.8);
    expect(Number(bw.adjusted_p_bh)).toBeLessThan(0.05);
  });

  it('shows race three ways (SPD 15), with not_reported a group of its own, its rate and its share', async () => {
    const groups = await query(planted.w, `SELECT dimension, group_code, numerator, denominator, rate, share_of_requests FROM marts.group_rates
      WHERE measure = 'favourable_of_closed' AND dimension IN ('race_ethnicity_alone', 'race_ethnicity_aoic') ORDER BY 1, 2`);
    const alone = groups.filter((g) => g.dimension === 'race_ethnicity_alone'), aoic = groups.filter((g) => g.dimension === 'race_ethnicity_aoic');
    expect(alone.map((g) => g.group_code)).toContain('multiracial');
    expect(aoic.map((g) => g.group_code)).not.toContain('multiracial');
    // Alone is a partition (shares sum to 1); alone or in combination counts multiracial clients in each of their groups.
    expect(alone.reduce((t, g) => t + Number(g.share_of_requests), 0)).toBeCloseTo(1, 10);
    expect(aoic.reduce((t, g) => t + Number(g.share_of_requests), 0)).toBeGreaterThan(1);
    for (const view of [alone, aoic]) {
      const nr = view.find((g) => g.group_code === 'not_reported')!;
      expect(Number(nr.share_of_requests)).toBeGreaterThan(0);
      expect(Number(nr.denominator)).toBeGreaterThan(0);
      expect(nr.rate).not.toBeNull();
    }
  });
});
