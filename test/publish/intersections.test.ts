// The intersections publication on hand-made tables: which equations an attacker
// gets (the one-way funnel cells are each pair's margins over a single-valued
// breakdown, never over race or gender alone or in combination), a small cell
// recovered by subtraction from its one-way count when hidden alone and
// protected by protect(), the cell shared with a service area's page, and every
// figure built from a hidden count hidden with it.
import { describe, expect, it } from 'vitest';
import { audit, cellId, protect, type CellStatus } from '../../pipeline/disclosure/index.ts';
import { ConfigSchema } from '../../pipeline/config.ts';
import { computeIntersections, type IntersectionStratum } from '../../pipeline/measures/intersections.ts';
import { joinFragments } from '../../pipeline/publish/publication.ts';
import { cellKey, countFragment, funnelFragment } from '../../pipeline/publish/protect-funnel.ts';
import { intersectionFragment, intersectionKey, publishIntersections } from '../../pipeline/publish/published-intersections.ts';

const K = 11;
const config = ConfigSchema.parse({});
const COLUMNS = ['closed_accepted', 'favourable'] as const;

// Race alone (a, b) × veteran (yes, no, not_recorded): closed accepted (favourable).
//            yes       no        not_recorded | one-way
//   a        3 (2)     40 (20)   30 (15)      | 73 (37)
//   b        30 (15)   50 (25)   35 (20)      | 115 (60)
//   one-way  33 (17)   90 (45)   65 (35)      | 188 (97)
const CELLS: [string, string, number, number][] = [
  ['a', 'yes', 3, 2], ['a', 'no', 40, 20], ['a', 'not_recorded', 30, 15],
  ['b', 'yes', 30, 15], ['b', 'no', 50, 25], ['b', 'not_recorded', 35, 20],
];
const strata: IntersectionStratum[] = CELLS.map(([a, b, n, x]) => ({ dimension_a: 'race_ethnicity_alone', group_a: a, dimension_b: 'veteran', group_b: b, service_area: 'housing', org_id: 'org-a', closed_accepted: n, favourable: x }));
const rows = computeIntersections(strata, new Map([['race_ethnicity_alone', 'b'], ['veteran', 'no']]), config);
const oneWay = (dimension: string, group: string, closed: number, favourable: number) => ({ dimension, group_code: group, closed_accepted: closed, favourable });
const funnel = [
  oneWay('all', 'all', 188, 97), oneWay('race_ethnicity_alone', 'a', 73, 37), oneWay('race_ethnicity_alone', 'b', 115, 60),
  oneWay('veteran', 'yes', 33, 17), oneWay('veteran', 'no', 90, 45), oneWay('veteran', 'not_recorded', 65, 35),
];
const problem = { ...joinFragments([countFragment(funnel, COLUMNS), intersectionFragment(rows)]), k: K };
const small = (column: string) => `${column}:${intersectionKey('race_ethnicity_alone', 'a', 'veteran', 'yes')}`;

