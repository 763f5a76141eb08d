// End to end on a fixture publication: definitions in, PDF, CSV, SVG, PNG,
// page and manifest out, printed by Debian's Chromium (/usr/bin/chromium) and
// read back with poppler's pdftotext. One build in beforeAll keeps it to a few
// seconds; the failure cases stop before Chromium starts, except the page limit.
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildReports, listFiles, type BuiltReport } from '../../pipeline/reports/build.ts';
import { pdfPages, pdfText } from '../../pipeline/reports/print.ts';
import { scanReportText } from '../../pipeline/reports/scan-text.ts';
import { scanForLeaks } from '../../pipeline/publish/scan.ts';
import { TOOL_VERSION } from '../../pipeline/version.ts';
import { writePublication, writeReports } from './fixture.ts';

const SHEET = `title: Interpreter need in benefits cases
audience: coalition
layout: fact_sheet
period: { from: 2023-Q1, to: 2024-Q4 }
filters: { service_area: [income_benefits] }
reference: { interpreter_needed: "no" }
compare_with_all_cases: true
blocks:
  - heading: Key findings
  - narrative: |
      Clients who needed an interpreter had a favourable outcome in {{ rate.favourable_of_closed.interpreter_needed.yes }}.
      Their requests were accepted {{ rri.accepted_of_requests.interpreter_needed.yes }}.
      Where need was not recorded: {{ rate.favourable_of_closed.interpreter_needed.not_recorded }} and {{ rate.accepted_of_requests.interpreter_needed.not_recorded }}.
      Across all service areas: {{ rate.favourable_of_closed.all @ all }}.
  - chart: { measure: favourable_of_closed, by: interpreter_needed }
  - table: { measure: accepted_of_requests, by: interpreter_needed }
`;

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const hashes = (dir: string) => Object.fromEntries(listFiles(dir).sort().map((f) => [f, sha(readFileSync(join(dir, f)))]));
const manifestOf = (dir: string) => JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));

