// Impact (benefits on favourable cases) through the SQL models and the measures on
// a hand-made export, and how intersections compare each cell with the pair's
// reference cell. Expected values are worked out by hand in the comments.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestFile } from '../../pipeline/ingest/ingest.ts';
import { buildMeasures } from '../../pipeline/measures/build.ts';
import { computeIntersections, type IntersectionStratum } from '../../pipeline/measures/intersections.ts';
import { ConfigSchema } from '../../pipeline/config.ts';
import { benjaminiHochberg, mantelHaenszelRateRatio, rateRatio, wilson } from '../../pipeline/measures/stats/index.ts';
import { MODEL_TESTS } from '../../pipeline/model/tests.ts';
import { runDataTests } from '../../pipeline/warehouse/datatests.ts';
import { query, tempWarehouse, VALID_ROW, writeCsv } from '../helpers.ts';

const config = ConfigSchema.parse({});

describe('impact', () => {
  let w: Awaited<ReturnType<typeof tempWarehouse>>;
  beforeAll(async () => {
    w = await tempWarehouse();
    // 12 favourable housing cases with benefits $100 … $1,200 (program eviction_defense), one favourable with no
    // amount recorded, and one unfavourable case in another program.
    const rows = [
      ...Array.from({ length: 12 }, (_, i) => ({ ...VALID_ROW, case_id: `B-${String(i + 1).padStart(4, "0")}`, benefit_usd: String(100 * (i + 1)) })),
      { ...VALID_ROW, case_id: 'B-0013', benefit_usd: '' },
      { ...VALID_ROW, case_id: 'B-0014', program: 'snap', service_area: 'food', outcome: 'not_achieved', benefit_usd: '' },
    ];
    const r = await ingestFile(w.connection, writeCsv(w.dir, 'benefits.csv', rows), { asOf: '2024-12-31' });
    expect([r.loaded, r.quarantined, r.message]).toEqual([14, 0, undefined]);
    // Every client here is multiracial: no White reference group, so the largest group is the reference.
    await buildMeasures(w.connection, ConfigSchema.parse({ measures: { reference_groups: { default: 'largest' } } }), '2024-12-31');
  });
  afterAll(() => w.close());

  it('sums and takes the median over favourable cases with an amount, counting those without', async () => {
    const [all] = await query(w, `SELECT * FROM marts.impact WHERE dimension = 'all'`);
    // n = 12: sum 100 + … + 1200 = 7,800; median (600 + 700)/2 = 650.
    expect(all).toMatchObject({ favourable_cases: 13, cases_with_benefit: 12, benefit_usd_sum: 7800, benefit_usd_median: 650, reliability: 'unstable' });
    expect(all.share_with_benefit).toBeCloseTo(12 / 13, 12);
    // Ranks for n = 12 at 95%: P(B ≤ 2) = (1 + 12 + 66)/4096 ≤ 0.025 < P(B ≤ 3) = 299/4096, so X(3) = 300 and X(10) = 1,000.
    expect([all.benefit_usd_median_lower, all.benefit_usd_median_upper]).toEqual([300, 1000]);
    expect(all.median_interval_coverage).toBeCloseTo(1 - 158 / 4096, 12);
  });

  it('keeps what the dominance rule needs: whole-dollar sum and the two largest amounts (never published)', async () => {
    const rows = await query(w, `SELECT dimension, group_code, cases_with_benefit, benefit_whole_usd_sum, largest_usd, second_largest_usd FROM marts.mart_benefit_dominance WHERE dimension IN ('all', 'program', 'service_area') ORDER BY 1, 2`);
    expect(rows).toEqual([
      { dimension: 'all', group_code: 'all', cases_with_benefit: 12, benefit_whole_usd_sum: 7800, largest_usd: 1200, second_largest_usd: 1100 },
      { dimension: 'program', group_code: 'org-a/eviction_defense', cases_with_benefit: 12, benefit_whole_usd_sum: 7800, largest_usd: 1200, second_largest_usd: 1100 },
      { dimension: 'service_area', group_code: 'housing', cases_with_benefit: 12, benefit_whole_usd_sum: 7800, largest_usd: 1200, second_largest_usd: 1100 },
    ]);
  });

  it('breaks down by program, and a group without amounts says so', async () => {
    const rows = await query(w, `SELECT group_code, favourable_cases, cases_with_benefit, benefit_usd_sum, benefit_usd_median_lower, note FROM marts.impact WHERE dimension = 'program' ORDER BY 1`);
    expect(rows).toEqual([{ group_code: 'org-a/eviction_defense', favourable_cases: 13, cases_with_benefit: 12, benefit_usd_sum: 7800, benefit_usd_median_lower: 300, note: null }]);
    const [food] = await query(w, `SELECT * FROM marts.impact WHERE dimension = 'service_area' AND group_code = 'food'`);
    expect(food).toBeUndefined(); // no favourable case in food: no row, rather than a row of zeros
  });

  it('passes every model data test, the new marts included', async () => {
    const failed = (await runDataTests(w.connection, MODEL_TESTS)).filter((t) => t.status === 'fail');
    expect(failed).toEqual([]);
  });
});