describe('intersection cells and equations', () => {
  it('keys a cell as the count of one group within the other; by service area, as that area’s page does', () => {
    expect(intersectionKey('race_ethnicity_alone', 'a', 'veteran', 'yes')).toBe('race_ethnicity_alone=a|veteran=yes');
    expect(intersectionKey('age_band', '25-34', 'service_area', 'housing')).toBe(cellKey('age_band', '25-34', 'service_area=housing'));
  });

  it('two single-valued breakdowns: every row and column of the pair adds up to a one-way funnel cell', () => {
    const labels = intersectionFragment(rows).constraints.map((c) => c.label);
    expect(labels.filter((l) => l!.startsWith('closed_accepted')).sort()).toEqual([
      'closed_accepted race_ethnicity_alone=a = sum over veteran', 'closed_accepted race_ethnicity_alone=b = sum over veteran',
      'closed_accepted veteran=no = sum over race_ethnicity_alone', 'closed_accepted veteran=not_recorded = sum over race_ethnicity_alone', 'closed_accepted veteran=yes = sum over race_ethnicity_alone',
    ]);
    const row = intersectionFragment(rows).constraints.find((c) => c.label === 'closed_accepted race_ethnicity_alone=a = sum over veteran')!;
    expect(row.terms.map((t) => `${t.coef} ${cellId(t.cell)}`)).toEqual([
      '1 closed_accepted:race_ethnicity_alone=a', '-1 closed_accepted:race_ethnicity_alone=a|veteran=no', '-1 closed_accepted:race_ethnicity_alone=a|veteran=not_recorded', '-1 closed_accepted:race_ethnicity_alone=a|veteran=yes',
    ]);
  });

  it('alone or in combination does not add up: only the sums over the single-valued breakdown are equations', () => {
    const pair = (da: string, ga: string, db: string, gb: string, n: number) => ({ dimension_a: da, group_a: ga, dimension_b: db, group_b: gb, numerator: 0, denominator: n });
    // A client who names two genders counts in both: gender=woman's cells add up over race alone, not the reverse.
    const mixed = intersectionFragment([pair('race_ethnicity_alone', 'a', 'gender', 'woman', 20), pair('race_ethnicity_alone', 'a', 'gender', 'transgender', 4), pair('race_ethnicity_alone', 'b', 'gender', 'woman', 30)]);
    expect(mixed.constraints.map((c) => c.label).filter((l) => l!.startsWith('closed_accepted')).sort()).toEqual([
      'closed_accepted gender=transgender = sum over race_ethnicity_alone', 'closed_accepted gender=woman = sum over race_ethnicity_alone',
    ]);
    const both = intersectionFragment([pair('race_ethnicity_aoic', 'a', 'gender', 'woman', 20), pair('race_ethnicity_aoic', 'b', 'gender', 'woman', 30)]);
    expect(both.constraints).toEqual([]);
  });

  it('a breakdown by service area is the same cell as the service area page’s, held once', () => {
    const scope = funnelFragment([{ dimension: 'age_band', group_code: '25-34', requests: 40, accepted: 30, turned_away_capacity: 2, closed_accepted: 25, favourable: 12 }], 'service_area=housing');
    const cross = intersectionFragment([{ dimension_a: 'age_band', group_a: '25-34', dimension_b: 'service_area', group_b: 'housing', numerator: 12, denominator: 25 }]);
    const joined = joinFragments([scope, cross]);
    expect(joined.cells.filter((c) => c.key === 'service_area=housing|age_band=25-34' && c.table === 'closed_accepted')).toHaveLength(1);
    const wrong = intersectionFragment([{ dimension_a: 'age_band', group_a: '25-34', dimension_b: 'service_area', group_b: 'housing', numerator: 12, denominator: 26 }]);
    expect(() => joinFragments([scope, wrong])).toThrow(/shown with two different values/);
  });
});

describe('intersections of small groups', () => {
  // Requests of each one-way group: veteran=yes has 150, under the 200 needed to be broken down.
  const requests = new Map([['race_ethnicity_alone|a', 300], ['race_ethnicity_alone|b', 400], ['veteran|yes', 150], ['veteran|no', 350], ['veteran|not_recorded', 250]]);

  it('withholds the cells of a small group and declares their pooled sums with the margins', () => {
    const f = intersectionFragment(rows, { requests, minRequests: 200 });
    expect(f.withheld!.map(cellId).sort()).toEqual(['closed_accepted:race_ethnicity_alone=a|veteran=yes', 'closed_accepted:race_ethnicity_alone=b|veteran=yes', 'favourable:race_ethnicity_alone=a|veteran=yes', 'favourable:race_ethnicity_alone=b|veteran=yes']);
    // With one small column, its pool is the column itself: 3 + 30 closed, 2 + 15 favourable, never shown.
    expect(f.cells.filter((c) => c.unpublished).map((c) => `${cellId(c)}=${c.value}`).sort()).toEqual([
      'closed_accepted:race_ethnicity_alone=a|veteran=(small)=3', 'closed_accepted:race_ethnicity_alone=b|veteran=(small)=30',
      'favourable:race_ethnicity_alone=a|veteran=(small)=2', 'favourable:race_ethnicity_alone=b|veteran=(small)=15',
    ]);
    expect(f.constraints.map((c) => c.label)).toContain('closed_accepted veteran=(small) = sum over race_ethnicity_alone');
    // The 3 closed is now a pooled cell: protected like a shown one, so hiding it alone still leaks it.
    const pooled = { ...joinFragments([countFragment(funnel, COLUMNS), f]), k: K };
    expect(pooled.cells.find((c) => c.key === 'race_ethnicity_alone=a|veteran=(small)' && c.table === 'closed_accepted')!.value).toBe(3);
  });

  it('by service area, only the service area’s size counts: its page shows every group', () => {
    const cross = (group: string, area: string, n: number) => ({ dimension_a: 'age_band', group_a: group, dimension_b: 'service_area', group_b: area, numerator: 1, denominator: n });
    const sizes = new Map([['age_band|18-24', 50], ['age_band|25-34', 500], ['service_area|housing', 600], ['service_area|family', 90], ['service_area|health', 120]]);
    const f = intersectionFragment([cross('18-24', 'housing', 20), cross('25-34', 'housing', 200), cross('18-24', 'family', 5), cross('25-34', 'family', 40), cross('25-34', 'health', 50)], { requests: sizes, minRequests: 200 });
    // 18-24 has 50 requests but stays, within housing; family and health are pooled as service_area=(small).
    expect(f.cells.filter((c) => !c.unpublished && c.table === 'closed_accepted').map((c) => c.key).sort()).toEqual(['service_area=housing|age_band=18-24', 'service_area=housing|age_band=25-34']);
    expect(f.cells.filter((c) => c.unpublished && c.table === 'closed_accepted').map((c) => `${c.key}=${c.value}`).sort()).toEqual(['service_area=(small)|age_band=18-24=5', 'service_area=(small)|age_band=25-34=90']);
  });
});

