// How the ingest treats awkward and hostile files: every outcome is a load, a
// quarantine with a reason, or a refusal with a message a person can act on.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ingestFile, type FileResult } from '../../pipeline/ingest/ingest.ts';
import { query, tempWarehouse } from '../helpers.ts';

const FIX = join(import.meta.dirname, '../fixtures/ingest');
const AS_OF = '2025-06-30';
let w: Awaited<ReturnType<typeof tempWarehouse>>;
beforeEach(async () => { w = await tempWarehouse(); });
afterEach(() => w.close());

const ingest = (file: string) => ingestFile(w.connection, file.startsWith('/') ? file : join(FIX, file), { asOf: AS_OF });
const counts = (r: FileResult) => ({ read: r.read, loaded: r.loaded, updated: r.updated, quarantined: r.quarantined });
const caseCount = async () => Number((await query(w, 'SELECT count(*) AS n FROM cases'))[0].n);

describe('ingest of awkward files', () => {
  it('loads a clean file and reconciles', async () => {
    const r = await ingest('good.csv');
    expect(r.status).toBe('loaded');
    expect(counts(r)).toEqual({ read: 3, loaded: 3, updated: 0, quarantined: 0 });
    const rows = await query(w, `SELECT case_id, opened_on::VARCHAR AS opened_on, opened_precision, race_ethnicity FROM cases ORDER BY case_id`);
    expect(rows[2]).toEqual({ case_id: 'G-0003', opened_on: '2024-02-01', opened_precision: 'month', race_ethnicity: ['not_reported'] });
  });

  it('reads a BOM, semicolons and header names in any case with stray spaces', async () => {
    const r = await ingest('bom-semicolon.csv');
    expect(counts(r)).toEqual({ read: 2, loaded: 2, updated: 0, quarantined: 0 });
    expect((await query(w, `SELECT barriers FROM cases WHERE case_id = 'B-0001'`))[0].barriers).toEqual(['wait_time', 'cost']);
  });

  it('accepts a header-only file as zero rows', async () => {
    const r = await ingest('header-only.csv');
    expect(r.status).toBe('loaded');
    expect(counts(r)).toEqual({ read: 0, loaded: 0, updated: 0, quarantined: 0 });
  });

  it('refuses an empty file, saying what was expected', async () => {
    const r = await ingest('empty.csv');
    expect(r.status).toBe('refused');
    expect(r.message).toBe('refused: the file is empty. Expected a header row naming the columns, then one row per case.');
    expect((await query(w, `SELECT status FROM ingest_runs`))[0].status).toBe('refused');
  });

  it('refuses a tab-delimited file, naming the delimiter problem', async () => {
    const r = await ingest('tabs.csv');
    expect(r.status).toBe('refused');
    expect(r.message).toMatch(/^refused: the header row has a single column \('case_id\torg_id.*'\), so the delimiter is not a comma or semicolon\. It looks tab-separated\. Export with comma or semicolon delimiters\.$/);
  });

  it('refuses a file without a required column, listing what it has', async () => {
    const r = await ingest('missing-required.csv');
    expect(r.message).toBe('refused: required column intake_decision is missing. The file has: case_id, org_id, program, service_area, opened_on. Rename the header (names match ignoring case) or map it with --mapping.');
    expect(await caseCount()).toBe(0);
  });

  it('quarantines ragged rows with their physical lines and loads the rest', async () => {
    const r = await ingest('ragged.csv');
    expect(counts(r)).toEqual({ read: 6, loaded: 3, updated: 0, quarantined: 3 });
    const q = await query(w, 'SELECT line, rule FROM quarantine ORDER BY line');
    // R-0005 spans lines 6-7; the line break inside its list is not trimmed away, it is reported.
    expect(q).toEqual([{ line: 3, rule: 'too_few_fields' }, { line: 4, rule: 'too_many_fields' }, { line: 6, rule: 'unknown_code' }]);
    // R-0006 follows a record with a quoted line break: line 8, not 7.
    expect((await query(w, `SELECT source_line FROM cases WHERE case_id = 'R-0006'`))[0].source_line).toBe(8);
  });

  it('quarantines a line with bytes that are not UTF-8', async () => {
    const path = join(w.dir, 'latin1.csv');
    const good = readFileSync(join(FIX, 'good.csv'));
    // "Peña" in Latin-1 (0xF1) inside the program field of a fourth row.
    writeFileSync(path, Buffer.concat([good, Buffer.from('G-0004,org-a,pe'), Buffer.from([0xf1]), Buffer.from('a,housing,waitlisted,2024-01-05,,,\n')]));
    const r = await ingest(path);
    expect(counts(r)).toEqual({ read: 4, loaded: 3, updated: 0, quarantined: 1 });
    expect(await query(w, 'SELECT line, rule, message FROM quarantine')).toEqual([
      { line: 5, rule: 'not_utf8', message: 'line 5: the line is not valid UTF-8. Save the export as UTF-8 and ingest again.' },
    ]);
  });

  it('quarantines a 10 MB field without copying it anywhere', async () => {
    const path = join(w.dir, 'huge.csv');
    const good = readFileSync(join(FIX, 'good.csv'), 'utf8');
    writeFileSync(path, `${good}G-0009,org-a,${'x'.repeat(10_000_000)},housing,waitlisted,2024-01-05,,,\n`);
    const r = await ingest(path);
    expect(counts(r)).toEqual({ read: 4, loaded: 3, updated: 0, quarantined: 1 });
    const q = await query(w, 'SELECT line, rule, length(message) AS len FROM quarantine');
    expect(q).toEqual([{ line: 5, rule: 'line_too_long', len: expect.any(Number) }]);
    expect(Number(q[0].len)).toBeLessThan(300);
  });

  it('keeps formula-like strings as inert text and never echoes more than 40 characters', async () => {
    const r = await ingest('formula.csv');
    expect(counts(r)).toEqual({ read: 2, loaded: 0, updated: 0, quarantined: 2 });
    const q = await query(w, 'SELECT line, column_name, message FROM quarantine ORDER BY line');
    expect(q[0]).toEqual({ line: 2, column_name: 'program', message: `program '=HYPERLINK("http://example.org","x")' is not valid: use 1–48 characters of a–z, 0–9, _ or -.` });
    expect(q[1]).toEqual({ line: 3, column_name: 'county_fips', message: "county_fips '+cmd' is not valid: use the 5-digit county FIPS code, e.g. 53033." });
  });

  it('refuses columns named like direct identifiers, naming each, and loads nothing', async () => {
    const r = await ingest('pii-columns.csv');
    expect(r.status).toBe('refused');
    expect(r.message).toBe(
      "refused: it carries direct identifiers, which this project never loads: column 'Client First Name' is named like a person's name; " +
        "column 'phone' is named like a phone number; column 'DOB' is named like a birth date. Remove these columns or values from the export " +
        '(or drop or derive them with a mapping file: --mapping) and ingest again. Nothing from this file was loaded.',
    );
    expect(await caseCount()).toBe(0);
  });

  it('refuses values that look like identifiers in any column, with line but never the value', async () => {
    const r = await ingest('pii-values.csv');
    expect(r.status).toBe('refused');
    expect(r.message).toContain("column 'notes' holds a value that looks like a Social Security number (first at line 4)");
    expect(r.message).toContain("column 'notes' holds a value that looks like an e-mail address (first at line 3)");
    expect(r.message).not.toContain('123-45-6789');
    expect(r.message).not.toContain('jane.doe');
    expect(await caseCount()).toBe(0);
    expect(await query(w, 'SELECT count(*) AS n FROM quarantine')).toEqual([{ n: 0 }]);
  });

  it('reads JSON Lines: arrays, numbers, key case, and a broken line', async () => {
    const r = await ingest('good.jsonl');
    expect(counts(r)).toEqual({ read: 3, loaded: 2, updated: 0, quarantined: 1 });
    expect(await query(w, 'SELECT line, rule FROM quarantine')).toEqual([{ line: 2, rule: 'invalid_json' }]);
    const rows = await query(w, 'SELECT case_id, barriers, days_to_close, benefit_usd FROM cases ORDER BY case_id');
    expect(rows).toEqual([
      { case_id: 'J-0001', barriers: ['cost', 'wait_time'], days_to_close: 56, benefit_usd: null },
      { case_id: 'J-0003', barriers: null, days_to_close: null, benefit_usd: 150 },
    ]);
  });

  it('reads Parquet with row numbers as lines', async () => {
    const path = join(w.dir, 'export.parquet');
    await w.connection.run(`COPY (SELECT * FROM read_csv('${join(FIX, 'good.csv')}', all_varchar = true)) TO '${path}' (FORMAT parquet)`);
    const r = await ingest(path);
    expect(counts(r)).toEqual({ read: 3, loaded: 3, updated: 0, quarantined: 0 });
    expect((await query(w, `SELECT source_line FROM cases WHERE case_id = 'G-0003'`))[0].source_line).toBe(3);
  });

  it('refuses an unknown extension and a file that is not Parquet', async () => {
    await expect(ingest(join(FIX, 'README.md'))).rejects.toThrow("cannot tell the format from the extension '.md'. Name it .csv, .jsonl or .parquet, or pass --format.");
    const fake = join(w.dir, 'fake.parquet');
    writeFileSync(fake, 'not parquet');
    const r = await ingest(fake);
    expect(r.message).toBe('refused: this is not a readable Parquet file. Check that the export finished and the file is complete.');
  });
});
