// The HMIS importer on the two FY2024 sample exports (/work/shared/data/hmis-sample).
//
// Expected counts were computed from the source files without the importer:
//   awk -F, 'NR>1 && ($6=="1" || $6=="\"1\"")' <set>/Enrollment.csv | wc -l   → heads of household: eva 2960, greenriver 473
//   awk 'NR>1' <set>/Enrollment.csv | wc -l                                     → enrollments: eva 4771, greenriver 574
// (column 6 is RelationshipToHoH; no field before it holds a comma or a line break), and
//   python3 test/fixtures/hmis/independent_counts.py ../shared/data/hmis-sample/<set>
// (Python's csv module; open/closed as of ExportEndDate, outcomes by the README's
// destination table, returns by the README's Measure 2 rule), which printed:
//   eva heads: cases 2960, closed 2680, open 280, outcomes {achieved 1588, lost_contact 307, not_achieved 425, partially_achieved 356, withdrawn 4}
//   eva heads: exits to permanent 1588, from SO/ES/TH/SH/PH 756, returned within 180/365/730 days 36/57/40, 24-month window not covered 1287
//   eva all: cases 4771, closed 4290, open 481, outcomes {achieved 2780, lost_contact 364, not_achieved 588, partially_achieved 549, withdrawn 9}
//   eva all: exits to permanent 2780, from SO/ES/TH/SH/PH 1182, returned within 180/365/730 days 49/81/66, 24-month window not covered 2250
//   greenriver heads: cases 473, closed 372, open 101, outcomes {achieved 131, lost_contact 79, not_achieved 89, partially_achieved 73}
//   greenriver heads: exits to permanent 131, from SO/ES/TH/SH/PH 124, returned within 180/365/730 days 5/0/0, 24-month window not covered 131
//   greenriver all: cases 574, closed 447, open 127, outcomes {achieved 172, lost_contact 83, not_achieved 105, partially_achieved 87}
//   greenriver all: exits to permanent 172, from SO/ES/TH/SH/PH 164, returned within 180/365/730 days 5/0/0, 24-month window not covered 172
// (a return counts only in a window that is over by ExportEndDate; greenriver's one-year export closes no 12- or 24-month window).
// Eva's 481 open = the 476 enrollments without an Exit row (sample README) + the 5 exits after ExportEndDate.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { hmisToFormat1, type HmisImportSummary, type Membership } from '../../pipeline/importers/hmis/index.ts';
import { PROJECT_TYPES } from '../../pipeline/importers/hmis/codes.ts';
import { AGE_BAND, BARRIER, COLUMN_NAMES, ESCALATION, GENDER, INCOME_BAND, INTAKE_DECISION, OUTCOME, RACE_ETHNICITY, SERVICE_AREA, SERVICE_LEVEL, YES_NO } from '../../pipeline/contract/index.ts';
import { tempDir } from '../helpers.ts';
import { caseIdOf, EVA, GREENRIVER, readCsv, readParquet } from './hmis-helpers.ts';

const dir = tempDir('aa-hmis-sample-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Expected {
  cases: number; open: number; closed: number; outcomes: Record<string, number>;
  returns: HmisImportSummary['returns'];
}
const EXPECTED: Record<string, Record<Membership, Expected>> = {
  eva: {
    heads: {
      cases: 2960, open: 280, closed: 2680,
      outcomes: { achieved: 1588, partially_achieved: 356, not_achieved: 425, withdrawn: 4, lost_contact: 307, referred_out: 0 },
      returns: { exitsToPermanent: 1588, spm2Exits: 756, returned6m: 36, returned12m: 57, returned24m: 40, unobserved24m: 1287 },
    },
    all: {
      cases: 4771, open: 481, closed: 4290,
      outcomes: { achieved: 2780, partially_achieved: 549, not_achieved: 588, withdrawn: 9, lost_contact: 364, referred_out: 0 },
      returns: { exitsToPermanent: 2780, spm2Exits: 1182, returned6m: 49, returned12m: 81, returned24m: 66, unobserved24m: 2250 },
    },
  },
  greenriver: {
    heads: {
      cases: 473, open: 101, closed: 372,
      outcomes: { achieved: 131, partially_achieved: 73, not_achieved: 89, withdrawn: 0, lost_contact: 79, referred_out: 0 },
      returns: { exitsToPermanent: 131, spm2Exits: 124, returned6m: 5, returned12m: 0, returned24m: 0, unobserved24m: 131 },
    },
    all: {
      cases: 574, open: 127, closed: 447,
      outcomes: { achieved: 172, partially_achieved: 87, not_achieved: 105, withdrawn: 0, lost_contact: 83, referred_out: 0 },
      returns: { exitsToPermanent: 172, spm2Exits: 164, returned6m: 5, returned12m: 0, returned24m: 0, unobserved24m: 172 },
    },
  },
};
const FOLDERS: Record<string, string> = { eva: EVA, greenriver: GREENRIVER };

