// One fixture per contract rule that breaks it, with the exact message, checked
// through the real ingest (SQL in DuckDB) and through the JavaScript twin.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestFile } from '../../pipeline/ingest/ingest.ts';
import { failuresOfText, COLUMN_CHECKS } from '../../pipeline/contract/checks.ts';
import { CROSS_RULES } from '../../pipeline/contract/index.ts';
import { VALID_ROW, query, tempWarehouse, writeCsv } from '../helpers.ts';

const AS_OF = '2025-06-30';
const fix = (change: Record<string, string>) => ({ ...VALID_ROW, ...change });

// column/rule → the row that breaks it and the message a person reads.
const FIXTURES: { id: string; row: Record<string, string>; message: string }[] = [
  { id: 'case_id/required', row: fix({ case_id: '' }), message: 'case_id is required but empty: use 4–64 characters of A–Z, a–z, 0–9, _ or -.' },
  { id: 'case_id/invalid_format', row: fix({ case_id: 'C 1' }), message: 'case_id is not valid: use 4–64 characters of A–Z, a–z, 0–9, _ or -.' },
  { id: 'org_id/required', row: fix({ org_id: '' }), message: 'org_id is required but empty: use 2–32 characters of a–z, 0–9 or -.' },
  { id: 'org_id/invalid_format', row: fix({ org_id: 'Org_A' }), message: "org_id 'Org_A' is not valid: use 2–32 characters of a–z, 0–9 or -." },
  { id: 'program/required', row: fix({ program: '' }), message: 'program is required but empty: use 1–48 characters of a–z, 0–9, _ or -.' },
  { id: 'program/invalid_format', row: fix({ program: '=HYPERLINK("http://x","y")' }), message: `program '=HYPERLINK("http://x","y")' is not valid: use 1–48 characters of a–z, 0–9, _ or -.` },
  { id: 'service_area/required', row: fix({ service_area: '' }), message: 'service_area is required but empty: use one of: housing, income_benefits, health, legal, immigration, education, employment, family_safety, food, disability_services, other.' },
  { id: 'service_area/unknown_code', row: fix({ service_area: 'Housing' }), message: "service_area 'Housing' is not an allowed code: use one of: housing, income_benefits, health, legal, immigration, education, employment, family_safety, food, disability_services, other." },
  { id: 'intake_decision/required', row: fix({ intake_decision: '', outcome: '' }), message: 'intake_decision is required but empty: use one of: accepted, waitlisted, turned_away_capacity, turned_away_ineligible, declined_by_client, referred_elsewhere.' },
  { id: 'intake_decision/unknown_code', row: fix({ intake_decision: 'rejected', outcome: '' }), message: "intake_decision 'rejected' is not an allowed code: use one of: accepted, waitlisted, turned_away_capacity, turned_away_ineligible, declined_by_client, referred_elsewhere." },
  { id: 'opened_on/required', row: fix({ opened_on: '' }), message: 'opened_on is required but empty: use YYYY-MM-DD or YYYY-MM.' },
  { id: 'opened_on/not_a_date', row: fix({ opened_on: '2024-02-30' }), message: "opened_on '2024-02-30' is not a real date: use YYYY-MM-DD or YYYY-MM." },
  { id: 'closed_on/not_a_date', row: fix({ closed_on: '01/02/2024' }), message: "closed_on '01/02/2024' is not a real date: use YYYY-MM-DD or YYYY-MM, or leave empty while the case is open." },
  { id: 'days_to_close/not_integer', row: fix({ days_to_close: '27.5' }), message: "days_to_close '27.5' is not a whole number: use a whole number from 0 to 3650." },
  { id: 'days_to_close/out_of_range', row: fix({ days_to_close: '4000', opened_on: '2024-01', closed_on: '2024-02' }), message: "days_to_close '4000' is out of range: use a whole number from 0 to 3650." },
  { id: 'outcome/unknown_code', row: fix({ outcome: 'won' }), message: "outcome 'won' is not an allowed code: use one of: achieved, partially_achieved, not_achieved, withdrawn, lost_contact, referred_out." },
  { id: 'service_level/unknown_code', row: fix({ service_level: 'full' }), message: "service_level 'full' is not an allowed code: use one of: advice, brief_service, extended_service, representation." },
  { id: 'escalation/unknown_code', row: fix({ escalation: 'court' }), message: "escalation 'court' is not an allowed code: use one of: none, supervisor, formal_appeal, legal_action, policy_referral." },
  { id: 'barriers/unknown_code', row: fix({ barriers: 'wait_time;money;time' }), message: "barriers has codes that are not allowed ('money', 'time'): use a ;-separated list of: wait_time, documentation, eligibility_rules, denial_or_termination, language_access, disability_access, digital_access, transportation, cost, childcare, housing_availability, discrimination, system_complexity, immigration_status, other." },
  { id: 'barriers/duplicate_code', row: fix({ barriers: 'cost;cost' }), message: "barriers 'cost;cost' lists a code twice: list each code once." },
  { id: 'race_ethnicity/unknown_code', row: fix({ race_ethnicity: 'black' }), message: "race_ethnicity has codes that are not allowed ('black'): use a ;-separated list of: american_indian_alaska_native, asian, black_african_american, hispanic_latino, middle_eastern_north_african, native_hawaiian_pacific_islander, white; or not_reported alone." },
  { id: 'race_ethnicity/duplicate_code', row: fix({ race_ethnicity: 'white;white' }), message: "race_ethnicity 'white;white' lists a code twice: list each code once." },
  { id: 'race_ethnicity/exclusive_code', row: fix({ race_ethnicity: 'white;not_reported' }), message: "race_ethnicity 'white;not_reported' combines not_reported with other codes: not_reported must stand alone." },
  { id: 'gender/unknown_code', row: fix({ gender: 'female' }), message: "gender has codes that are not allowed ('female'): use a ;-separated list of: woman, man, transgender, non_binary, culturally_specific, different_identity, questioning; or not_reported alone." },
  { id: 'gender/duplicate_code', row: fix({ gender: 'man;man' }), message: "gender 'man;man' lists a code twice: list each code once." },
  { id: 'gender/exclusive_code', row: fix({ gender: 'not_reported;woman' }), message: "gender 'not_reported;woman' combines not_reported with other codes: not_reported must stand alone." },
  { id: 'age_band/unknown_code', row: fix({ age_band: '34' }), message: "age_band '34' is not an allowed code: use one of: 0-17, 18-24, 25-34, 35-44, 45-54, 55-64, 65-74, 75+, not_reported." },
  { id: 'disability/unknown_code', row: fix({ disability: 'Y' }), message: "disability 'Y' is not an allowed code: use one of: yes, no, not_reported." },
  { id: 'language/unknown_code', row: fix({ language: 'Spanish' }), message: "language 'Spanish' is not an allowed code: use a lower-case ISO 639-1 or 639-3 code (en, es, spa, vie, …) or not_reported." },
  { id: 'interpreter_needed/unknown_code', row: fix({ interpreter_needed: 'true' }), message: "interpreter_needed 'true' is not an allowed code: use one of: yes, no, not_reported." },
  { id: 'income_band/unknown_code', row: fix({ income_band: 'low' }), message: "income_band 'low' is not an allowed code: use one of: fpl_0_50, fpl_50_100, fpl_100_150, fpl_150_200, fpl_200_plus, not_reported." },
  { id: 'county_fips/invalid_format', row: fix({ county_fips: '5303' }), message: "county_fips '5303' is not valid: use the 5-digit county FIPS code, e.g. 53033." },
  { id: 'veteran/unknown_code', row: fix({ veteran: 'N/A' }), message: "veteran 'N/A' is not an allowed code: use one of: yes, no, not_reported." },
  { id: 'benefit_usd/not_number', row: fix({ benefit_usd: '1,200' }), message: "benefit_usd '1,200' is not a number: use a number from 0 to 10000000, with a dot for decimals and no thousands separator." },
  { id: 'benefit_usd/out_of_range', row: fix({ benefit_usd: '10000001' }), message: "benefit_usd '10000001' is out of range: use a number from 0 to 10000000, with a dot for decimals and no thousands separator." },
  { id: 'outcome/outcome_without_closing', row: fix({ closed_on: '', days_to_close: '' }), message: 'outcome is given but closed_on is empty: an open case has no outcome yet. Fill closed_on or clear outcome.' },
  { id: 'outcome/outcome_not_accepted', row: fix({ intake_decision: 'waitlisted' }), message: 'outcome is given but intake_decision is not accepted: only accepted cases have an outcome. Clear outcome or correct intake_decision.' },
  { id: 'outcome/outcome_missing', row: fix({ outcome: '' }), message: 'outcome is empty but the case was accepted and closed: a closed, accepted case needs an outcome.' },
  { id: 'closed_on/closed_before_opened', row: fix({ closed_on: '2023-12-31', days_to_close: '' }), message: 'closed_on is before opened_on. Check both dates.' },
  { id: 'closed_on/closed_in_future', row: fix({ closed_on: '2025-07-01', days_to_close: '' }), message: 'closed_on is in the future. Check the date, or leave it empty while the case is open.' },
  { id: 'days_to_close/days_disagree_with_dates', row: fix({ days_to_close: '30' }), message: 'days_to_close does not equal the days between opened_on and closed_on. Correct one of them, or leave days_to_close empty.' },
];

