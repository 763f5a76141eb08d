// End to end on real data: UCI Adult (1994 CPS extract, CC BY 4.0, doi 10.24432/C5XW20)
// through the shipped mapping (data/mappings/uci-adult.yaml), the SQL models and
// the measures, read back from marts.group_rates as a report would.
//
// Figures and their sources:
// - adult.names lines 15-20 (published with the data): 48,842 instances
//   (32,561 + 16,281), 23.93% with income over 50K. The other published figure,
//   24.78% of the 45,222 rows without unknowns, cannot be reproduced through the
//   measures: the unknowns ('?') are in workclass, occupation and native_country,
//   which the mapping drops (they are not in the contract).
// - By sex, derived independently from the raw files with Python's csv module
//   (see test/mapping/uci-adult.test.ts): Male 9,918 of 32,650 (30.38%),
//   Female 1,769 of 16,192 (10.93%).
// - By race, derived independently from the raw files with awk (fields split on
//   ", ", label stripped of its trailing period): White 10,607 of 41,762,
//   Black 566 of 4,685, Asian-Pac-Islander 409 of 1,519, Amer-Indian-Eskimo 55 of
//   470, Other 50 of 406 (mapped to not_reported: SPD 15 has no "some other race").
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { ingestFile } from '../../pipeline/ingest/ingest.ts';
import { loadMapping } from '../../pipeline/ingest/mapping.ts';
import { buildMeasures } from '../../pipeline/measures/build.ts';
import { ConfigSchema } from '../../pipeline/config.ts';
import { wilson } from '../../pipeline/measures/stats/index.ts';
import { query, tempWarehouse } from '../helpers.ts';

const ROOT = join(import.meta.dirname, '../..');
const UCI = join(ROOT, '../shared/data/uci-adult');
const pct = (x: unknown) => (Number(x) * 100).toFixed(2);

describe('UCI Adult through the measures', () => {
  let w: Awaited<ReturnType<typeof tempWarehouse>>;
  const rate = async (dimension: string, group: string) =>
    (await query(w, `SELECT numerator, denominator, rate, rate_lower, rate_upper, reference_group, rate_ratio, p_adjusted FROM marts.group_rates
      WHERE measure = 'favourable_of_closed' AND dimension = '${dimension}' AND group_code = '${group}'`))[0];
  beforeAll(async () => {
    w = await tempWarehouse();
    const mapping = loadMapping(join(ROOT, 'data/mappings/uci-adult.yaml'));
    for (const f of ['adult.data', 'adult.test']) await ingestFile(w.connection, join(UCI, f), { mapping, asOf: '2025-01-01' });
    // Over 50K is the mapping's 'achieved'; only that counts as favourable here.
    await buildMeasures(w.connection, ConfigSchema.parse({ measures: { favourable_outcomes: ['achieved'] } }), '2025-01-01');
  }, 120_000);
  afterAll(() => w.close());

  it('reproduces the published share over 50K: 11,687 of 48,842 = 23.93%', async () => {
    const all = await rate('all', 'all');
    expect([all.numerator, all.denominator]).toEqual([11_687, 48_842]);
    expect(pct(all.rate)).toBe('23.93');
    expect(all.rate_lower).toBeCloseTo(wilson(11_687, 48_842).lower!, 12);
  });

  it('reproduces the rates by sex: men 30.38%, women 10.93%, women against the larger group', async () => {
    const [man, woman] = [await rate('gender', 'man'), await rate('gender', 'woman')];
    expect([man.numerator, man.denominator, pct(man.rate)]).toEqual([9_918, 32_650, '30.38']);
    expect([woman.numerator, woman.denominator, pct(woman.rate)]).toEqual([1_769, 16_192, '10.93']);
    expect(woman.reference_group).toBe('man'); // the largest group, by the default rule
    expect(woman.rate_ratio).toBeCloseTo((1_769 / 16_192) / (9_918 / 32_650), 12);
    expect(Number(woman.p_adjusted)).toBeLessThan(1e-10);
  });

  it('reproduces the counts by race, "Other" kept as not_reported with its share', async () => {
    const expected: [string, number, number][] = [
      ['white', 10_607, 41_762], ['black_african_american', 566, 4_685], ['asian', 409, 1_519], ['american_indian_alaska_native', 55, 470], ['not_reported', 50, 406],
    ];
    for (const [group, over, n] of expected) {
      const r = await rate('race_ethnicity_alone', group);
      expect([group, r.numerator, r.denominator]).toEqual([group, over, n]);
    }
    const [nr] = await query(w, `SELECT share_of_requests FROM marts.group_rates WHERE measure = 'favourable_of_closed' AND dimension = 'race_ethnicity_aoic' AND group_code = 'not_reported'`);
    expect(Number(nr.share_of_requests)).toBeCloseTo(406 / 48_842, 12);
  });

  it('gives the sex × race intersection the same totals, and refuses a trend from a single year', async () => {
    const [sum] = await query(w, `SELECT sum(numerator) AS over, sum(denominator) AS n FROM marts.intersections WHERE dimension_a = 'race_ethnicity_alone' AND dimension_b = 'gender'`);
    expect(sum).toEqual({ over: 11_687, n: 48_842 });
    const [t] = await query(w, `SELECT status, reason FROM marts.quarterly_trends WHERE measure = 'favourable_of_closed' AND dimension = 'all'`);
    expect(t.status).toBe('refused');
    expect(t.reason).toContain('a trend needs at least 4');
  });
});