describe.each(Object.keys(EXPECTED))('%s sample export', (set) => {
  const converted: Partial<Record<Membership, { summary: HmisImportSummary; cases: Record<string, unknown>[]; returns: Record<string, unknown>[]; logged: string[] }>> = {};
  beforeAll(async () => {
    for (const membership of ['heads', 'all'] as const) {
      // Everything written to the console or the standard streams during the conversion: the "logs".
      const logged: string[] = [];
      const capture = (...args: unknown[]) => { logged.push(args.map(String).join(' ')); return true; };
      const spies = [
        vi.spyOn(console, 'log').mockImplementation(capture), vi.spyOn(console, 'warn').mockImplementation(capture),
        vi.spyOn(console, 'error').mockImplementation(capture), vi.spyOn(console, 'info').mockImplementation(capture),
        vi.spyOn(process.stderr, 'write').mockImplementation(capture), vi.spyOn(process.stdout, 'write').mockImplementation(capture),
      ];
      let summary: HmisImportSummary;
      try {
        summary = await hmisToFormat1(FOLDERS[set], join(dir, set, membership, 'cases.parquet'), { membership });
      } finally {
        for (const s of spies) s.mockRestore();
      }
      converted[membership] = {
        summary, logged,
        cases: await readParquet(summary.casesFile),
        returns: await readParquet(summary.returnsFile),
      };
    }
  });
  afterEach(() => vi.restoreAllMocks());

  it.each(['heads', 'all'] as const)('%s: as many cases as the independent count, with the same outcomes and returns', (membership) => {
    const { summary, cases, returns } = converted[membership]!;
    const e = EXPECTED[set][membership];
    expect(cases).toHaveLength(e.cases);
    expect(returns).toHaveLength(e.cases);
    expect({ cases: summary.cases, open: summary.open, closed: summary.closed, outcomes: summary.outcomes, returns: summary.returns })
      .toEqual({ cases: e.cases, open: e.open, closed: e.closed, outcomes: e.outcomes, returns: e.returns });
    const outcomes: Record<string, number> = Object.fromEntries(Object.keys(OUTCOME).map((o) => [o, 0]));
    for (const r of cases) if (r.outcome) outcomes[String(r.outcome)]++;
    expect(outcomes).toEqual(e.outcomes);
    expect(new Set(cases.map((r) => r.case_id)).size).toBe(e.cases);
    expect(new Set(returns.map((r) => r.case_id))).toEqual(new Set(cases.map((r) => r.case_id)));
  });

  it('writes only contract columns, all text; returns.parquet has its seven columns', () => {
    const { cases, returns } = converted.all!;
    expect(Object.keys(cases[0])).toEqual(COLUMN_NAMES);
    for (const r of cases.slice(0, 50)) for (const v of Object.values(r)) expect(v === null || typeof v === 'string').toBe(true);
    expect(Object.keys(returns[0])).toEqual(['case_id', 'exit_to_permanent', 'returned_6m', 'returned_12m', 'returned_24m', 'days_to_return', 'spm2_exit']);
  });

  it('writes no direct identifier: not in either Parquet file, the summary or anything logged', async () => {
    const { cases, returns, summary, logged } = converted.all!;
    const folder = FOLDERS[set];
    const [exp] = await readCsv(join(folder, 'Export.csv'));
    const clients = await readCsv(join(folder, 'Client.csv'));
    const enrollments = await readCsv(join(folder, 'Enrollment.csv'));
    const exits = await readCsv(join(folder, 'Exit.csv'));
    const projects = await readCsv(join(folder, 'Project.csv'));
    const users = await readCsv(join(folder, 'User.csv'));
    const text = (rows: Record<string, unknown>[], cols: string[]) => rows.flatMap((r) => cols.map((c) => r[c])).filter((v): v is string => typeof v === 'string' && v.trim() !== '');

    const personalIds = new Set(text(clients, ['PersonalID']));
    const names = new Set(text(clients, ['FirstName', 'MiddleName', 'LastName', 'NameSuffix']).map((n) => n.toLowerCase()));
    const ssns = new Set(text(clients, ['SSN']));
    const dobs = new Set(text(clients, ['DOB']));
    const freeText = [
      ...text(clients, ['AdditionalRaceEthnicity', 'DifferentIdentityText']), ...text(exits, ['OtherDestination']),
      ...text(users, ['UserFirstName', 'UserLastName', 'UserPhone', 'UserEmail']),
      ...text([exp], ['SourceContactFirst', 'SourceContactLast', 'SourceContactPhone', 'SourceContactEmail']),
    ];
    expect(personalIds.size).toBe(clients.length);

    // The words format 1 and the importer write by design; a name that happens to be one of them proves nothing.
    const vocabulary = new Set([
      ...[SERVICE_AREA, INTAKE_DECISION, OUTCOME, SERVICE_LEVEL, ESCALATION, BARRIER, RACE_ETHNICITY, GENDER, AGE_BAND, YES_NO, INCOME_BAND].flatMap((l) => Object.keys(l)),
      ...Object.values(PROJECT_TYPES).map((t) => t.slug), 'hmis', 'org', 'en', 'nl', 'kea', 'ta', 'el', 'bo', 'gaa', 'frc',
    ].flatMap((w) => w.toLowerCase().split(/[^a-z0-9]+/)));
    const tokens = (v: string) => v.toLowerCase().split(/[^a-z0-9.]+/).filter((t) => t && !vocabulary.has(t));

    // Direct identifiers never appear as a value or a word of a value. org_id and program
    // are checked exactly below (they carry only organisation and project ids).
    const byCase = new Map(enrollments.map((e) => [caseIdOf(String(exp.SourceID), String(e.EnrollmentID)), e]));
    const values = [
      ...cases.flatMap((r) => COLUMN_NAMES.filter((c) => c !== 'org_id' && c !== 'program').map((c) => r[c])),
      ...returns.flatMap((r) => Object.values(r)),
    ].filter((v) => v !== null).map(String);
    const leaks: string[] = [];
    for (const v of values) {
      if (personalIds.has(v) || ssns.has(v) || names.has(v.toLowerCase())) leaks.push(v);
      for (const t of tokens(v)) if (personalIds.has(t) || names.has(t) || ssns.has(t)) leaks.push(v);
    }
    expect(leaks).toEqual([]);

    // Long names, SSNs and free text never appear inside any text the importer wrote (Parquet bytes included) or logged.
    const written = [values.join('\n'), cases.map((r) => `${r.org_id} ${r.program}`).join('\n'), logged.join('\n')].join('\n').toLowerCase();
    const rawBytes = [summary.casesFile, summary.returnsFile].map((f) => readFileSync(f).toString('latin1').toLowerCase()).join('\n');
    const needles = [...[...names].filter((n) => n.length >= 8), ...ssns, ...freeText.map((t) => t.toLowerCase()).filter((t) => t.length >= 6)];
    expect(needles.length).toBeGreaterThan(0);
    expect(needles.filter((n) => written.includes(n.toLowerCase()) || rawBytes.includes(n.toLowerCase()))).toEqual([]);

    // The summary: its text is the export's own description and fixed messages with counts, nothing from a client.
    const json = JSON.stringify(summary).toLowerCase();
    expect([...ssns, ...dobs, ...freeText.map((t) => t.toLowerCase()).filter((t) => t.length >= 6)].filter((n) => json.includes(n.toLowerCase()))).toEqual([]);
    expect(tokens(json).filter((t) => personalIds.has(t))).toEqual([]);
    const counted = /^(Cases whose exit falls after the export's end date \(\d{4}-\d{2}-\d{2}\), loaded as still open on that day|Households with no head of household \(none of their members is a case\)|Households with no head of household|Households with more than one head of household \(each head is a case of its own\)): [\d,]+\.$/;
    for (const w of summary.warnings) expect(counted.test(w) || w === 'Disabilities.csv is empty (0 bytes, not even a header); it is optional, so it is read as a file with no rows.', w).toBe(true);
    expect(summary.export).toEqual({ exportId: exp.ExportID, sourceId: exp.SourceID, sourceName: exp.SourceName, softwareName: exp.SoftwareName, csvVersion: exp.CSVVersion, startDate: exp.ExportStartDate, endDate: exp.ExportEndDate });

    // Dates: opened_on and closed_on are exactly the enrollment's EntryDate and ExitDate; no other column holds a date.
    const exitOf = new Map(exits.map((x) => [x.EnrollmentID, x]));
    const project = new Map(projects.map((p) => [p.ProjectID, p]));
    const ns = String(exp.SourceID).toLowerCase().replace(/[^a-z0-9]+/g, '-');
    const wrong: string[] = [];
    for (const r of cases) {
      const e = byCase.get(String(r.case_id));
      if (!e) { wrong.push(`${r.case_id}: not the pseudonym of any enrollment`); continue; }
      const x = exitOf.get(e.EnrollmentID);
      if (r.opened_on !== String(e.EntryDate).slice(0, 10)) wrong.push(`${r.case_id}: opened_on`);
      if (r.closed_on !== null && r.closed_on !== String(x?.ExitDate).slice(0, 10)) wrong.push(`${r.case_id}: closed_on`);
      for (const c of COLUMN_NAMES) if (c !== 'opened_on' && c !== 'closed_on' && /\d{4}-\d{2}-\d{2}/.test(String(r[c] ?? ''))) wrong.push(`${r.case_id}: a date in ${c}`);
      // org_id and program are built from the organisation and project ids only.
      const p = project.get(e.ProjectID)!;
      if (r.program !== `${PROJECT_TYPES[Number(p.ProjectType)].slug}_${String(p.ProjectID).toLowerCase()}`) wrong.push(`${r.case_id}: program`);
      if (r.org_id !== `${ns}-org${String(p.OrganizationID).toLowerCase()}`) wrong.push(`${r.case_id}: org_id`);
    }
    expect(wrong).toEqual([]);
    expect(logged).toEqual([]);
  });
});

/** The cases the describe blocks above wrote, converting again only when this block runs alone. */
async function casesOf(set: string, membership: Membership): Promise<Record<string, unknown>[]> {
  const file = join(dir, set, membership, 'cases.parquet');
  if (!existsSync(file)) await hmisToFormat1(FOLDERS[set], file, { membership });
  return readParquet(file);
}

describe('the two sample exports kept apart', () => {
  it('share no case id or org_id, although 54 EnrollmentIDs and both ExportIDs collide', async () => {
    const eva = await casesOf('eva', 'all');
    const gr = await casesOf('greenriver', 'all');
    const [evaExport, grExport] = await Promise.all([readCsv(join(EVA, 'Export.csv')), readCsv(join(GREENRIVER, 'Export.csv'))]);
    expect(evaExport[0].ExportID).toBe(grExport[0].ExportID);
    const evaIds = new Set(eva.map((r) => r.case_id));
    expect(gr.filter((r) => evaIds.has(r.case_id))).toEqual([]);
    const evaOrgs = new Set(eva.map((r) => r.org_id));
    expect(gr.filter((r) => evaOrgs.has(r.org_id))).toEqual([]);
    const [evaEnrollments, grEnrollments] = await Promise.all([readCsv(join(EVA, 'Enrollment.csv')), readCsv(join(GREENRIVER, 'Enrollment.csv'))]);
    const shared = new Set(evaEnrollments.map((e) => e.EnrollmentID));
    expect(grEnrollments.filter((e) => shared.has(e.EnrollmentID))).toHaveLength(54);
  });

  it('derives county FIPS only from county geocodes (greenriver: 4 of its 10 projects; eva: none)', async () => {
    const gr = await casesOf('greenriver', 'heads');
    const counties: Record<string, number> = {};
    for (const r of gr) if (r.county_fips) counties[String(r.county_fips)] = (counties[String(r.county_fips)] ?? 0) + 1;
    // Geocodes 199057, 199045, 199033, 199187 (ZIPs 52601 Burlington, 52732 Clinton, 50401 Mason City, 50501 Fort Dodge:
    // Des Moines, Clinton, Cerro Gordo and Webster counties, Iowa).
    expect(Object.keys(counties).sort()).toEqual(['19033', '19045', '19057', '19187']);
    const eva = await casesOf('eva', 'heads');
    expect(eva.filter((r) => r.county_fips !== null)).toEqual([]);
  });
});
