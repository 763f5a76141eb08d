// Scopes: the cases a page or report is about. Ids are canonical, a report's
// filter is measured as its own scope, the scope funnels add up to all cases, and
// a count hidden on one organisation's page cannot be recovered from the others.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ingestFile } from '../../pipeline/ingest/ingest.ts';
import { buildMeasures } from '../../pipeline/measures/build.ts';
import { scopeFile, scopeFilterOf, scopeId, scopeLabel } from '../../pipeline/measures/scopes.ts';
import { runDataTests } from '../../pipeline/warehouse/datatests.ts';
import { MODEL_TESTS } from '../../pipeline/model/tests.ts';
import { ConfigSchema } from '../../pipeline/config.ts';
import { publish } from '../../pipeline/publish/publish.ts';
import { audit, cellId, protect, ref, sumOf } from '../../pipeline/disclosure/index.ts';
import { funnelFragment, type FunnelCounts } from '../../pipeline/publish/protect-funnel.ts';
import { poolSmallScopes, scopeLinks, type PublishedScope, type ScopePool } from '../../pipeline/publish/published-scopes.ts';
import type { PublishedRate } from '../../pipeline/publish/published-rates.ts';
import { query, tempDir, tempWarehouse } from '../helpers.ts';

const FIXTURE = join(import.meta.dirname, '../fixtures/model/cases.csv');

