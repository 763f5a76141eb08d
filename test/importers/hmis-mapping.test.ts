// The HMIS importer's column mapping on a hand-made export (test/fixtures/hmis/valid,
// described in its README) whose every expected value was worked out by hand,
// and the destination → outcome table code by code.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hmisToFormat1, type HmisImportSummary } from '../../pipeline/importers/hmis/index.ts';
import { DESTINATIONS, PROJECT_TYPES } from '../../pipeline/importers/hmis/codes.ts';
import { contractLanguageCode, PREFERRED_LANGUAGES } from '../../pipeline/importers/hmis/languages.ts';
import { COLUMN_NAMES, LANGUAGE } from '../../pipeline/contract/index.ts';
import { tempDir } from '../helpers.ts';
import { caseIdOf, FIXTURES, readParquet } from './hmis-helpers.ts';

const dir = tempDir('aa-hmis-map-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const blank = Object.fromEntries(COLUMN_NAMES.map((c) => [c, null]));
const id = (enrollment: string) => caseIdOf('FIX01', enrollment);

describe('a hand-made export, heads of household', () => {
  let rows: Record<string, unknown>[];
  let returns: Record<string, unknown>[];
  let summary: HmisImportSummary;
  beforeAll(async () => {
    summary = await hmisToFormat1(join(FIXTURES, 'valid'), join(dir, 'heads', 'cases.parquet'));
    rows = await readParquet(join(dir, 'heads', 'cases.parquet'));
    returns = await readParquet(join(dir, 'heads', 'returns.parquet'));
  });

  it('writes every contract column as text, in contract order', async () => {
    expect(Object.keys(rows[0])).toEqual(COLUMN_NAMES);
  });

  it('maps each enrollment of a head of household as worked out by hand', () => {
    const byId = new Map(rows.map((r) => [r.case_id, r]));
    expect(rows).toHaveLength(4);
    // E8001: Marisol, shelter (type 0), exit to 435; 37 at entry; Spanish (367), interpreter needed; geocode 539033 = county 53033.
    expect(byId.get(id('E8001'))).toEqual({
      ...blank, case_id: id('E8001'), org_id: 'fix01-org11', program: 'es_ee_1001', service_area: 'housing', intake_decision: 'accepted',
      opened_on: '2022-01-10', closed_on: '2022-03-15', outcome: 'achieved', race_ethnicity: 'hispanic_latino;white', gender: 'woman',
      age_band: '35-44', disability: 'no', language: 'es', interpreter_needed: 'yes', county_fips: '53033', veteran: 'no',
    });
    // E8003: Desmond, RRH (type 13), exit to 410; 59 at entry (birthday 30 Nov not yet reached on 1 Nov); English; city geocode → no county.
    expect(byId.get(id('E8003'))).toEqual({
      ...blank, case_id: id('E8003'), org_id: 'fix01-org11', program: 'rrh_1002', service_area: 'housing', intake_decision: 'accepted',
      opened_on: '2021-11-01', closed_on: '2022-06-30', outcome: 'achieved', race_ethnicity: 'black_african_american', gender: 'man',
      age_band: '55-64', disability: 'yes', language: 'en', interpreter_needed: 'no', veteran: 'yes',
    });
    // E8004: Jordan, outreach; every answer declined or unknown (8/9); exit on 2022-10-15 is after the export's end → open.
    expect(byId.get(id('E8004'))).toEqual({
      ...blank, case_id: id('E8004'), org_id: 'fix01-org12', program: 'so_1003', service_area: 'housing', intake_decision: 'accepted',
      opened_on: '2022-05-05', race_ethnicity: 'not_reported', gender: 'not_reported', age_band: 'not_reported',
      disability: 'not_reported', language: 'not_reported', interpreter_needed: 'not_reported', veteran: 'not_reported',
    });
    // E8005: Desmond again, back in the shelter: open; 60 at entry.
    expect(byId.get(id('E8005'))).toEqual({
      ...blank, case_id: id('E8005'), org_id: 'fix01-org11', program: 'es_ee_1001', service_area: 'housing', intake_decision: 'accepted',
      opened_on: '2022-08-01', race_ethnicity: 'black_african_american', gender: 'man', age_band: '55-64', disability: 'yes',
      language: 'en', interpreter_needed: 'no', county_fips: '53033', veteran: 'yes',
    });
  });

  it('writes one returns row per case, keyed by the same case id', () => {
    const byId = new Map(returns.map((r) => [r.case_id, r]));
    expect(returns).toHaveLength(4);
    // Desmond left RRH for a rental on 2022-06-30 and entered the shelter 32 days later; but even his 6-month window
    // is still open when the export ends (2022-09-30), so no window is known yet: an early return is not counted early.
    expect(byId.get(id('E8003'))).toEqual({ case_id: id('E8003'), exit_to_permanent: true, returned_6m: null, returned_12m: null, returned_24m: null, days_to_return: 32, spm2_exit: true });
    // Marisol: no later stay; 180 days after 2022-03-15 is inside the export, 365 days is not.
    expect(byId.get(id('E8001'))).toEqual({ case_id: id('E8001'), exit_to_permanent: true, returned_6m: false, returned_12m: null, returned_24m: null, days_to_return: null, spm2_exit: true });
    for (const open of ['E8004', 'E8005']) {
      expect(byId.get(id(open))).toEqual({ case_id: id(open), exit_to_permanent: false, returned_6m: null, returned_12m: null, returned_24m: null, days_to_return: null, spm2_exit: false });
    }
  });

  it('summarises, warning about the empty optional file, the late exit and the deleted records', () => {
    expect(summary).toMatchObject({
      cases: 4, open: 2, closed: 2, exitsAfterExportEnd: 1, unknownDestinations: 0, householdsWithoutHead: 0, householdsWithSeveralHeads: 0,
      outcomes: { achieved: 2, partially_achieved: 0, not_achieved: 0, withdrawn: 0, lost_contact: 0, referred_out: 0 },
      rows: { Export: 1, Organization: 2, Project: 3, Client: 4, Enrollment: 5, Exit: 4, ProjectCoC: 2 },
      deleted: { Organization: 1, Enrollment: 1 },
      export: { sourceId: 'FIX01', csvVersion: '2024 v1.3', endDate: '2022-09-30' },
    });
    expect(summary.warnings).toEqual([
      'Disabilities.csv is empty (0 bytes, not even a header); it is optional, so it is read as a file with no rows.',
      "Cases whose exit falls after the export's end date (2022-09-30), loaded as still open on that day: 1.",
      'Organization.csv records marked deleted (DateDeleted), left out: 1.',
      'Enrollment.csv records marked deleted (DateDeleted), left out: 1.',
    ]);
  });
});

describe('a hand-made export, every household member', () => {
  it("adds the child's enrollment, banded 0-17 with nothing recorded for disability, language or veteran status (99 / empty)", async () => {
    const summary = await hmisToFormat1(join(FIXTURES, 'valid'), join(dir, 'all', 'cases.parquet'), { membership: 'all', orgId: 'harbor-coc' });
    const rows = await readParquet(join(dir, 'all', 'cases.parquet'));
    expect(summary.cases).toBe(5);
    expect(new Set(rows.map((r) => r.org_id))).toEqual(new Set(['harbor-coc']));
    expect(rows.find((r) => r.case_id === id('E8002'))).toEqual({
      ...blank, case_id: id('E8002'), org_id: 'harbor-coc', program: 'es_ee_1001', service_area: 'housing', intake_decision: 'accepted',
      opened_on: '2022-01-10', closed_on: '2022-03-15', outcome: 'achieved', race_ethnicity: 'hispanic_latino;white', gender: 'woman',
      age_band: '0-17', county_fips: '53033',
    });
  });

  it('refuses an org_id the contract would refuse', async () => {
    await expect(hmisToFormat1(join(FIXTURES, 'valid'), join(dir, 'x.parquet'), { orgId: 'Harbor CoC' })).rejects.toThrow(/orgId 'Harbor CoC' is not a valid org_id/);
  });
});

// HUD FY2024 list 3.12.1, written out again here (not imported) with the outcome
// README.md gives each code.
const EXPECTED_OUTCOME: Record<number, string> = {
  101: 'not_achieved', 116: 'not_achieved', 118: 'not_achieved',
  204: 'not_achieved', 205: 'not_achieved', 206: 'not_achieved', 207: 'not_achieved', 215: 'not_achieved', 225: 'not_achieved',
  302: 'partially_achieved', 312: 'partially_achieved', 313: 'partially_achieved', 314: 'not_achieved', 327: 'partially_achieved',
  329: 'not_achieved', 332: 'partially_achieved',
  410: 'achieved', 411: 'achieved', 421: 'achieved', 422: 'achieved', 423: 'achieved', 426: 'achieved', 435: 'achieved',
  8: 'lost_contact', 9: 'lost_contact', 17: 'lost_contact', 24: 'withdrawn', 30: 'lost_contact', 99: 'lost_contact',
};

describe('destination → outcome, code by code', () => {
  const codes = Object.keys(EXPECTED_OUTCOME).map(Number);
  let byCode: Map<number, unknown>;
  let summary: HmisImportSummary;
  beforeAll(async () => {
    // One client and one exit per code, plus one code that is not on the list.
    const folder = join(dir, 'destinations');
    mkdirSync(folder, { recursive: true });
    const all = [...codes, 777];
    const w = (name: string, lines: string[]) => writeFileSync(join(folder, name), `${lines.join('\n')}\n`);
    w('Export.csv', ['ExportID,SourceID,SourceName,ExportStartDate,ExportEndDate,SoftwareName,CSVVersion', '1,DEST,Destinations,2021-10-01,2022-09-30,Test,2024 v1.3']);
    w('Organization.csv', ['OrganizationID,DateDeleted', '1,']);
    w('Project.csv', ['ProjectID,OrganizationID,ProjectType,DateDeleted', '1,1,0,']);
    w('Client.csv', ['PersonalID,DOB,DOBDataQuality,AmIndAKNative,Asian,BlackAfAmerican,HispanicLatinaeo,MidEastNAfrican,NativeHIPacific,White,RaceNone,Woman,Man,NonBinary,CulturallySpecific,Transgender,Questioning,DifferentIdentity,GenderNone,VeteranStatus,DateDeleted',
      ...all.map((c) => `C${c},1990-01-01,1,0,0,0,0,0,0,1,,1,0,0,0,0,0,0,,0,`)]);
    w('Enrollment.csv', ['EnrollmentID,PersonalID,ProjectID,EntryDate,HouseholdID,RelationshipToHoH,EnrollmentCoC,DisablingCondition,TranslationNeeded,PreferredLanguage,DateDeleted',
      ...all.map((c) => `N${c},C${c},1,2022-01-01,H${c},1,,0,0,171,`)]);
    w('Exit.csv', ['ExitID,EnrollmentID,ExitDate,Destination,DateDeleted', ...all.map((c) => `X${c},N${c},2022-02-01,${c},`)]);
    summary = await hmisToFormat1(folder, join(dir, 'destinations.parquet'));
    const rows = await readParquet(join(dir, 'destinations.parquet'));
    byCode = new Map(all.map((c) => [c, rows.find((r) => r.case_id === caseIdOf('DEST', `N${c}`))?.outcome]));
  });

  it('the table in code has exactly the 29 codes of the FY2024 list', () => {
    expect(Object.keys(DESTINATIONS).map(Number).sort((a, b) => a - b)).toEqual(codes.sort((a, b) => a - b));
  });

  it.each(Object.entries(EXPECTED_OUTCOME))('Destination %s → %s', (code, outcome) => {
    expect(DESTINATIONS[Number(code)].outcome).toBe(outcome);
    expect(byCode.get(Number(code))).toBe(outcome);
  });

  it('a code not on the list gets no outcome and a warning (ingest will quarantine the case)', () => {
    expect(byCode.get(777)).toBeNull();
    expect(summary.unknownDestinations).toBe(1);
    expect(summary.warnings).toContain('Closed cases whose Destination is not in HUD list 3.12.1 (no outcome, so ingest quarantines them; correct the Destination in Exit.csv): 1.');
  });
});

describe('code lists', () => {
  it('every preferred language maps to a code the contract accepts, and the sample codes map as expected', () => {
    for (const l of Object.values(PREFERRED_LANGUAGES)) {
      if (l.iso6393) expect(LANGUAGE[contractLanguageCode(l.iso6393)], l.label).toBeDefined();
      else expect(l.why, l.label).toBeTruthy();
    }
    const code = (n: number) => (PREFERRED_LANGUAGES[n].iso6393 ? contractLanguageCode(PREFERRED_LANGUAGES[n].iso6393!) : null);
    // The codes the two sample exports use: 171 English, 179 Flemish, 140 Cape Verdean Creole, 380 Tamil, 197 Greek, 385 Tibetan, 188 Ga, 181 French Cajun.
    expect([171, 179, 140, 380, 197, 385, 188, 181, 367, 183].map(code)).toEqual(['en', 'nl', 'kea', 'ta', 'el', 'bo', 'gaa', 'frc', 'es', null]);
    expect(Object.keys(PREFERRED_LANGUAGES)).toHaveLength(328); // 100–426 and 21
  });

  it('program slugs are valid program codes', () => {
    for (const t of Object.values(PROJECT_TYPES)) expect(`${t.slug}_12345`).toMatch(/^[a-z0-9_-]{1,48}$/);
  });
});
