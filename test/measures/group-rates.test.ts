// How group rates are assembled from the funnel counts: which group is the
// reference, who is compared, and which comparisons form one BH family. The
// statistics themselves are tested against R and published values in stats/.
import { describe, expect, it } from 'vitest';
import { computeGroupRates } from '../../pipeline/measures/group-rates.ts';
import { ConfigSchema } from '../../pipeline/config.ts';
import { benjaminiHochberg, rateRatio, wilson } from '../../pipeline/measures/stats/index.ts';

const config = ConfigSchema.parse({});
const row = (dimension: string, group_code: string, requests: number, accepted: number, closed_accepted: number, favourable: number, turned_away_capacity = 0) =>
  ({ dimension, group_code, requests, accepted, turned_away_capacity, closed_accepted, favourable });

// 1,000 requests; white is the largest group and the configured reference for race.
const FUNNEL = [
  row('all', 'all', 1000, 800, 700, 400, 50),
  row('race_ethnicity_aoic', 'white', 500, 420, 380, 240, 20),
  row('race_ethnicity_aoic', 'black_african_american', 300, 220, 190, 90, 20),
  row('race_ethnicity_aoic', 'asian', 150, 130, 100, 60, 8),
  row('race_ethnicity_aoic', 'middle_eastern_north_african', 5, 5, 5, 3),
  row('race_ethnicity_aoic', 'not_reported', 45, 25, 25, 7, 2),
  row('age_band', 'not_recorded', 600, 500, 450, 250, 30),
  row('age_band', '25-34', 250, 200, 170, 100, 15),
  row('age_band', '35-44', 150, 100, 80, 50, 5),
];
const rates = computeGroupRates(FUNNEL, config);
const get = (measure: string, dimension: string, group: string) => rates.find((r) => r.measure === measure && r.dimension === dimension && r.group_code === group)!;

describe('group rates', () => {
  it('has one row per measure and group, with the stage that feeds it as denominator', () => {
    expect(rates).toHaveLength(4 * FUNNEL.length);
    const fav = get('favourable_of_closed', 'race_ethnicity_aoic', 'black_african_american');
    expect([fav.numerator, fav.denominator]).toEqual([90, 190]);
    expect(fav.rate).toBeCloseTo(wilson(90, 190).estimate!, 12);
    const acc = get('accepted_of_requests', 'race_ethnicity_aoic', 'black_african_american');
    expect([acc.numerator, acc.denominator]).toEqual([220, 300]);
  });

  it('compares with the named reference group and states it on every row', () => {
    const fav = get('favourable_of_closed', 'race_ethnicity_aoic', 'black_african_american');
    expect(fav.reference_group).toBe('white');
    expect(fav.reference_rule).toBe('named group (configuration)');
    expect(fav.rate_ratio).toBeCloseTo(rateRatio(90, 190, 240, 380).estimate!, 12);
    expect(get('favourable_of_closed', 'race_ethnicity_aoic', 'white')).toMatchObject({ is_reference: true, rate_ratio: 1, p_value: null });
  });

  it('does not compare groups under 1% of requests, and says so', () => {
    expect(get('favourable_of_closed', 'race_ethnicity_aoic', 'middle_eastern_north_african')).toMatchObject({ compared: false, rate_ratio: null, note: 'under 1% of all requests: not compared' });
  });

  it('never takes a missing-data group as the largest reference, but still compares it', () => {
    const young = get('favourable_of_closed', 'age_band', '35-44');
    expect(young.reference_group).toBe('25-34'); // not_recorded is larger but not a demographic group
    expect(get('favourable_of_closed', 'age_band', 'not_recorded')).toMatchObject({ compared: true, note: 'not a demographic group: shows who was not asked or did not answer' });
  });

  it('adjusts p-values within each measure-and-breakdown family only', () => {
    const family = rates.filter((r) => r.measure === 'favourable_of_closed' && r.dimension === 'race_ethnicity_aoic');
    expect(new Set(family.map((r) => r.comparison_family))).toEqual(new Set(['favourable_of_closed by race_ethnicity_aoic']));
    const expected = benjaminiHochberg(family.map((r) => (r.compared ? r.p_value : null)));
    expect(family.map((r) => r.p_adjusted)).toEqual(expected);
    expect(family.filter((r) => r.p_adjusted !== null)).toHaveLength(3); // black, asian, not_reported
  });

  it('flags small groups as unstable instead of hiding them', () => {
    expect(get('favourable_of_closed', 'race_ethnicity_aoic', 'middle_eastern_north_african').reliability).not.toBe('ok');
    expect(get('favourable_of_closed', 'race_ethnicity_aoic', 'not_reported').reliability).toBe('unstable'); // n = 25 < 30
  });

  it('refuses a named reference group that is not in the data, naming the setting', () => {
    const bad = ConfigSchema.parse({ measures: { reference_groups: { default: 'largest', race_ethnicity_aoic: 'whte' } } });
    expect(() => computeGroupRates(FUNNEL, bad)).toThrow("reference group 'whte' for race_ethnicity_aoic does not occur in the data");
  });

  it('can take the best-off group as reference', () => {
    const best = computeGroupRates(FUNNEL, ConfigSchema.parse({ measures: { reference_groups: { default: 'best_off' } } }));
    // favourable rates: white 240/380 = .632, black .474, asian .600, MENA .600 (5 cases), not_reported excluded.
    expect(best.find((r) => r.measure === 'favourable_of_closed' && r.dimension === 'race_ethnicity_aoic')!.reference_group).toBe('white');
    // Being turned away is bad: the best-off group has the lowest rate (white 20/500, black 20/300, asian 8/150, MENA 0/5).
    expect(best.find((r) => r.measure === 'turned_away_capacity_of_requests' && r.dimension === 'race_ethnicity_aoic')).toMatchObject({
      reference_group: 'middle_eastern_north_african', reference_rule: 'best-off group (lowest rate)',
    });
  });
});
