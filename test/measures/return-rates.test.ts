// Return rates by group from hand-made counts: the funnel's rate machinery
// (group-rates.ts computeRates) with returns' own denominators, group size and
// direction (a lower return rate is better).
import { describe, expect, it } from 'vitest';
import { computeReturnRates } from '../../pipeline/measures/return-rates.ts';
import { ConfigSchema } from '../../pipeline/config.ts';
import { rateRatio, wilson } from '../../pipeline/measures/stats/index.ts';

const row = (dimension: string, group_code: string, exits: number, f6: number, r6: number, f12: number, r12: number, f24: number, r24: number) =>
  ({ dimension, group_code, exits_to_permanent: exits, followed_6m: f6, returned_6m: r6, followed_12m: f12, returned_12m: r12, followed_24m: f24, returned_24m: r24 });

// 500 exits to permanent housing; 400 followed 12 months. Black is the largest race group by exits; white (the
// configured reference for race) has none in this subset.
const COUNTS = [
  row('all', 'all', 500, 450, 40, 400, 60, 200, 50),
  row('race_ethnicity_aoic', 'black_african_american', 300, 270, 30, 240, 45, 120, 35),
  row('race_ethnicity_aoic', 'asian', 150, 135, 6, 120, 9, 60, 10),
  row('race_ethnicity_aoic', 'not_reported', 50, 45, 4, 40, 6, 20, 5),
  row('age_band', '25-34', 300, 270, 30, 240, 45, 120, 35),
  row('age_band', '35-44', 196, 175, 10, 156, 15, 78, 15),
  row('age_band', '45-54', 4, 4, 0, 4, 0, 2, 0), // 0.8% of exits
];
const get = (rates: ReturnType<typeof computeReturnRates>, measure: string, dimension: string, group: string) =>
  rates.find((r) => r.measure === measure && r.dimension === dimension && r.group_code === group)!;

describe('return rates', () => {
  const rates = computeReturnRates(COUNTS, ConfigSchema.parse({}));

  it('rates each window among the exits followed that long, with a Wilson interval; the group size is its exits', () => {
    expect(rates).toHaveLength(3 * COUNTS.length);
    const r = get(rates, 'returned_12m', 'age_band', '35-44');
    const ci = wilson(15, 156);
    expect(r).toMatchObject({ numerator: 15, denominator: 156, exits_to_permanent: 196, rate: ci.estimate, rate_lower: ci.lower, rate_upper: ci.upper });
    expect(get(rates, 'returned_24m', 'all', 'all')).toMatchObject({ numerator: 50, denominator: 200, reference_group: null });
    expect(Object.keys(r)).not.toContain('requests');
  });

  it('compares with the largest group by exits and says which', () => {
    const r = get(rates, 'returned_12m', 'age_band', '35-44');
    expect(r).toMatchObject({ reference_group: '25-34', reference_rule: 'largest group', compared: true });
    expect(r.rate_ratio).toBeCloseTo(rateRatio(15, 156, 45, 240).estimate!, 12);
    expect(get(rates, 'returned_12m', 'age_band', '45-54')).toMatchObject({ compared: false, note: 'under 1% of all exits to permanent housing: not compared', reliability: 'very_unstable' });
  });

  it('does not stop when the configured reference group has no exits here: nothing compared, and it says why', () => {
    expect(get(rates, 'returned_12m', 'race_ethnicity_aoic', 'asian')).toMatchObject({
      reference_group: null, compared: false, rate_ratio: null, note: 'the reference group white has no exits to permanent housing here: not compared',
    });
  });

  it('takes the lowest return rate as best off', () => {
    const best = computeReturnRates(COUNTS, ConfigSchema.parse({ measures: { reference_groups: { default: 'best_off' } } }));
    // 12-month rates: black 45/240 = .19, asian 9/120 = .075, not_reported (never a reference) .15.
    expect(get(best, 'returned_12m', 'race_ethnicity_aoic', 'black_african_american')).toMatchObject({ reference_group: 'asian', reference_rule: 'best-off group (lowest rate)' });
  });
});
