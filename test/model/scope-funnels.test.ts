// Scope funnels are summed from int_funnel_grain, which keeps the program and
// county of every count so that a report's filters can select them. Five
// hand-made cases, every expected count worked out by hand below.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestFile } from '../../pipeline/ingest/ingest.ts';
import { buildModels } from '../../pipeline/model/build.ts';
import { VALID_ROW, query, tempWarehouse, writeCsv } from '../helpers.ts';

const row = (case_id: string, org_id: string, program: string, service_area: string, county_fips: string, outcome: string, age_band: string) =>
  ({ ...VALID_ROW, case_id, org_id, program, service_area, county_fips, outcome, age_band });

const CASES = [
  row('S-0001', 'org-a', 'eviction_defense', 'housing', '53033', 'achieved', '25-34'),
  row('S-0002', 'org-a', 'eviction_defense', 'housing', '53053', 'not_achieved', '25-34'),
  row('S-0003', 'org-a', 'eviction_defense', 'housing', '', 'achieved', '35-44'), // county not recorded
  row('S-0004', 'org-b', 'eviction_defense', 'housing', '53033', 'achieved', '35-44'),
  row('S-0005', 'org-a', 'snap_help', 'income_benefits', '53033', 'not_achieved', '25-34'),
];

const COUNTY = 'county=53033';
const PROGRAM_IN_COUNTIES = 'program=org-a/eviction_defense;county=53033+53053';

let w: Awaited<ReturnType<typeof tempWarehouse>>;
const funnel = (scope: string, dimension: string) =>
  query(w, `SELECT group_code, requests, favourable FROM marts.mart_scope_funnel_counts WHERE scope_id = '${scope}' AND dimension = '${dimension}' ORDER BY group_code`);

describe('scope funnels filtered by county and program', () => {
  beforeAll(async () => {
    w = await tempWarehouse();
    expect((await ingestFile(w.connection, writeCsv(w.dir, 'scopes.csv', CASES), { asOf: '2024-12-31' })).loaded).toBe(5);
    await buildModels(w.connection, {
      favourableOutcomes: ['achieved'], asOf: '2024-12-31',
      scopeFilters: [{ county: ['53033'] }, { program: ['org-a/eviction_defense'], county: ['53033', '53053'] }],
    });
  });
  afterAll(() => w.close());

  it('selects the cases of a county, in every organisation: S-0001, S-0004, S-0005', async () => {
    expect(await funnel(COUNTY, 'all')).toEqual([{ group_code: 'all', requests: 3, favourable: 2 }]);
    expect(await funnel(COUNTY, 'age_band')).toEqual([
      { group_code: '25-34', requests: 2, favourable: 1 }, // S-0001, S-0005
      { group_code: '35-44', requests: 1, favourable: 1 }, // S-0004
    ]);
  });

  it('combines a program with counties; a case with no county recorded is in no county scope (S-0003)', async () => {
    expect(await funnel(PROGRAM_IN_COUNTIES, 'all')).toEqual([{ group_code: 'all', requests: 2, favourable: 1 }]); // S-0001, S-0002
    expect(await funnel('program=org-a/eviction_defense', 'all')).toEqual([{ group_code: 'all', requests: 3, favourable: 2 }]); // S-0001, S-0002, S-0003
  });

  it('keeps the strata of each scope: service area and organisation', async () => {
    expect(await query(w, `SELECT service_area, org_id, requests FROM marts.mart_scope_funnel_strata WHERE scope_id = '${COUNTY}' AND dimension = 'all' ORDER BY ALL`)).toEqual([
      { service_area: 'housing', org_id: 'org-a', requests: 1 },
      { service_area: 'housing', org_id: 'org-b', requests: 1 },
      { service_area: 'income_benefits', org_id: 'org-a', requests: 1 },
    ]);
  });
});
