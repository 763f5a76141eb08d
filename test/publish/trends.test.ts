// The trends publication on a hand-made series: veterans in four quarters, the
// first with 5 requests. The Outcomes page publishes the all-period count (245)
// and each quarter's total, so hiding only the 5 gives it away by subtraction
// (245 − 3 × 80, or the quarter's total − the non-veterans); protection hides
// more, the LP audit finds nothing exposed, and every rate, trend and
// before/after estimate built from a hidden count is withheld with it.
import { describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { audit, cellId, protect } from '../../pipeline/disclosure/index.ts';
import { ConfigSchema } from '../../pipeline/config.ts';
import { computeTrends, type QuarterCounts } from '../../pipeline/measures/trends.ts';
import { computePolicyChange, type PeriodCounts } from '../../pipeline/measures/policy-changes.ts';
import { MEASURES } from '../../pipeline/measures/group-rates.ts';
import { cellKey, COUNT_COLUMNS, funnelFragment, type FunnelCounts } from '../../pipeline/publish/protect-funnel.ts';
import { joinFragments, type StatusOf } from '../../pipeline/publish/publication.ts';
import { completeQuarters, quarterKey, trendsFragment, trendsPublication, type PublishedTrends, type TrendsData } from '../../pipeline/publish/published-trends.ts';
import { scanForLeaks } from '../../pipeline/publish/scan.ts';
import { tempDir } from '../helpers.ts';

const K = 11;
const config = ConfigSchema.parse({ disclosure: { k: K } });
const QUARTERS = [['2024-Q1', '2024-01-01', 91], ['2024-Q2', '2024-04-01', 91], ['2024-Q3', '2024-07-01', 92], ['2024-Q4', '2024-10-01', 92]] as const;

type Funnel = [requests: number, accepted: number, turned_away_capacity: number, closed_accepted: number, favourable: number];
const row = (dimension: string, group_code: string, q: number, [requests, accepted, turned_away_capacity, closed_accepted, favourable]: Funnel): QuarterCounts => ({
  dimension, group_code, quarter: QUARTERS[q][0], quarter_start: QUARTERS[q][1], days_in_quarter: QUARTERS[q][2], days_observed: QUARTERS[q][2],
  requests, accepted, turned_away_capacity, closed_accepted, favourable,
});
const add = (a: Funnel, b: Funnel) => a.map((x, i) => x + b[i]) as Funnel;

// Veterans: 5 requests in 2024-Q1 (every count of that quarter sensitive), 80 in each later one.
// Non-veterans: 200 a quarter. 'Gender' (select all that apply) has one group, woman, with
// no case at all in 2024-Q4: the mart has no row for it there.
const YES: Funnel[] = [[5, 4, 1, 3, 2], [80, 60, 15, 50, 25], [80, 60, 15, 50, 30], [80, 60, 15, 50, 35]];
const NO: Funnel[] = [[200, 150, 40, 120, 60], [200, 150, 40, 120, 66], [200, 150, 40, 120, 72], [200, 150, 40, 120, 78]];
const WOMAN: Funnel[] = [[100, 80, 20, 60, 30], [100, 80, 20, 60, 30], [100, 80, 20, 60, 30]];
const MART: QuarterCounts[] = [
  ...YES.map((f, q) => row('all', 'all', q, add(f, NO[q]))),
  ...YES.map((f, q) => row('veteran', 'yes', q, f)),
  ...NO.map((f, q) => row('veteran', 'no', q, f)),
  ...WOMAN.map((f, q) => row('gender', 'woman', q, f)),
];

/** The all-period funnel group_rates publishes: each series summed over quarters, and all cases by quarter. */
function funnelOf(counts: readonly QuarterCounts[]): FunnelCounts[] {
  const sums = new Map<string, FunnelCounts>();
  const put = (dimension: string, group_code: string, c: QuarterCounts) => {
    const f = sums.get(`${dimension}=${group_code}`) ?? { dimension, group_code, requests: 0, accepted: 0, turned_away_capacity: 0, closed_accepted: 0, favourable: 0 };
    for (const column of COUNT_COLUMNS) f[column] += c[column];
    sums.set(`${dimension}=${group_code}`, f);
  };
  for (const c of counts) {
    put(c.dimension, c.group_code, c);
    if (c.dimension === 'all') put('quarter', c.quarter, c);
  }
  return [...sums.values()];
}

// A before/after estimate counted by quarter on all cases: two quarters a side are too few, so it is refused, with its reason.
const CHANGE = { id: 'q-change', date: '2024-07-01', label: 'New intake rule', measure: 'favourable_of_closed' as const, period: 'quarter' as const, min_points_per_side: 3, service_area: undefined };
const ALL_QUARTERS: PeriodCounts[] = MART.filter((c) => c.dimension === 'all').map((c) => ({ ...c, period_start: c.quarter_start, days_in_period: c.days_in_quarter }));
const { rates, trends } = computeTrends(MART, config);
const complete = completeQuarters(MART, rates, config);
const funnel = funnelOf(MART).filter((f) => f.dimension !== 'quarter');
const data: TrendsData = {
  ...complete, funnel, trends,
  effects: [computePolicyChange(CHANGE, ALL_QUARTERS, config)], periods: { 'q-change': ALL_QUARTERS },
};
const problem = { ...joinFragments([funnelFragment(funnelOf(MART)), trendsFragment(data)]), k: K };

describe('trends publication', () => {
  it('fills a quarter without cases with zeros, published as no cases rather than a gap', () => {
    expect(complete.counts.find((c) => c.dimension === 'gender' && c.quarter === '2024-Q4')).toMatchObject({ requests: 0, favourable: 0 });
    expect(complete.rates.filter((r) => r.dimension === 'gender' && r.quarter === '2024-Q4')).toHaveLength(MEASURES.length);
  });

  it('uses the Outcomes page\'s cells for all cases by quarter and for each all-period count', () => {
    const keys = new Set(problem.cells.map(cellId));
    expect(keys.has(`requests:${cellKey('quarter', '2024-Q1')}`)).toBe(true);
    expect(quarterKey('2024-Q1', 'all', 'all')).toBe(cellKey('quarter', '2024-Q1'));
    expect(problem.cells.filter((c) => c.table === 'requests' && c.key.startsWith('quarter=2024-Q1')).map((c) => c.key).sort())
      .toEqual(['quarter=2024-Q1', 'quarter=2024-Q1|gender=woman', 'quarter=2024-Q1|veteran=no', 'quarter=2024-Q1|veteran=yes']);
    const labels = problem.constraints.map((c) => c.label);
    expect(labels).toContain('requests veteran=yes: sum of quarters');
    expect(labels).toContain('requests gender=woman: sum of quarters');
    expect(labels).toContain('requests by veteran in 2024-Q1');
    // Gender is select-all-that-apply: its groups do not add up to the quarter's total.
    expect(labels).not.toContain('requests by gender in 2024-Q1');
  });

  it('hiding only the small quarter gives it away by subtraction; protection hides more and the audit finds nothing', async () => {
    const small = COUNT_COLUMNS.map((column) => `${column}:${quarterKey('2024-Q1', 'veteran', 'yes')}`);
    const naive = await audit(problem, small);
    expect(naive.exposed.map((e) => e.id).sort()).toEqual([...small].sort());

    const result = await protect(problem);
    for (const id of small) expect(result.status.get(id)).toMatchObject({ state: 'suppressed', reason: 'primary' });
    const hidden = [...result.status].filter(([, s]) => s.state === 'suppressed').map(([id]) => id);
    expect(hidden.length).toBeGreaterThan(small.length);
    expect((await audit(problem, hidden)).exposed).toEqual([]);
  });

  it('withholds every rate, trend and estimate built from a hidden count, and publishes no small count', async () => {
    const result = await protect(problem);
    const status: StatusOf = (table, key) => result.status.get(`${table}:${key}`)!;
    const isHidden = (column: string, q: string, d: string, g: string) => status(column, quarterKey(q, d, g)).state === 'suppressed';
    const [file] = trendsPublication.files(data, status, config);
    const body = file.body as PublishedTrends;

    for (const r of body.rates) {
      const m = MEASURES.find((x) => x.id === r.measure)!;
      const off = isHidden(m.numerator, r.quarter, r.dimension, r.group_code) || isHidden(m.denominator, r.quarter, r.dimension, r.group_code);
      expect(r.rate_status === 'suppressed', `${r.measure} ${r.dimension}=${r.group_code} ${r.quarter}`).toBe(off);
      if (off) expect([r.rate, r.rate_lower, r.rate_upper, r.suppression_reason === null]).toEqual([null, null, null, false]);
    }
    expect(body.rates.find((r) => r.measure === 'favourable_of_closed' && r.group_code === 'yes' && r.quarter === '2024-Q1'))
      .toMatchObject({ numerator: null, denominator: null, rate: null, rate_status: 'suppressed', suppression_reason: 'small_denominator' });
    expect(body.rates.find((r) => r.measure === 'accepted_of_requests' && r.group_code === 'woman' && r.quarter === '2024-Q4'))
      .toMatchObject({ numerator: 0, denominator: 0, rate: null, rate_status: 'no_cases' });

    for (const t of body.trends) {
      const m = MEASURES.find((x) => x.id === t.measure)!;
      const off = QUARTERS.some(([q]) => isHidden(m.numerator, q, t.dimension, t.group_code) || isHidden(m.denominator, q, t.dimension, t.group_code));
      expect(t.status === 'suppressed', `${t.measure} ${t.dimension}=${t.group_code}`).toBe(off);
      if (off) expect([t.slope_logodds_per_quarter, t.odds_ratio_per_quarter, t.direction, t.quarters_used, t.suppression_reason]).toEqual([null, null, null, null, 'series_incomplete']);
    }
    expect(body.trends.filter((t) => t.group_code === 'yes').map((t) => t.status)).toEqual(MEASURES.map(() => 'suppressed'));
    // Four whole quarters with cases: all cases' trends are estimated and labelled by their interval.
    expect(body.trends.filter((t) => t.dimension === 'all').every((t) => t.status === 'estimated' && t.direction !== null)).toBe(true);
    // Too few quarters for a before/after: refused with its reason, and the reason published.
    expect(body.policy_changes[0]).toMatchObject({ status: 'refused', suppression_reason: null });
    expect(body.policy_changes[0].reason).toMatch(/too few quarters/);

    const dir = join(tempDir(), 'published');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'trends.json'), JSON.stringify(body));
    expect(await scanForLeaks(dir, K)).toEqual([]);
  });

  it('withholds a before/after estimate counted by month when a month of its series is small, as such months are never published', () => {
    const month = (start: string, closed: number): PeriodCounts => ({ period_start: start, days_in_period: 30, days_observed: 30, requests: closed * 2, accepted: closed * 2, turned_away_capacity: 0, closed_accepted: closed, favourable: Math.round(closed / 2) });
    const months = Array.from({ length: 12 }, (_, i) => month(`2024-${String(i + 1).padStart(2, '0')}-01`, 40 + i));
    const change = { ...CHANGE, id: 'm-change', period: 'month' as const, min_points_per_side: 4 };
    const allOpen = (() => ({ state: 'ok' })) as StatusOf;
    const publishWith = (series: PeriodCounts[]) => {
      const d = { ...data, effects: [computePolicyChange(change, series, config)], periods: { 'm-change': series } };
      return (trendsPublication.files(d, allOpen, config)[0].body as PublishedTrends).policy_changes[0];
    };
    const fine = publishWith(months);
    expect(fine).toMatchObject({ status: 'estimated', suppression_reason: null });
    expect(fine.level_change_odds_ratio).not.toBeNull();
    const small = publishWith(months.map((m, i) => (i === 3 ? { ...m, closed_accepted: 7, favourable: 3, requests: 14, accepted: 14 } : m)));
    expect(small).toMatchObject({ status: 'suppressed', suppression_reason: 'series_incomplete', level_change_odds_ratio: null, rate_ratio_at_date: null, periods_before: null, first_period: null });
    expect(small.reason).toMatch(/a month of the series has fewer than 11 cases/);
    // A series that was not read cannot be checked, so the estimate is withheld.
    const unread = { ...data, effects: [computePolicyChange(change, months, config)], periods: {} };
    expect((trendsPublication.files(unread, allOpen, config)[0].body as PublishedTrends).policy_changes[0]).toMatchObject({ status: 'suppressed', level_change_odds_ratio: null });
  });
});