describe('building a report', () => {
  let pub: string;
  let defs: string;
  let outA: string;
  let outB: string;
  let built: BuiltReport;
  let shipped: BuiltReport;
  let housing: BuiltReport;
  let dir: string;
  let text: string;

  beforeAll(async () => {
    pub = writePublication();
    // The shipped fact sheet too: its own text must fit two pages.
    defs = writeReports({
      'sheet.yaml': SHEET,
      'language-access-benefits.yaml': readFileSync('reports/language-access-benefits.yaml', 'utf8'),
      // Another scope in the same run: each manifest must list only the files its own report read.
      'housing.yaml': 'title: Housing\naudience: program\nperiod: { from: 2023-Q1, to: 2024-Q4 }\nfilters: { service_area: [housing] }\nblocks:\n  - narrative: "Accepted: {{ rate.accepted_of_requests.all }}."\n',
    });
    outA = mkdtempSync(join(tmpdir(), 'reports-a-'));
    outB = mkdtempSync(join(tmpdir(), 'reports-b-'));
    [housing, shipped, built] = await buildReports({ publishedDir: pub, reportsDir: defs, outDir: outA, now: () => new Date('2025-02-01T09:00:00Z') });
    await buildReports({ publishedDir: pub, reportsDir: defs, outDir: outB, now: () => new Date('2025-03-09T17:30:00Z') });
    dir = join(outA, 'sheet');
    text = pdfText(join(dir, 'report.pdf')).replace(/\s+/g, ' ');
  }, 120_000);

  it('writes the PDF, the page, a CSV per table, SVG and PNG per chart, the extracted text and a manifest', () => {
    expect(listFiles(dir).sort()).toEqual([
      'charts/chart-1-favourable_of_closed-by-interpreter_needed.png', 'charts/chart-1-favourable_of_closed-by-interpreter_needed.svg',
      'manifest.json', 'page.json', 'report.html', 'report.pdf', 'report.txt', 'tables/table-1-accepted_of_requests-by-interpreter_needed.csv',
    ]);
    const csv = readFileSync(join(dir, 'tables/table-1-accepted_of_requests-by-interpreter_needed.csv'), 'utf8').split('\n');
    expect(csv[0]).toMatch(/^scope,measure,dimension,group_code,group_label,numerator,denominator,rate,/);
    expect(csv.find((l) => l.includes(',yes,'))).toContain('service_area=income_benefits,accepted_of_requests,interpreter_needed,yes,Yes,600,880,');
    expect(readFileSync(join(dir, 'charts/chart-1-favourable_of_closed-by-interpreter_needed.svg'), 'utf8')).toMatch(/role="img" aria-label="Favourable outcome[^"]*Not recorded: suppressed/);
    expect(readFileSync(join(dir, 'charts/chart-1-favourable_of_closed-by-interpreter_needed.png')).subarray(1, 4).toString()).toBe('PNG');
  });

  it('prints a fact sheet on at most two pages, with page numbers and the key figures in its text', () => {
    expect(built.pages).toBe(pdfPages(join(dir, 'report.pdf')));
    expect(built.pages).toBeGreaterThanOrEqual(1);
    expect(built.pages).toBeLessThanOrEqual(2);
    expect(text).toContain(`Page 1 of ${built.pages}`);
    expect(text).toContain('62.1% (95% CI 58.0–66.0%; n = 412)');
    expect(text).toContain("0.81 times the reference group's rate (Interpreter needed: No; 95% CI 0.77–0.85; n = 880)");
    expect(text).toContain('suppressed (fewer than 11 cases)');
    expect(text).toContain('70.0% (95% CI 48.0–86.0%; n = 20; unstable)');
    expect(text).toContain('58.3% (95% CI 56.3–60.3%; n = 10,800)');
    expect(text).toContain('A suppressed rate is not necessarily a low one.');
  });

  it('prints the shipped coalition fact sheet on at most two pages', () => {
    expect(shipped.id).toBe('language-access-benefits');
    expect(shipped.pages).toBeLessThanOrEqual(2);
    expect(shipped.warnings).toEqual([]);
  });

  it('lists the suppressed and unstable claims as warnings', () => {
    expect(built.warnings.map((w) => `${w.line}: ${w.message.split(':')[0]}`)).toEqual([
      '13: {{ rate.favourable_of_closed.interpreter_needed.not_recorded }} is suppressed',
      '13: {{ rate.accepted_of_requests.interpreter_needed.not_recorded }} is unstable',
    ]);
  });

  it('records inputs, vintage, code version, thresholds and outputs in the manifest', () => {
    const m = manifestOf(dir);
    const fileHash = (f: string) => sha(readFileSync(join(pub, f)));
    const read = ['group_rates.json', 'manifest.json', 'scopes.json', 'scopes/service_area=income_benefits.json'];
    expect(m.inputs).toEqual(read.map((file) => ({ file, sha256: fileHash(file) })));
    expect(manifestOf(join(outA, housing.id)).inputs.map((i: { file: string }) => i.file)).toEqual(['group_rates.json', 'manifest.json', 'scopes.json', 'scopes/service_area=housing.json']);
    expect(m.data_vintage).toEqual({ first_opened: '2023-01-01', last_opened: '2024-12-31', last_load: '2025-01-15 10:00:00', loads: 3 });
    expect(m.warehouse).toEqual({ schema_version: 2, published_by: '0.1.0+fixture' });
    expect(m.code_version).toBe(TOOL_VERSION);
    expect(m.thresholds).toEqual({ k: 11, confidence_level: 0.95, reliability: { min_count: 30, unstable_rse: 0.3, very_unstable_rse: 0.5 }, favourable_outcomes: ['achieved', 'partially_achieved'] });
    expect(m.scope.id).toBe('service_area=income_benefits');
    expect(m.generated_at).toBe('2025-02-01T09:00:00.000Z');
    expect(m.claims.map((c: { status: string }) => c.status)).toEqual(['ok', 'ok', 'suppressed', 'unstable', 'ok']);
    for (const o of m.outputs) expect(o.sha256).toBe(sha(readFileSync(join(dir, o.file))));
  });

  it('builds the same content twice from the same inputs, the generation time aside', () => {
    const a = hashes(outA), b = hashes(outB);
    for (const f of ['sheet/manifest.json', 'language-access-benefits/manifest.json', 'housing/manifest.json']) {
      expect(a[f]).toBeDefined();
      delete a[f];
      delete b[f];
    }
    expect(b).toEqual(a);
    const ma = manifestOf(dir), mb = manifestOf(join(outB, 'sheet'));
    expect(ma.generated_at).not.toBe(mb.generated_at);
    expect({ ...mb, generated_at: null }).toEqual({ ...ma, generated_at: null });
  });

  it('passes the leak scanner on every output, and the scanner would catch a small count', async () => {
    expect(await scanForLeaks(dir, 11)).toEqual([]);
    expect(scanReportText(text, 'report.pdf', 11)).toEqual([]);
    const planted = mkdtempSync(join(tmpdir(), 'reports-leak-'));
    cpSync(dir, planted, { recursive: true });
    const csvFile = join(planted, 'tables/table-1-accepted_of_requests-by-interpreter_needed.csv');
    writeFileSync(csvFile, readFileSync(csvFile, 'utf8').replace(',600,880,', ',7,880,'));
    expect((await scanForLeaks(planted, 11)).map((f) => f.kind)).toEqual(['small_count']);
    expect(scanReportText('accepted in 41.2% (95% CI 20.0–60.0%; n = 7)', 'report.pdf', 11).map((f) => f.kind)).toEqual(['small_count']);
    // A page number followed by the next page's first words is no count; a small count after a footer still is.
    expect(scanReportText('Page 4 of 5\n\n\fcases opened 2023-01-01 to 2024-12-30', 'report.pdf', 11)).toEqual([]);
    expect(scanReportText('Page 4 of 5\n\n\f7 cases were closed', 'report.pdf', 11).map((f) => f.where)).toEqual(['a count written in the text at character 14']);
  });
});