describe('intersections protected against subtraction from the one-way counts', () => {
  it('hiding only the small cell: 73 − 40 − 30 = 3 closed, 37 − 20 − 15 = 2 favourable', async () => {
    const { exposed } = await audit(problem, [small('closed_accepted'), small('favourable')]);
    expect(exposed.map((e) => [e.id, e.min, e.max])).toEqual([[small('closed_accepted'), 3, 3], [small('favourable'), 2, 2]]);
  });

  it('protect() hides a second column of the pair (never a one-way count), and the audit finds nothing', async () => {
    const result = await protect(problem);
    const hidden = [...result.status].filter(([, s]) => s.state === 'suppressed').map(([id]) => id);
    expect(hidden.some((id) => !id.includes('|'))).toBe(false); // the page's one-way figures all stay
    expect(hidden.filter((id) => id.startsWith('closed_accepted')).length).toBe(4); // a 2×2 rectangle
    expect((await audit(problem, hidden)).exposed).toEqual([]);
  });
});

describe('published intersections', () => {
  const statusOf = (hidden: string[]) => (table: string, key: string): CellStatus =>
    hidden.includes(`${table}:${key}`) ? { state: 'suppressed', reason: key.endsWith('veteran=yes') && key.includes('=a|') ? 'primary' : 'complementary' } : { state: 'ok' };
  const at = (published: ReturnType<typeof publishIntersections>, a: string, b: string) => published.find((r) => r.group_a === a && r.group_b === b)!;

  it('a hidden denominator hides the rate, its interval, ratio and p-values, saying why', () => {
    const published = publishIntersections(rows, statusOf([small('closed_accepted'), small('favourable')]));
    expect(at(published, 'a', 'yes')).toMatchObject({ numerator: null, denominator: null, rate: null, rate_lower: null, rate_status: 'suppressed', suppression_reason: 'small_denominator', rate_ratio: null, p_value: null, adjusted_ratio: null });
    expect(at(published, 'a', 'no')).toMatchObject({ numerator: 20, denominator: 40, rate_status: 'ok', ratio_status: 'ok' });
  });

  it('a ratio whose reference cell is hidden is hidden too, though its own rate is shown', () => {
    const ref = (c: string) => `${c}:${intersectionKey('race_ethnicity_alone', 'b', 'veteran', 'no')}`;
    const published = publishIntersections(rows, statusOf([ref('closed_accepted'), ref('favourable')]));
    expect(at(published, 'b', 'no')).toMatchObject({ is_reference: true, rate: null, ratio_status: 'suppressed' });
    const other = at(published, 'a', 'no');
    expect(other.rate).toBeCloseTo(0.5, 12);
    expect(other).toMatchObject({ rate_ratio: null, ratio_lower: null, p_adjusted: null, ratio_status: 'suppressed', ratio_suppression_reason: 'reference_suppressed' });
  });
});
