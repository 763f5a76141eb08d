// Clear errors on broken exports (hand-made folders in test/fixtures/hmis): an
// InputError naming the file and, where there is one, the line; never an id.
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { hmisToFormat1 } from '../../pipeline/importers/hmis/index.ts';
import { InputError } from '../../pipeline/errors.ts';
import { tempDir } from '../helpers.ts';
import { FIXTURES, readParquet } from './hmis-helpers.ts';

const dir = tempDir('aa-hmis-err-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function failure(folder: string): Promise<InputError> {
  const out = join(dir, folder, 'cases.parquet');
  const error = await hmisToFormat1(join(FIXTURES, folder), out).then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(InputError);
  expect(existsSync(out)).toBe(false); // nothing half-written
  return error as InputError;
}

describe('broken HMIS exports', () => {
  it('a missing required file', async () => {
    const e = await failure('missing-client');
    expect(e.message).toBe(
      `${join(FIXTURES, 'missing-client')}: Client.csv is missing. An HMIS CSV export has Export, Organization, Project, Client, Enrollment and Exit ` +
        '(and 18 more files); export the whole FY2024 HMIS CSV set into one folder and try again.',
    );
    expect(e.exitCode).toBe(2);
  });

  it('the wrong format year', async () => {
    const e = await failure('wrong-version');
    expect(e.message).toBe(
      `${join(FIXTURES, 'wrong-version', 'Export.csv')} line 2: CSVVersion is '2022 v1.2', but this importer reads the FY2024 HMIS CSV format (CSVVersion '2024 v1.x'). ` +
        'Export the data in the FY2024 format, or convert it first.',
    );
  });

  it('enrollments whose PersonalID is not in Client.csv: file and lines, not the ids (a quoted line break moves the later lines)', async () => {
    const e = await failure('orphan-enrollment');
    expect(e.message).toBe(
      `${join(FIXTURES, 'orphan-enrollment', 'Enrollment.csv')} line 5 (2 records in all, at lines 5, 8): the enrollment's PersonalID is not in Client.csv. ` +
        'Every enrollment must belong to a client of the same export: export Client.csv and Enrollment.csv together.',
    );
    expect(e.message).not.toMatch(/P799[89]|E809[01]/);
  });

  it('a 0-byte file where a header is expected', async () => {
    const e = await failure('empty-client');
    expect(e.message).toBe(`${join(FIXTURES, 'empty-client', 'Client.csv')}: the file is empty (0 bytes), but a header row is expected. Export Client.csv again; it must have at least its header.`);
  });

  it('a column the importer needs is missing from the header', async () => {
    const e = await failure('missing-column');
    expect(e.message).toBe(
      `${join(FIXTURES, 'missing-column', 'Enrollment.csv')} line 1: the header has no DisablingCondition column, which the FY2024 HMIS CSV format requires in Enrollment.csv. ` +
        'Export the file in the FY2024 format (Export.csv CSVVersion 2024).',
    );
  });

  it('a record with more fields than the header (a sniffer would misread the whole file)', async () => {
    const e = await failure('ragged-enrollment');
    expect(e.message).toBe(
      `${join(FIXTURES, 'ragged-enrollment', 'Enrollment.csv')} line 8: the record has more fields than the header (quote fields that contain a comma). ` +
        'Every record of an HMIS CSV file must have the fields of its header; export the file again.',
    );
  });

  it('a byte-order mark and CRLF line endings change nothing', async () => {
    const a = await hmisToFormat1(join(FIXTURES, 'valid'), join(dir, 'plain', 'cases.parquet'));
    const b = await hmisToFormat1(join(FIXTURES, 'bom-crlf'), join(dir, 'bom', 'cases.parquet'));
    expect(await readParquet(b.casesFile)).toEqual(await readParquet(a.casesFile));
    expect(await readParquet(b.returnsFile)).toEqual(await readParquet(a.returnsFile));
  });

  it('a folder that is not there', async () => {
    await expect(hmisToFormat1(join(FIXTURES, 'no-such-export'), join(dir, 'x.parquet'))).rejects.toThrow(`${join(FIXTURES, 'no-such-export')}: no such folder. Give the folder of an HMIS CSV export.`);
  });

  it('a 0-byte optional file is only a warning (Eva has such a Disabilities.csv; so does the valid fixture)', async () => {
    const s = await hmisToFormat1(join(FIXTURES, 'valid'), join(dir, 'valid', 'cases.parquet'));
    expect(s.warnings[0]).toBe('Disabilities.csv is empty (0 bytes, not even a header); it is optional, so it is read as a file with no rows.');
  });
});
