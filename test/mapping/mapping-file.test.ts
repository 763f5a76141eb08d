// Mapping files are validated with messages that name the key, and every
// operation (rename, values, split, derive, date_format, drop) does what it says.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadMapping } from '../../pipeline/ingest/mapping.ts';
import { ingestFile } from '../../pipeline/ingest/ingest.ts';
import { query, tempDir, tempWarehouse } from '../helpers.ts';

const dir = tempDir();
const write = (name: string, text: string) => { const p = join(dir, name); writeFileSync(p, text); return p; };

describe('mapping files', () => {
  it('names every problem by its key', () => {
    const p = write('bad.yaml', 'columns:\n  outcome: { from: Result, const: achieved }\n  colour: Hue\n  age_band: { derive: age_band }\ndrop: oops\n');
    expect(() => loadMapping(p)).toThrow(/Mapping file .*bad\.yaml has 4 problems:/);
    try { loadMapping(p); } catch (e) {
      const m = (e as Error).message;
      expect(m).toContain('columns.outcome: give exactly one of from, const or derive: row_number');
      expect(m).toContain('columns.age_band: derive: age_band needs from: <the exact age column>');
      expect(m).toContain('drop: Invalid input: expected array, received string');
      expect(m).toContain("columns: 'colour' is not a format-1 column; map onto one of: case_id, org_id,");
    }
  });

  it('says when the file is not YAML or cannot be read', () => {
    expect(() => loadMapping(write('broken.yaml', 'columns: [unclosed\n'))).toThrow(/is not valid YAML/);
    expect(() => loadMapping(join(dir, 'missing.yaml'))).toThrow('cannot be read. Check the path.');
  });

  describe('operations', () => {
    let w: Awaited<ReturnType<typeof tempWarehouse>>;
    beforeAll(async () => {
      w = await tempWarehouse();
      const csv = write('export.csv', [
        'Case Number,Office,Area,Status,Opened,Closed,Result,Race,Client Age,Internal Notes',
        'A1,North,Housing,Open,03/15/2024,,,"Black or African American, White",34,x',
        'A2,North,Benefits,Closed,01/02/2024,02/10/2024,Won,Hispanic,71,y',
        'A3,North,Benefits,Closed,01/02/2024,02/10/2024,Won,Martian,abc,z',
      ].join('\n'));
      const mapping = loadMapping(write('m.yaml', `
columns:
  case_id: { derive: row_number, prefix: "n-" }
  org_id: { const: north-legal }
  program: { from: Office, values: { North: north_office } }
  service_area: { from: Area, values: { Housing: housing, Benefits: income_benefits } }
  intake_decision: { const: accepted }
  opened_on: { from: Opened, date_format: "%m/%d/%Y" }
  closed_on: { from: Closed, date_format: "%m/%d/%Y" }
  outcome: { from: Result, values: { Won: achieved } }
  race_ethnicity: { from: Race, split: ",", values: { "Black or African American": black_african_american, White: white, Hispanic: hispanic_latino } }
  age_band: { from: Client Age, derive: age_band }
drop: [Status, Internal Notes]
`));
      await ingestFile(w.connection, csv, { mapping, asOf: '2025-01-01' });
    });
    afterAll(() => w.close());

    it('renames, maps values, splits, reformats dates, bands ages and numbers rows', async () => {
      expect(await query(w, `SELECT case_id, program, service_area, opened_on::VARCHAR AS opened, closed_on::VARCHAR AS closed, outcome, race_ethnicity, age_band FROM cases ORDER BY case_id`)).toEqual([
        { case_id: 'n-000002', program: 'north_office', service_area: 'housing', opened: '2024-03-15', closed: null, outcome: null, race_ethnicity: ['black_african_american', 'white'], age_band: '25-34' },
        { case_id: 'n-000003', program: 'north_office', service_area: 'income_benefits', opened: '2024-01-02', closed: '2024-02-10', outcome: 'achieved', race_ethnicity: ['hispanic_latino'], age_band: '65-74' },
      ]);
    });

    it('passes unmapped values through to the contract checks, which quarantine them', async () => {
      expect(await query(w, `SELECT line, column_name, message FROM quarantine ORDER BY column_name`)).toEqual([
        { line: 4, column_name: 'age_band', message: "age_band 'abc' is not an allowed code: use one of: 0-17, 18-24, 25-34, 35-44, 45-54, 55-64, 65-74, 75+, not_reported." },
        { line: 4, column_name: 'race_ethnicity', message: "race_ethnicity has codes that are not allowed ('Martian'): use a ;-separated list of: american_indian_alaska_native, asian, black_african_american, hispanic_latino, middle_eastern_north_african, native_hawaiian_pacific_islander, white; or not_reported alone." },
      ]);
    });
  });

  describe('ranges', () => {
    it('names every problem with a range by its key', () => {
      const p = write('bad-ranges.yaml', [
        'columns:',
        '  service_area: { from: Code, ranges: [{ min: 1, below: 10, value: legal }, { min: 5, below: 20, value: education }] }',
        '  income_band: { from: Fpl, ranges: [{ value: fpl_0_50 }, { min: 50, below: 50, value: fpl_50_100 }, { min: "a", value: x }] }',
        '  outcome: { const: achieved, ranges: [{ min: 0, value: achieved }] }',
        '  age_band: { from: Age, derive: age_band, ranges: [{ min: 0, value: "0-17" }] }',
      ].join('\n'));
      try { loadMapping(p); expect.unreachable(); } catch (e) {
        const m = (e as Error).message;
        expect(m).toContain('columns.service_area.ranges: ranges 1 and 2 overlap; each number may fall in one range only');
        expect(m).toContain('columns.income_band.ranges.0: give min, below or both');
        expect(m).toContain('columns.income_band.ranges.1: min (50) must be less than below (50)');
        expect(m).toContain('columns.income_band.ranges.2.min: Invalid input: expected number, received string');
        expect(m).toContain('columns.outcome: const takes no values, ranges, split or date_format');
        expect(m).toContain('columns.age_band: ranges map source values: they take no derive or date_format');
      }
    });

    it("maps a value's leading number by range, after exact values; anything else passes through to the checks", async () => {
      const w = await tempWarehouse();
      try {
        const csv = write('ranges.csv', [
          'Id,Problem,Fpl',
          'R001,63 Private Landlord/Tenant,87.5%',
          'R002,07 Public Utilities,49.99',
          'R003,73,200',
          'R004,10 Not a code,Refused',
          'R005,Eviction,-3',
          'R006,  71 TANF,',
        ].join('\n'));
        const mapping = loadMapping(write('ranges.yaml', `
columns:
  case_id: Id
  org_id: { const: range-test }
  program: { const: p }
  intake_decision: { const: accepted }
  opened_on: { const: "2024-01" }
  service_area:
    from: Problem
    values: { "73": food }
    ranges:
      - { min: 1, below: 10, value: legal }
      - { min: 61, below: 70, value: housing }
      - { min: 71, below: 80, value: income_benefits }
  income_band:
    from: Fpl
    values: { Refused: not_reported }
    ranges:
      - { min: 0, below: 50, value: fpl_0_50 }
      - { min: 50, below: 100, value: fpl_50_100 }
      - { min: 200, value: fpl_200_plus }
`));
        const r = await ingestFile(w.connection, csv, { mapping, asOf: '2025-01-01' });
        expect(r.message).toBeUndefined();
        expect(await query(w, `SELECT case_id, service_area, income_band FROM cases ORDER BY case_id`)).toEqual([
          { case_id: 'R001', service_area: 'housing', income_band: 'fpl_50_100' },
          { case_id: 'R002', service_area: 'legal', income_band: 'fpl_0_50' },
          { case_id: 'R003', service_area: 'food', income_band: 'fpl_200_plus' },
          { case_id: 'R006', service_area: 'income_benefits', income_band: null },
        ]);
        expect(await query(w, `SELECT line, column_name, rule FROM quarantine ORDER BY line, column_name`)).toEqual([
          { line: 5, column_name: 'service_area', rule: 'unknown_code' },
          { line: 6, column_name: 'income_band', rule: 'unknown_code' },
          { line: 6, column_name: 'service_area', rule: 'unknown_code' },
        ]);
      } finally {
        w.close();
      }
    });
  });
});
