// How quarterly series, trends and before/after estimates are assembled from the
// period counts: which quarters are partial, which points the fit sees, how the
// label follows the interval, and when an estimate is refused. The regressions
// themselves are tested against R in stats/.
import { describe, expect, it } from 'vitest';
import { computeTrends, type QuarterCounts } from '../../pipeline/measures/trends.ts';
import { computePolicyChange, type PeriodCounts, type PolicyChangeConfig } from '../../pipeline/measures/policy-changes.ts';
import { isPartialPeriod } from '../../pipeline/measures/periods.ts';
import { ConfigSchema } from '../../pipeline/config.ts';
import { interruptedTimeSeries, trend } from '../../pipeline/measures/stats/index.ts';

const config = ConfigSchema.parse({});
// quarter start, days covered, closed accepted, favourable (other stages: 2 × closed requests, all accepted).
const quarter = (group: string, start: string, observed: number, closed: number, favourable: number, days = 91): QuarterCounts => ({
  dimension: group === 'all' ? 'all' : 'gender', group_code: group, quarter: `${start.slice(0, 4)}-Q${(Number(start.slice(5, 7)) + 2) / 3}`, quarter_start: start,
  days_in_quarter: days, days_observed: observed, requests: 2 * closed, accepted: 2 * closed, turned_away_capacity: 0, closed_accepted: closed, favourable,
});

// 'all': rising 20% → 50%, but the data stop 20 days into 2024-Q1 (a partial quarter with an odd rate).
// 'woman': wobbles around 50% with a slightly positive point slope. 'man': falling 60% → 30%. 'man' also has
// only three quarters in the 'few' series below.
const COUNTS: QuarterCounts[] = [
  quarter('all', '2023-01-01', 90, 100, 20, 90), quarter('all', '2023-04-01', 91, 100, 30), quarter('all', '2023-07-01', 92, 100, 40, 92),
  quarter('all', '2023-10-01', 92, 100, 50, 92), quarter('all', '2024-01-01', 20, 10, 9),
  quarter('woman', '2023-01-01', 90, 100, 50, 90), quarter('woman', '2023-04-01', 91, 100, 53), quarter('woman', '2023-07-01', 92, 100, 47, 92),
  quarter('woman', '2023-10-01', 92, 100, 53, 92),
  quarter('man', '2023-01-01', 90, 100, 60, 90), quarter('man', '2023-04-01', 91, 100, 50), quarter('man', '2023-07-01', 92, 100, 41, 92),
  quarter('man', '2023-10-01', 92, 100, 30, 92),
];
const { rates, trends } = computeTrends(COUNTS, config);
const fav = (group: string) => trends.find((t) => t.measure === 'favourable_of_closed' && t.group_code === group)!;

describe('quarterly trends', () => {
  it('a quarter is partial when the data miss more than a week of it', () => {
    expect(isPartialPeriod(90, 90)).toBe(false);
    expect(isPartialPeriod(84, 91)).toBe(false); // a first weekday on the 8th: still whole
    expect(isPartialPeriod(83, 91)).toBe(true);
    expect(isPartialPeriod(20, 91)).toBe(true);
  });

  it('flags the partial quarter, keeps its rate, and leaves it out of the fit', () => {
    const last = rates.find((r) => r.measure === 'favourable_of_closed' && r.group_code === 'all' && r.quarter === '2024-Q1')!;
    expect(last).toMatchObject({ numerator: 9, denominator: 10, is_partial_quarter: true, used_in_trend: false, reliability: 'unstable' });
    expect(fav('all')).toMatchObject({ quarters_used: 4, partial_quarters_excluded: 1, first_quarter: '2023-Q1', last_quarter: '2023-Q4', status: 'estimated', direction: 'rising' });
    // The slope is the library's on the four whole quarters, one time unit per quarter.
    const expected = trend([{ t: 0, x: 20, n: 100 }, { t: 1, x: 30, n: 100 }, { t: 2, x: 40, n: 100 }, { t: 3, x: 50, n: 100 }]);
    if (!expected.ok) throw new Error('fixture');
    expect(fav('all').slope_logodds_per_quarter).toBeCloseTo(expected.slope.estimate, 12);
    expect(fav('all').slope_lower).toBeCloseTo(expected.slope.lower, 12);
    expect(fav('all').odds_ratio_per_quarter).toBeCloseTo(Math.exp(expected.slope.estimate), 12);
  });

  it('labels by the interval, not the point estimate', () => {
    const woman = fav('woman');
    expect(woman.slope_logodds_per_quarter).toBeGreaterThan(0);
    expect(woman.slope_lower!).toBeLessThan(0);
    expect(woman.direction).toBe('stable');
    expect(fav('man')).toMatchObject({ direction: 'falling' });
    expect(fav('man').slope_upper!).toBeLessThan(0);
  });

  it('has one row per measure, group and quarter, with a Wilson interval', () => {
    expect(rates).toHaveLength(4 * COUNTS.length);
    const r = rates.find((x) => x.measure === 'accepted_of_requests' && x.group_code === 'man' && x.quarter === '2023-Q2')!;
    expect([r.numerator, r.denominator, r.rate]).toEqual([200, 200, 1]);
  });

  it('refuses a trend on too few whole quarters and says why', () => {
    const few = computeTrends(COUNTS.filter((c) => c.group_code === 'all'), config).trends.find((t) => t.measure === 'favourable_of_closed')!;
    expect(few.status).toBe('estimated');
    const three = computeTrends(COUNTS.filter((c) => c.group_code === 'man' && c.quarter_start < '2023-10-01'), config).trends[0];
    expect(three).toMatchObject({ status: 'refused', direction: null, slope_logodds_per_quarter: null });
    expect(three.reason).toBe('no trend: 3 period(s) with cases; a trend needs at least 4');
  });
});