describe('a report that cannot be built', () => {
  const build = (yaml: string, opts: { withScopes?: boolean } = {}) =>
    buildReports({ publishedDir: writePublication(opts), reportsDir: writeReports({ 'r.yaml': yaml }), outDir: mkdtempSync(join(tmpdir(), 'reports-x-')) });

  it('fails on an unknown claim with the file, line and nearest ids, before printing', async () => {
    await expect(build(SHEET.replace('interpreter_needed.yes }}.\n', 'interpreter_needed.yess }}.\n'))).rejects.toThrow(/r\.yaml line 11: unknown claim \{\{ rate\.favourable_of_closed\.interpreter_needed\.yess \}\}\. Nearest valid ids: rate\.favourable_of_closed\.interpreter_needed\.yes/);
  });

  it('tells the user to re-run measure and publish when the scope is missing', async () => {
    await expect(build(SHEET, { withScopes: false })).rejects.toThrow(/no scope for the filter .*income_benefits.*npm run pipeline -- measure && npm run pipeline -- publish/);
  });

  it('refuses a period outside the data, and a reference the publication does not use', async () => {
    await expect(build(SHEET.replace('to: 2024-Q4', 'to: 2025-Q2'))).rejects.toThrow(/period\.to: 2025-Q2 is not in the data, which holds cases opened 2023-01-01 to 2024-12-31/);
    await expect(build(SHEET.replace('interpreter_needed: "no"', 'interpreter_needed: "yes"'))).rejects.toThrow(/reference\.interpreter_needed: the publication compares every group with 'no', not 'yes'/);
  });

  it('refuses a fact sheet longer than its page limit, and publishes nothing', async () => {
    const out = mkdtempSync(join(tmpdir(), 'reports-long-'));
    const long = SHEET.replace('layout: fact_sheet', 'layout: fact_sheet\nmax_pages: 1') + '  - chart: { measure: accepted_of_requests, by: interpreter_needed }\n'.repeat(6);
    await expect(buildReports({ publishedDir: writePublication(), reportsDir: writeReports({ 'r.yaml': long }), outDir: out })).rejects.toThrow(/prints on \d pages; a fact sheet must fit 1/);
    expect(existsSync(join(out, 'r'))).toBe(false);
  }, 60_000);
});
