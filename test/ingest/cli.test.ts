// The command line as a person meets it: exit codes, summaries, clear errors
// and never a stack trace for bad input; a second writer is told to wait.
import { describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { openWarehouse } from '../../pipeline/warehouse/open.ts';
import { tempDir } from '../helpers.ts';

const ROOT = join(import.meta.dirname, '../..');
const FIX = join(ROOT, 'test/fixtures/ingest');
const TSX = join(ROOT, 'node_modules/.bin/tsx');

function cli(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(TSX, [join(ROOT, 'pipeline/cli.ts'), ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
const noStack = (s: string) => expect(s).not.toMatch(/\n\s+at .+:\d+:\d+/);

describe('pipeline CLI', () => {
  it('exits 0 when everything loads, with a line per file and a total', () => {
    const wh = join(tempDir(), 'w.duckdb');
    const r = cli(['ingest', join(FIX, 'good.csv'), '--warehouse', wh, '--as-of', '2025-06-30']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('good.csv: read 3 · loaded 3 · updated 0 · quarantined 0');
    expect(r.out).toContain('total: 1 file · read 3 · loaded 3 · updated 0 · quarantined 0 · refused 0 files');
    expect(r.out).toMatch(/data tests: (\d+)\/\1 passed/);
  });

  it('exits 3 when rows are quarantined, and 2 when a file is refused; --json prints the same', () => {
    const wh = join(tempDir(), 'w.duckdb');
    const q = cli(['ingest', join(FIX, 'ragged.csv'), '--warehouse', wh]);
    expect(q.code).toBe(3);
    expect(q.out).toContain('1 row too_few_fields, first at line 3');
    const refused = cli(['ingest', join(FIX, 'pii-columns.csv'), join(FIX, 'good.csv'), '--warehouse', wh, '--json', '--as-of', '2025-06-30']);
    expect(refused.code).toBe(2);
    const json = JSON.parse(refused.out);
    expect(json.files.map((f: { status: string }) => f.status)).toEqual(['refused', 'loaded']);
    expect(json.total).toMatchObject({ files: 2, read: 3, loaded: 3, refused: 1 });
    noStack(refused.err);
  });

  it('explains bad usage and bad paths without a stack trace', () => {
    const missing = cli(['ingest', '/no/such/export.csv']);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('/no/such/export.csv: no such file or folder. Check the path.');
    noStack(missing.err);
    const badDate = cli(['ingest', join(FIX, 'good.csv'), '--as-of', '30/06/2025']);
    expect(badDate.code).toBe(2);
    expect(badDate.err).toContain('--as-of 30/06/2025: give a date as YYYY-MM-DD.');
    const badMapping = cli(['ingest', join(FIX, 'good.csv'), '--mapping', join(FIX, 'README.md')]);
    expect(badMapping.code).toBe(2);
    expect(badMapping.err).toContain('Mapping file');
    noStack(badMapping.err);
  });

  it('ingests a HUD HMIS export folder with --format hmis, warning about its known defects', () => {
    const wh = join(tempDir(), 'w.duckdb');
    const eva = join(ROOT, '../shared/data/hmis-sample/eva-demo-fy2024');
    const r = cli(['ingest', '--format', 'hmis', eva, '--warehouse', wh]);
    expect(r.code).toBe(0);
    // 2,960 heads of household (independent count: test/fixtures/hmis/independent_counts.py).
    expect(r.out).toContain('eva-demo-fy2024: read 2,960 · loaded 2,960 · updated 0 · quarantined 0');
    expect(r.err).toContain('Disabilities.csv is empty (0 bytes, not even a header)');
    const bad = cli(['ingest', '--format', 'hmis', eva, '--mapping', 'x.yaml', '--warehouse', wh]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--format hmis reads an HMIS export folder itself: leave out --mapping.');
  });

  it('a second writer gets a clear message, or waits with --wait', async () => {
    const wh = join(tempDir(), 'w.duckdb');
    const holder = await openWarehouse(wh);
    const busy = cli(['ingest', join(FIX, 'good.csv'), '--warehouse', wh]);
    expect(busy.code).toBe(4);
    expect(busy.err).toMatch(/The warehouse .*w\.duckdb is in use by process \d+ \(another ingest or pipeline run\)\. Wait for it to finish, or run again with --wait SECONDS to wait for it\./);
    noStack(busy.err);
    const waiting = spawn(TSX, [join(ROOT, 'pipeline/cli.ts'), 'ingest', join(FIX, 'good.csv'), '--warehouse', wh, '--wait', '30', '--as-of', '2025-06-30']);
    let out = '';
    waiting.stdout.on('data', (d) => (out += d));
    await new Promise((r) => setTimeout(r, 1500));
    holder.close();
    const code = await new Promise((r) => waiting.on('close', r));
    expect(code).toBe(0);
    expect(out).toContain('loaded 3');
  });
});

describe('error messages', () => {
  it('never repeat the input text DuckDB quotes in its errors', async () => {
    const { safeMessage } = await import('../../pipeline/errors.ts');
    const err = new Error('Invalid Input Error: CSV Error on Line: 2\nOriginal Line: C-0001,jane@example.org,555-123-4567\nmore');
    expect(safeMessage(err)).toBe('Invalid Input Error: CSV Error on Line: 2'); // the line number stays, the quoted line goes
    expect(safeMessage(new Error('Malformed JSON at byte 1 of input: unexpected character.  Input: "{\\"ssn\\": 1}"'))).toBe('Malformed JSON at byte 1 of input: unexpected character.');
  });
});