// Monthly counts of one area: 40% favourable for 12 months, then 25% (with a small wobble so the fit has residuals).
const month = (i: number, closed: number, favourable: number, observed?: number): PeriodCounts => {
  const start = `${2023 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}-01`;
  return { period_start: start, days_in_period: 30, days_observed: observed ?? 30, requests: closed, accepted: closed, turned_away_capacity: 0, closed_accepted: closed, favourable };
};
const WOBBLE = [3, -2, 1, -3, 2, 0, -1, 2, -2, 1, 3, -4];
const MONTHS = [...Array.from({ length: 12 }, (_, i) => month(i, 500, 200 + WOBBLE[i])), ...Array.from({ length: 8 }, (_, i) => month(12 + i, 500, 125 + WOBBLE[i]))];
const change = (extra: Partial<PolicyChangeConfig> = {}): PolicyChangeConfig => ({
  id: 'p', date: '2024-01-01', label: 'new rule', service_area: 'housing', measure: 'favourable_of_closed', period: 'month', min_points_per_side: 6, ...extra,
});

describe('policy change (interrupted time series)', () => {
  it('estimates the level change at the date, as the library does on the same months', () => {
    const r = computePolicyChange(change(), MONTHS, config);
    const lib = interruptedTimeSeries(MONTHS.map((m, i) => ({ t: 2023 * 12 + i, x: m.favourable, n: m.closed_accepted })), 12, { minPointsPerSide: 6 });
    if (!lib.ok) throw new Error('fixture');
    expect(r).toMatchObject({ status: 'estimated', periods_before: 12, periods_after: 8, periods_excluded: 0, level_change_direction: 'fell', first_period: '2023-01', last_period: '2024-08' });
    expect(r.level_change_logodds).toBeCloseTo(lib.levelChange.estimate, 12);
    expect(r.level_change_upper).toBeCloseTo(lib.levelChange.upper, 12);
    // logit(.25) − logit(.40) = −0.6931; the rate ratio 0.25/0.40 = 0.625 lies in its interval.
    expect(r.level_change_logodds!).toBeCloseTo(Math.log(1 / 3) - Math.log(0.4 / 0.6), 1);
    expect(r.rate_ratio_lower!).toBeLessThan(0.625);
    expect(r.rate_ratio_upper!).toBeGreaterThan(0.625);
  });

  it('leaves out partial edge months and a month the date cuts in two', () => {
    const withPartial = [month(-1 + 0, 500, 200, 10), ...MONTHS.slice(1)];
    expect(computePolicyChange(change(), withPartial, config)).toMatchObject({ periods_before: 11, periods_excluded: 1 });
    expect(computePolicyChange(change({ date: '2024-01-15' }), MONTHS, config)).toMatchObject({ periods_before: 12, periods_after: 7, periods_excluded: 1 });
  });

  it('refuses with too few periods on either side, with the counts and no number', () => {
    const r = computePolicyChange(change({ min_points_per_side: 9 }), MONTHS, config);
    expect(r).toMatchObject({ status: 'refused', level_change_logodds: null, rate_ratio_at_date: null, periods_before: 12, periods_after: 8 });
    expect(r.reason).toContain('too few months to estimate a before/after change: 12 month(s) with cases before 2024-01-01 and 8 after; at least 9 are needed on each side');
  });

  it('refuses when the area has no cases at all', () => {
    expect(computePolicyChange(change(), [], config)).toMatchObject({ status: 'refused', reason: 'no cases in service area housing: nothing to compare before and after 2024-01-01' });
  });
});
