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
});