describe('contract rules', () => {
  it('has one fixture for every column check and cross-column rule', () => {
    const ids = new Set(FIXTURES.map((f) => f.id));
    const expected = [...COLUMN_CHECKS.map((c) => `${c.column}/${c.rule}`), ...CROSS_RULES.map((r) => `${r.column}/${r.id}`)];
    expect(expected.filter((id) => !ids.has(id))).toEqual([]);
    expect(FIXTURES.length).toBe(expected.length);
  });

  it('each fixture breaks exactly its rule, in JavaScript', () => {
    for (const f of FIXTURES) {
      const failures = failuresOfText(f.row, { asOf: AS_OF });
      expect(failures.map((x) => `${x.column}/${x.rule}`), f.id).toEqual([f.id]);
      expect(failures[0].message, f.id).toBe(f.message);
    }
    expect(failuresOfText(VALID_ROW, { asOf: AS_OF })).toEqual([]);
  });

  describe('in DuckDB, through the ingest', () => {
    let w: Awaited<ReturnType<typeof tempWarehouse>>;
    let quarantine: Record<string, unknown>[];
    let loaded: number;
    beforeAll(async () => {
      w = await tempWarehouse();
      // Line 2 is the valid row; fixture i sits on line i + 3. Case ids differ so no row is a duplicate.
      const rows = [VALID_ROW, ...FIXTURES.map((f, i) => (f.row.case_id === VALID_ROW.case_id ? { ...f.row, case_id: `C-${1000 + i}` } : f.row))];
      const path = writeCsv(w.dir, 'rules.csv', rows);
      const r = await ingestFile(w.connection, path, { asOf: AS_OF });
      loaded = r.loaded;
      quarantine = await query(w, 'SELECT line, column_name, rule, message FROM quarantine ORDER BY line, column_name, rule');
    });
    afterAll(() => w.close());

    it('loads the valid row and quarantines every fixture with its exact message', () => {
      expect(loaded).toBe(1);
      FIXTURES.forEach((f, i) => {
        const got = quarantine.filter((q) => q.line === i + 3);
        expect(got.map((q) => `${q.column_name}/${q.rule}`), f.id).toEqual([f.id]);
        expect(got[0].message, f.id).toBe(f.message);
      });
    });
  });
});
