// The shipped legal-aid mapping (data/mappings/legal-aid-lsc.yaml) on the
// invented export test/fixtures/legal-aid/export.csv. Expected counts were
// worked out row by row from the fixture (row numbers below are data rows; the
// file line is row + 1) and the demographic ones recounted with Python's csv
// module over the 27 rows that load.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { ingestFile, type FileResult } from '../../pipeline/ingest/ingest.ts';
import { loadMapping } from '../../pipeline/ingest/mapping.ts';
import { runDataTests } from '../../pipeline/warehouse/datatests.ts';
import { query, tempWarehouse } from '../helpers.ts';

const ROOT = join(import.meta.dirname, '../..');
const counts = (rows: Record<string, unknown>[]) => Object.fromEntries(rows.map((r) => [String(r.v), r.n]));

describe('legal-aid export through the LSC mapping', () => {
  let w: Awaited<ReturnType<typeof tempWarehouse>>;
  let r: FileResult;
  beforeAll(async () => {
    w = await tempWarehouse();
    r = await ingestFile(w.connection, join(ROOT, 'test/fixtures/legal-aid/export.csv'), { mapping: loadMapping(join(ROOT, 'data/mappings/legal-aid-lsc.yaml')), asOf: '2025-01-01' });
  });
  afterAll(() => w.close());

  it('reads 30, loads 27, quarantines 3: two advice cases with no known result and one never coded', async () => {
    expect(r).toMatchObject({ status: 'loaded', read: 30, loaded: 27, updated: 0, quarantined: 3, unusedColumns: [] });
    expect(await query(w, `SELECT line, column_name, rule FROM quarantine ORDER BY line`)).toEqual([
      { line: 3, column_name: 'outcome', rule: 'outcome_missing' }, //       row 2: A, "Advice Only - Result Unknown"
      { line: 23, column_name: 'outcome', rule: 'outcome_missing' }, //      row 22: A, "Advice Only - Result Unknown"
      { line: 29, column_name: 'service_area', rule: 'unknown_code' }, //   row 28: "00 Not Yet Coded"
    ]);
    expect((await runDataTests(w.connection)).filter((t) => t.status !== 'pass')).toEqual([]);
  });

  it('maps LSC problem codes onto service areas by range', async () => {
    expect(counts(await query(w, `SELECT service_area AS v, count(*) AS n FROM cases GROUP BY 1`))).toEqual({
      housing: 9, //              rows 1, 3, 4, 10, 16, 17, 20, 27, 29 (codes 61–67)
      income_benefits: 4, //      rows 5 (75 SSI), 6 (74 SSDI), 15 (76 UI), 25 (23 EITC)
      family_safety: 4, //        rows 8 (31), 9 (37), 11 (32), 21 (38)
      legal: 4, //                rows 12 (01), 13 (94), 14 (02), 30 (86)
      food: 1, //                 row 7 (73 Food Stamps)
      immigration: 1, //          row 18 (81)
      health: 1, //               row 19 (51 Medicaid)
      education: 1, //            row 23 (13)
      employment: 1, //           row 24 (22)
      disability_services: 1, //  row 26 (84)
    });
  });

  it('turned-away requests load as cases of their own', async () => {
    expect(counts(await query(w, `SELECT intake_decision AS v, count(*) AS n FROM cases GROUP BY 1`))).toEqual({
      accepted: 20, //               23 accepted rows less the 3 quarantined
      turned_away_ineligible: 1, //  row 10 over income
      turned_away_capacity: 2, //    rows 12 insufficient resources, 13 outside priorities
      referred_elsewhere: 2, //      rows 11 conflict of interest, 30 referred at intake
      declined_by_client: 1, //      row 20
      waitlisted: 1, //              row 21
    });
  });

  it('takes the service level from the closing code and the outcome only from the Outcome column', async () => {
    expect(counts(await query(w, `SELECT coalesce(service_level, '-') AS v, count(*) AS n FROM cases GROUP BY 1`))).toEqual({
      advice: 1, //            row 18 (A)
      brief_service: 4, //     rows 1, 7, 15, 25 (B)
      extended_service: 4, //  rows 14, 23 (F), 16 (K), 26 (L)
      representation: 9, //    rows 3, 24 (G), 5, 6, 19 (H), 9 (IA), 8, 17 (IB), 27 (IC)
      '-': 9, //               2 open + 7 not accepted: no closing code
    });
    expect(counts(await query(w, `SELECT coalesce(outcome, '-') AS v, count(*) AS n FROM cases GROUP BY 1`))).toEqual({
      achieved: 10, //         rows 1, 3, 5, 8, 9, 14, 19, 24, 25, 26
      partially_achieved: 2, // rows 7, 23
      not_achieved: 3, //      rows 6, 17, 27
      withdrawn: 1, //         row 15
      lost_contact: 1, //      row 16
      referred_out: 1, //      row 18
      '-': 9,
    });
    // Same closing code, different results: the code alone could not have told.
    expect(await query(w, `SELECT service_level, outcome, count(*) AS n FROM cases WHERE service_level = 'representation' GROUP BY ALL ORDER BY outcome`)).toEqual([
      { service_level: 'representation', outcome: 'achieved', n: 6 },
      { service_level: 'representation', outcome: 'not_achieved', n: 3 },
    ]);
  });

  it('bands age and poverty, maps the rest, and stores no name, phone or exact age', async () => {
    expect(counts(await query(w, `SELECT age_band AS v, count(*) AS n FROM cases GROUP BY 1`))).toEqual({ '0-17': 1, '18-24': 2, '25-34': 7, '35-44': 6, '45-54': 6, '55-64': 2, '65-74': 2, '75+': 1 });
    expect(counts(await query(w, `SELECT income_band AS v, count(*) AS n FROM cases GROUP BY 1`))).toEqual({ fpl_0_50: 9, fpl_50_100: 9, fpl_100_150: 4, fpl_150_200: 3, fpl_200_plus: 1, not_reported: 1 });
    expect(counts(await query(w, `SELECT r AS v, count(*) AS n FROM (SELECT unnest(race_ethnicity) AS r FROM cases) GROUP BY 1`))).toEqual({
      black_african_american: 8, hispanic_latino: 6, white: 6, asian: 4, american_indian_alaska_native: 2, middle_eastern_north_african: 1, native_hawaiian_pacific_islander: 1, not_reported: 1,
    });
    expect(counts(await query(w, `SELECT county_fips AS v, count(*) AS n FROM cases GROUP BY 1`))).toEqual({ 53033: 12, 53053: 9, 53061: 6 });
    expect(counts(await query(w, `SELECT language AS v, count(*) AS n FROM cases GROUP BY 1`))).toEqual({ en: 17, es: 6, vi: 2, so: 1, ru: 1 });
    expect(await query(w, `SELECT sum(benefit_usd) AS usd, count(benefit_usd) AS n FROM cases`)).toEqual([{ usd: 36_989, n: 7 }]);
    const text = JSON.stringify(await query(w, `SELECT * EXCLUDE (ingest_run_id) FROM cases`));
    expect(text).not.toMatch(/Example|Sample|555|\(555\)|Nonpayment/);
    const columns = (await query(w, `SELECT column_name FROM duckdb_columns() WHERE table_name = 'cases'`)).map((c) => c.column_name);
    expect(columns).not.toContain('age');
  });
});
