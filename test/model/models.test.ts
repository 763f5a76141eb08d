// The SQL models on eight hand-made cases (test/fixtures/model/cases.csv), with
// every expected count worked out by hand from the fixture.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { ingestFile } from '../../pipeline/ingest/ingest.ts';
import { buildModels } from '../../pipeline/model/build.ts';
import { buildMeasures } from '../../pipeline/measures/build.ts';
import { ConfigSchema } from '../../pipeline/config.ts';
import { MODEL_TESTS } from '../../pipeline/model/tests.ts';
import { runDataTests } from '../../pipeline/warehouse/datatests.ts';
import { query, tempWarehouse } from '../helpers.ts';

const FIXTURE = join(import.meta.dirname, '../fixtures/model/cases.csv');
let w: Awaited<ReturnType<typeof tempWarehouse>>;
const counts = (dimension: string) =>
  query(w, `SELECT group_code, requests, accepted, turned_away_capacity AS capacity, closed_accepted AS closed, favourable FROM marts.mart_funnel_counts WHERE dimension = '${dimension}' ORDER BY group_code`);

describe('SQL models', () => {
  beforeAll(async () => {
    w = await tempWarehouse();
    const r = await ingestFile(w.connection, FIXTURE, { asOf: '2024-12-31' });
    expect(r.loaded).toBe(8);
    await buildModels(w.connection, { favourableOutcomes: ['achieved', 'partially_achieved'], asOf: '2024-12-31' });
  });
  afterAll(() => w.close());

  it('counts the funnel overall: 8 requests, 6 accepted, 1 turned away for capacity, 5 closed accepted, 3 favourable', async () => {
    expect(await counts('all')).toEqual([{ group_code: 'all', requests: 8, accepted: 6, capacity: 1, closed: 5, favourable: 3 }]);
  });

  it('breaks race down alone (multiracial as one group) and alone or in combination', async () => {
    expect(await counts('race_ethnicity_alone')).toEqual([
      { group_code: 'black_african_american', requests: 2, accepted: 1, capacity: 1, closed: 1, favourable: 0 }, // M-0002, M-0005
      { group_code: 'hispanic_latino', requests: 1, accepted: 1, capacity: 0, closed: 1, favourable: 1 }, // M-0008
      { group_code: 'multiracial', requests: 1, accepted: 1, capacity: 0, closed: 1, favourable: 1 }, // M-0003
      { group_code: 'not_recorded', requests: 1, accepted: 0, capacity: 0, closed: 0, favourable: 0 }, // M-0007
      { group_code: 'not_reported', requests: 1, accepted: 1, capacity: 0, closed: 1, favourable: 0 }, // M-0006
      { group_code: 'white', requests: 2, accepted: 2, capacity: 0, closed: 1, favourable: 1 }, // M-0001, M-0004 (open)
    ]);
    expect(await counts('race_ethnicity_aoic')).toEqual([
      { group_code: 'black_african_american', requests: 3, accepted: 2, capacity: 1, closed: 2, favourable: 1 }, // + M-0003
      { group_code: 'hispanic_latino', requests: 2, accepted: 2, capacity: 0, closed: 2, favourable: 2 }, // M-0003, M-0008
      { group_code: 'not_recorded', requests: 1, accepted: 0, capacity: 0, closed: 0, favourable: 0 },
      { group_code: 'not_reported', requests: 1, accepted: 1, capacity: 0, closed: 1, favourable: 0 },
      { group_code: 'white', requests: 2, accepted: 2, capacity: 0, closed: 1, favourable: 1 },
    ]);
  });

  it('keeps not_reported and not_recorded as groups of their own', async () => {
    const age = await counts('age_band');
    expect(age.map((r) => [r.group_code, r.requests])).toEqual([['25-34', 2], ['35-44', 2], ['45-54', 2], ['not_recorded', 1], ['not_reported', 1]]);
  });

  it('counts program within organisation and quarters of opening', async () => {
    expect((await counts('program')).map((r) => [r.group_code, r.requests])).toEqual([['org-a/eviction', 5], ['org-a/snap', 2], ['org-b/snap', 1]]);
    expect((await counts('quarter')).map((r) => [r.group_code, r.requests])).toEqual([['2024-Q1', 5], ['2024-Q2', 3]]);
  });

  it('a report may count only achieved as favourable', async () => {
    await buildModels(w.connection, { favourableOutcomes: ['achieved'], asOf: '2024-12-31' });
    expect((await counts('all'))[0].favourable).toBe(2);
    await buildModels(w.connection, { favourableOutcomes: ['achieved', 'partially_achieved'], asOf: '2024-12-31' });
  });

  it('derives days to close and censors open cases at the as-of day', async () => {
    expect(await query(w, `SELECT case_id, days_to_close, days_open_so_far FROM staging.stg_cases WHERE case_id IN ('M-0001', 'M-0004') ORDER BY 1`)).toEqual([
      { case_id: 'M-0001', days_to_close: 31, days_open_so_far: null },
      { case_id: 'M-0004', days_to_close: null, days_open_so_far: 334 }, // 2024-02-01 to 2024-12-31
    ]);
  });

  it('passes every model data test, and a broken mart fails one', async () => {
    await buildMeasures(w.connection, ConfigSchema.parse({}), '2024-12-31');
    expect((await runDataTests(w.connection, MODEL_TESTS)).filter((t) => t.status === 'fail')).toEqual([]);
    await w.connection.run(`UPDATE marts.mart_funnel_counts SET favourable = favourable + 5 WHERE dimension = 'gender' AND group_code = 'man'`);
    const failed = (await runDataTests(w.connection, MODEL_TESTS)).filter((t) => t.status === 'fail').map((t) => t.name);
    // The scope funnels no longer add up to the broken all-cases funnel either.
    expect(failed).toEqual(['group_rates_match_funnel_counts', 'funnel_stages_never_grow', 'strata_add_up_to_funnel', 'scopes_by_service_area_add_up_to_all_cases', 'scopes_by_organisation_add_up_to_all_cases', 'scopes_by_program_add_up_to_all_cases', 'quarterly_counts_add_up_to_funnel']);
  });

  it('builds empty returns marts when no case has returns (data that is not from HMIS)', async () => {
    await buildMeasures(w.connection, ConfigSchema.parse({}), '2024-12-31');
    expect(await query(w, `SELECT (SELECT count(*) FROM main.case_returns) AS loaded, (SELECT count(*) FROM staging.stg_case_returns) AS staged,
                                  (SELECT count(*) FROM marts.mart_return_counts) AS counts, (SELECT count(*) FROM marts.return_rates) AS rates`))
      .toEqual([{ loaded: 0, staged: 0, counts: 0, rates: 0 }]);
  });

  it('drops tables of models that no longer exist, so no stale mart can be read', async () => {
    await w.connection.run(`CREATE TABLE marts.mart_outcome_counts AS SELECT 1 AS x`);
    await buildModels(w.connection, { favourableOutcomes: ['achieved', 'partially_achieved'], asOf: '2024-12-31' });
    expect(await query(w, `SELECT table_name FROM duckdb_tables() WHERE schema_name = 'marts' AND table_name = 'mart_outcome_counts'`)).toEqual([]);
    expect((await query(w, `SELECT count(*) AS n FROM marts.mart_funnel_counts`))[0].n).toBeGreaterThan(0);
  });

  it('refuses an unknown favourable outcome with a clear message', async () => {
    await expect(buildModels(w.connection, { favourableOutcomes: ['won'], asOf: '2024-12-31' })).rejects.toThrow("favourable outcome 'won' is not an outcome code");
  });
});