// Race (alone) × gender in two strata (housing/org-a and food/org-a): closed accepted cases and favourable ones.
const s = (a: string, b: string, area: string, n: number, x: number): IntersectionStratum => ({
  dimension_a: 'race_ethnicity_alone', group_a: a, dimension_b: 'gender', group_b: b, service_area: area, org_id: 'org-a', closed_accepted: n, favourable: x,
});
const STRATA = [
  s('white', 'woman', 'housing', 400, 240), s('white', 'woman', 'food', 200, 160),
  s('white', 'man', 'housing', 300, 170), s('white', 'man', 'food', 100, 78),
  s('black_african_american', 'woman', 'housing', 300, 140), s('black_african_american', 'woman', 'food', 50, 35),
  s('black_african_american', 'man', 'housing', 200, 90),
  s('asian', 'woman', 'housing', 10, 6),
  s('not_reported', 'man', 'food', 60, 40),
];
const REFS = new Map<string, string | null>([['race_ethnicity_alone', 'white'], ['gender', 'woman']]);

describe('intersections', () => {
  const rows = computeIntersections(STRATA, REFS, config);
  const cell = (a: string, b: string) => rows.find((r) => r.group_a === a && r.group_b === b)!;

  it('sums strata into cells with Wilson intervals, one row per pair of groups', () => {
    expect(rows).toHaveLength(6);
    const bw = cell('black_african_american', 'woman');
    expect([bw.numerator, bw.denominator]).toEqual([175, 350]);
    expect(bw.rate_lower).toBeCloseTo(wilson(175, 350).lower!, 12);
  });

  it('compares each cell with the reference cell (both breakdowns at their reference group), crude and within strata', () => {
    expect(cell('white', 'woman')).toMatchObject({ is_reference: true, rate_ratio: 1, note: 'reference cell' });
    const bw = cell('black_african_american', 'woman');
    expect(bw).toMatchObject({ reference_group_a: 'white', reference_group_b: 'woman', compared: true });
    expect(bw.rate_ratio).toBeCloseTo(rateRatio(175, 350, 400, 600).estimate!, 12);
    const mh = mantelHaenszelRateRatio([{ a: 140, n1: 300, b: 240, n0: 400 }, { a: 35, n1: 50, b: 160, n0: 200 }]);
    expect(bw.adjusted_ratio).toBeCloseTo(mh.estimate!, 12);
    expect(bw.adjusted_for).toBe('service area and organisation');
  });

  it('does not compare cells under 1% of the pair\'s closed cases, and marks missing-data groups', () => {
    // asian × woman: 10 of 1,620 = 0.6%.
    expect(cell('asian', 'woman')).toMatchObject({ compared: false, rate_ratio: null, note: "under 1% of the pair's closed cases: not compared" });
    expect(cell('not_reported', 'man').note).toBe('not a demographic group: shows who was not asked or did not answer');
  });

  it('adjusts p-values within the pair of breakdowns as one family', () => {
    expect(new Set(rows.map((r) => r.comparison_family))).toEqual(new Set(['favourable_of_closed by race_ethnicity_alone × gender']));
    expect(rows.map((r) => r.p_adjusted)).toEqual(benjaminiHochberg(rows.map((r) => (r.compared ? r.p_value : null))));
    expect(rows.filter((r) => r.p_adjusted !== null)).toHaveLength(4); // white × man, black × woman, black × man, not_reported × man
  });

  it('says so when the reference cell is empty', () => {
    const none = computeIntersections(STRATA.filter((x) => !(x.group_a === 'white' && x.group_b === 'woman')), REFS, config);
    expect(none.every((r) => !r.compared && r.note === 'no reference cell: no closed cases in white × woman')).toBe(true);
  });
});