describe('scope ids', () => {
  it('are canonical: keys in a fixed order, codes sorted and unique; no filter is all', () => {
    expect(scopeId({ service_area: ['housing'], county: ['53053', '53033', '53033'] })).toBe('service_area=housing;county=53033+53053');
    expect(scopeId({ county: ['53033', '53053'], service_area: ['housing'] })).toBe('service_area=housing;county=53033+53053');
    expect(scopeId({})).toBe('all');
    expect(scopeId({ organisation: [] })).toBe('all');
  });

  it('read back as the filter they stand for, and name it for people', () => {
    const filter = { service_area: ['housing'], program: ['org-a/eviction'] };
    expect(scopeFilterOf(scopeId(filter))).toEqual(filter);
    expect(scopeLabel(scopeId(filter))).toBe('Service area: housing; Program: org-a/eviction');
    expect(scopeFile('program=org-a/eviction')).toBe('scopes/program=org-a~eviction.json');
  });

  it('refuse a code that is not one, without echoing more than 40 characters', () => {
    expect(() => scopeId({ county: ["53033'; DROP TABLE cases; --"] })).toThrow(/scope filter county: '53033'; DROP TABLE cases; --' is not a code/);
  });
});

describe('scopes are protected together', () => {
  const funnel = (requests: number): FunnelCounts[] => [{ dimension: 'all', group_code: 'all', requests, accepted: 0, turned_away_capacity: 0, closed_accepted: 0, favourable: 0 }];
  const scope = (id: string, kind: 'organisation', requests: number) => ({ id, kind, funnel: funnel(requests), rates: [] });
  // All cases: 40 requests; organisation a: 5 (sensitive); organisation b: 35.
  const all = funnel(40);
  const scopes = [scope('organisation=a', 'organisation', 5), scope('organisation=b', 'organisation', 35)];
  const cells = [funnelFragment(all), ...scopes.map((s) => funnelFragment(s.funnel, s.id))].flatMap((f) => f.cells);
  const links = scopeLinks(all, scopes);

  it('links each count of all cases to the sum of the organisation scopes', () => {
    expect(links.find((c) => c.label === 'requests all=all: all cases = sum of organisation scopes')!.terms.map((t) => `${t.coef} ${t.cell.key}`))
      .toEqual(['1 all', '-1 organisation=a|all', '-1 organisation=b|all']);
  });

  it('hiding only the small cell leaks it by subtraction; protection hides a second one', async () => {
    const problem = { cells, constraints: links, k: 11 };
    const naive = await audit(problem, ['requests:organisation=a|all']);
    expect(naive.exposed.map((e) => e.id)).toEqual(['requests:organisation=a|all']);
    const result = await protect(problem);
    expect(result.status.get('requests:organisation=a|all')).toMatchObject({ state: 'suppressed', reason: 'primary' });
    const hidden = [...result.status].filter(([, s]) => s.state === 'suppressed').map(([id]) => id);
    expect(hidden.length).toBeGreaterThanOrEqual(2);
    expect((await audit(problem, hidden)).exposed).toEqual([]);
  });
});

describe('scopes end to end', () => {
  const K = 5;
  const config = ConfigSchema.parse({ disclosure: { k: K }, measures: { min_group_share: 0 } });
  const report = { service_area: ['housing'], organisation: ['org-a'] };
  let w: Awaited<ReturnType<typeof tempWarehouse>>;
  let out: string;
  beforeAll(async () => {
    w = await tempWarehouse();
    await ingestFile(w.connection, FIXTURE, { asOf: '2024-12-31' });
    await buildMeasures(w.connection, config, '2024-12-31', [report, { organisation: ['org-a'] }]);
    out = join(tempDir(), 'published');
  });
  afterAll(() => w.close());

  it('measures the site scopes and each report filter once; a filter equal to a site scope is that scope', async () => {
    const scopes = await query(w, `SELECT scope_id, scope_kind FROM intermediate.int_scopes ORDER BY 1`);
    const ids = scopes.map((s) => s.scope_id);
    expect(ids).toContain('all');
    expect(ids).toContain('organisation=org-a');
    expect(scopes.find((s) => s.scope_id === scopeId(report))).toEqual({ scope_id: 'service_area=housing;organisation=org-a', scope_kind: 'report' });
    expect(ids.filter((id) => id === 'organisation=org-a')).toHaveLength(1);
  });

  it('counts a report scope exactly as a direct count of its cases', async () => {
    const [direct] = await query(w, `SELECT count(*) AS requests, count(*) FILTER (WHERE is_favourable) AS favourable FROM staging.stg_cases WHERE service_area = 'housing' AND org_id = 'org-a'`);
    const [scoped] = await query(w, `SELECT requests, favourable FROM marts.mart_scope_funnel_counts WHERE scope_id = '${scopeId(report)}' AND dimension = 'all'`);
    expect(scoped).toEqual(direct);
    expect(direct.requests).toBeGreaterThan(0);
  });

  it('passes every model data test, including scopes adding up to all cases', async () => {
    const results = await runDataTests(w.connection, MODEL_TESTS);
    expect(results.filter((r) => r.status === 'fail').map((r) => r.name)).toEqual([]);
    expect(results.map((r) => r.name)).toContain('scopes_by_organisation_add_up_to_all_cases');
  });

  it('publishes an index and one file per scope, every count 0 or at least k', async () => {
    await runDataTests(w.connection);
    await publish(w.connection, config, out);
    const index: PublishedScope[] = JSON.parse(readFileSync(join(out, 'scopes.json'), 'utf8'));
    expect(index[0]).toEqual({ id: 'all', kind: 'all', label: 'All cases', filter: {}, file: 'group_rates.json', small_slice: false });
    // Every scope of the fixture has far fewer than 200 requests: its totals are shown, its breakdowns withheld, never shown as zero.
    for (const s of index.slice(1)) {
      expect(s.small_slice, s.id).toBe(true);
      for (const r of JSON.parse(readFileSync(join(out, s.file), 'utf8')) as PublishedRate[]) {
        if (r.dimension !== 'all') expect([r.numerator, r.denominator, r.rate, r.rate_status, r.suppression_reason]).toEqual([null, null, null, 'suppressed', 'small_slice']);
      }
    }
    const entry = index.find((s) => s.id === scopeId(report))!;
    expect(entry).toMatchObject({ kind: 'report', label: 'Service area: Housing; Organisation: org-a', filter: report });
    for (const s of index) {
      const rows = JSON.parse(readFileSync(join(out, s.file), 'utf8')) as Record<string, unknown>[];
      expect(rows.length).toBeGreaterThan(0);
      for (const r of rows) {
        if (s.id !== 'all') expect(r.scope).toBe(s.id);
        for (const key of ['numerator', 'denominator', 'requests']) {
          const v = r[key];
          if (typeof v === 'number') expect(v === 0 || v >= K, `${s.id} ${String(r.measure)} ${String(r.dimension)}=${String(r.group_code)}.${key} = ${v}`).toBe(true);
        }
      }
    }
  });

  it('names the cells of tables that do not add up, never their counts (errors reach logs)', async () => {
    const broken = {
      name: 'broken', read: async () => null, files: () => [],
      fragment: () => ({
        cells: [{ table: 't', key: 'all', value: 24 }, { table: 't', key: 'a', value: 3 }, { table: 't', key: 'b', value: 20 }],
        constraints: [sumOf(ref('t', 'all'), [ref('t', 'a'), ref('t', 'b')], 't total')],
      }),
    };
    const error = await publish(w.connection, config, join(tempDir(), 'p'), [broken]).then(() => null, (e: Error) => e);
    expect(error?.message).toBe('Publishing is blocked: the published tables are inconsistent (published values do not add up in t total). This is a bug in a publication\'s cells or equations; nothing was published.');
  });
});

describe('a site scope is the all-cases count of its organisation', () => {
  // The all-cases page shows organisation a's requests (5) as a breakdown; a's own page shows the same 5 as its total.
  const all: FunnelCounts[] = [
    { dimension: 'all', group_code: 'all', requests: 40, accepted: 0, turned_away_capacity: 0, closed_accepted: 0, favourable: 0 },
    { dimension: 'organisation', group_code: 'a', requests: 5, accepted: 0, turned_away_capacity: 0, closed_accepted: 0, favourable: 0 },
    { dimension: 'organisation', group_code: 'b', requests: 35, accepted: 0, turned_away_capacity: 0, closed_accepted: 0, favourable: 0 },
  ];
  const scope = (id: string, requests: number) => ({ id, kind: 'organisation' as const, funnel: [{ ...all[0], requests }], rates: [] });
  const scopes = [scope('organisation=a', 5), scope('organisation=b', 35)];
  const problem = { cells: [funnelFragment(all), ...scopes.map((s) => funnelFragment(s.funnel, s.id))].flatMap((f) => f.cells), constraints: [...funnelFragment(all).constraints, ...scopeLinks(all, scopes)], k: 11 };

  it('links the two, so that hiding the 5 on one page only is caught by the audit', async () => {
    expect(scopeLinks(all, scopes).map((c) => c.label)).toContain('requests: organisation=a = the all-cases organisation count');
    // Both of a's 5s hidden with b's on the all-cases page, but b's own page shows 35: 40 − 35 = 5.
    const { exposed } = await audit(problem, ['requests:organisation=a', 'requests:organisation=b', 'requests:organisation=a|all']);
    expect(exposed.map((e) => e.id).sort()).toEqual(['requests:organisation=a', 'requests:organisation=a|all']);
    const result = await protect(problem);
    const hidden = [...result.status].filter(([, s]) => s.state === 'suppressed').map(([id]) => id);
    expect((await audit(problem, hidden)).exposed).toEqual([]);
  });
});

// Small scopes show their totals only; their breakdowns are pooled per family
// (small-slices.ts). The pooled problem must tell an attacker exactly what the
// full one did about every published count: same interval for each hidden one.
type ScopeLike = Parameters<typeof poolSmallScopes>[0][number];

describe('small scopes', () => {
  const COLUMNS = ['requests', 'accepted', 'turned_away_capacity', 'closed_accepted', 'favourable'] as const;
  /** A funnel by gender (two groups) from each group's requests; later stages are fixed shares so they nest. */
  const funnelOf = (women: number, men: number): FunnelCounts[] => {
    const row = (dimension: string, group_code: string, n: number): FunnelCounts => {
      const accepted = Math.floor(n * 0.7), closed = Math.floor(accepted * 0.8);
      return { dimension, group_code, requests: n, accepted, turned_away_capacity: Math.floor((n - accepted) / 2), closed_accepted: closed, favourable: Math.floor(closed / 2) };
    };
    const w = row('gender', 'woman', women), m = row('gender', 'man', men);
    return [{ dimension: 'all', group_code: 'all', ...Object.fromEntries(COLUMNS.map((c) => [c, w[c] + m[c]])) } as FunnelCounts, w, m];
  };
  const sum = (xs: FunnelCounts[][]) => xs[0].map((r, i) => ({ ...r, ...Object.fromEntries(COLUMNS.map((c) => [c, xs.reduce((s, f) => s + f[i][c], 0)])) }) as FunnelCounts);

  it('pools the breakdowns of the small programs of an organisation, and withholds every breakdown of a small scope', () => {
    const p = (id: string, w: number, m: number) => ({ id: `program=org-a/${id}`, kind: 'program' as const, funnel: funnelOf(w, m), rates: [] });
    const programs = [p('big', 150, 120), p('tiny', 20, 10), p('small', 40, 30)];
    const org = { id: 'organisation=org-a', kind: 'organisation' as const, funnel: sum(programs.map((x) => x.funnel)), rates: [] };
    const { scopes, pools, withheld } = poolSmallScopes([org, ...programs], 200);
    expect(scopes.find((s) => s.id === 'program=org-a/tiny')!.funnel.map((r) => r.dimension)).toEqual(['all']);
    expect(scopes.find((s) => s.id === 'program=org-a/big')!.funnel).toHaveLength(3);
    expect(pools.map((x) => x.id)).toEqual(['program=org-a/(small)']);
    expect(pools[0].funnel.find((r) => r.group_code === 'woman')!.requests).toBe(60);
    expect(withheld).toHaveLength(2 * 2 * COLUMNS.length);
    const links = scopeLinks(funnelOf(170, 160), scopes, pools).map((c) => `${c.label}: ${c.terms.map((t) => `${t.coef} ${t.cell.key}`).join(' ')}`);
    expect(links).toContain('requests gender=woman: organisation=org-a = sum of its program scopes: 1 organisation=org-a|gender=woman -1 program=org-a/big|gender=woman -1 program=org-a/(small)|gender=woman');
    expect(links).toContain('requests: program=org-a/(small) = sum of its small scopes: 1 program=org-a/(small)|all -1 program=org-a/tiny|all -1 program=org-a/small|all');
  });

  it('leaves an attacker the same interval for every hidden published count as the full problem (property)', async () => {
    const size = fc.integer({ min: 0, max: 160 });
    await fc.assert(fc.asyncProperty(fc.array(fc.tuple(size, size), { minLength: 2, maxLength: 4 }), fc.array(fc.boolean(), { minLength: 200, maxLength: 200 }), async (areas, hide) => {
      const parts = areas.map(([w, m], i) => ({ id: `service_area=a${i}`, kind: 'service_area' as const, funnel: funnelOf(w, m), rates: [] }));
      const all = sum(parts.map((x) => x.funnel));
      const fragmentOf = (scopes: readonly ScopeLike[], pools: readonly ScopePool[]) => {
        const f = [funnelFragment(all), ...scopes.map((s) => funnelFragment(s.funnel, s.id)), ...pools.map((s) => funnelFragment(s.funnel, s.id))];
        const pooled = new Set(pools.flatMap((s) => funnelFragment(s.funnel, s.id).cells.map(cellId)));
        return { cells: f.flatMap((x) => x.cells).map((c) => (pooled.has(cellId(c)) ? { ...c, unpublished: true } : c)), constraints: [...f.flatMap((x) => x.constraints), ...scopeLinks(all, scopes, pools)] };
      };
      const full = fragmentOf(parts, []);
      const { scopes, pools, withheld } = poolSmallScopes(parts, 200);
      const pooled = fragmentOf(scopes, pools);
      const withheldIds = new Set(withheld.map(cellId));
      const shown = pooled.cells.filter((c) => !c.unpublished);
      const hidden = shown.filter((_, i) => hide[i % hide.length]).map(cellId);
      if (!hidden.length) return;
      const before = await audit({ ...full, k: 11 }, [...hidden, ...withheldIds]);
      const after = await audit({ ...pooled, k: 11 }, [...hidden, ...pooled.cells.filter((c) => c.unpublished).map(cellId)]);
      for (const id of hidden) {
        const a = before.intervals.get(id)!, b = after.intervals.get(id)!;
        expect([id, b.min, b.max]).toEqual([id, expect.closeTo(a.min, 6), a.max === Infinity ? Infinity : expect.closeTo(a.max, 6)]);
      }
    }), { numRuns: 25, seed: 20261123 });
  }, 60_000);
});