describe('mart exports', () => {
  it('writes each mart as Parquet with a manifest, byte-identical across runs on the same data', async () => {
    const { exportMarts } = await import('../../pipeline/model/export.ts');
    const { tempDir } = await import('../helpers.ts');
    const w2 = await tempWarehouse();
    try {
      await ingestFile(w2.connection, FIXTURE, { asOf: '2024-12-31' });
      await buildMeasures(w2.connection, ConfigSchema.parse({}), '2024-12-31');
      const first = await exportMarts(w2.connection, tempDir());
      await buildMeasures(w2.connection, ConfigSchema.parse({}), '2024-12-31');
      const second = await exportMarts(w2.connection, tempDir());
      expect(first.map((f) => f.sha256)).toEqual(second.map((f) => f.sha256));
      // mart_benefit_dominance (the largest amounts of each group) is internal: never exported.
      expect(first.map((f) => f.name)).toEqual(['mart_funnel_strata', 'mart_barrier_strata', 'mart_barrier_prevalence', 'mart_barrier_cooccurrence', 'mart_resolution_times', 'mart_quarterly_counts', 'mart_monthly_counts',
        'mart_intersection_strata', 'mart_benefits', 'mart_funnel_counts', 'mart_scope_funnel_strata', 'mart_scope_funnel_counts', 'mart_return_counts',
        'barrier_associations', 'barrier_prevalence', 'time_to_resolution', 'resolution_curves', 'scope_group_rates', 'return_rates',
        'quarterly_rates', 'quarterly_trends', 'policy_change_effects', 'intersections', 'impact', 'group_rates']);
      expect(first.find((f) => f.name === 'mart_funnel_counts')!.columns.map((c) => c.name)).toEqual(['dimension', 'group_code', 'requests', 'accepted', 'turned_away_capacity', 'closed_accepted', 'favourable']);
    } finally {
      w2.close();
    }
  });
});
