// Builds reports from their definitions and the publication: the ledger
// resolves every claim, the breakdowns become tables (HTML + CSV) and charts
// (SVG + PNG), Chromium prints the PDF, and everything goes to
// data/published/reports/<id>/ with a manifest, after a leak scan of every
// output (the PDF through its extracted text). Written aside and swapped in
// whole, so a failed build leaves the previous report in place.
import type { DuckDBConnection } from '@duckdb/node-api';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { CliError, EXIT, InputError } from '../errors.ts';
import { scanForLeaks, type Finding } from '../publish/scan.ts';
import { TOOL_VERSION } from '../version.ts';
import { DEFAULT_PUBLISHED_DIR } from '../publish/publish.ts';
import { breakdownRows, rateChartSvg, tableCsv, tableHtml, titleOf, UnknownGroupError } from './breakdowns.ts';
import { checkFilters, checkPeriod, checkReferences, failIfAny } from './checks.ts';
import { DEFAULT_REPORTS_DIR, isAllCases, loadReport, reportFiles, type LoadedReport } from './definition.ts';
import { REPORT_CSS, reportBody, reportDocument } from './document.ts';
import { createLedger, escapeHtml, renderNarrative, UnknownClaimError, type LedgerWarning } from './ledger.ts';
import { pdfPages, pdfText, printReport, withBrowser } from './print.ts';
import { openPublication, type Publication, type Scope } from './published-data.ts';
import { scanReportText } from './scan-text.ts';

export interface BuildOptions {
  publishedDir?: string;
  reportsDir?: string;
  /** Default: <publishedDir>/reports. */
  outDir?: string;
  /** Only these report ids (default: every definition). */
  ids?: string[];
  /** For the leak scan's case-id check (optional: reports never read the warehouse). */
  warehouse?: DuckDBConnection;
  now?: () => Date;
}

export interface BuiltReport {
  id: string;
  dir: string;
  pages: number;
  claims: number;
  warnings: LedgerWarning[];
  files: { file: string; sha256: string; bytes: number }[];
  ms: number;
}

const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
const slug = (s: string) => s.replace(/[^a-z0-9_]+/gi, '_');

export async function buildReports(o: BuildOptions = {}): Promise<BuiltReport[]> {
  const publishedDir = o.publishedDir ?? DEFAULT_PUBLISHED_DIR;
  const reportsDir = o.reportsDir ?? DEFAULT_REPORTS_DIR;
  const files = reportFiles(reportsDir);
  const known = files.map((f) => f.split('/').pop()!.replace(/\.ya?ml$/, ''));
  for (const id of o.ids ?? []) if (!known.includes(id)) throw new InputError(`There is no report '${id}' in ${reportsDir}/; the reports are ${known.join(', ') || '(none)'}.`);
  const chosen = files.filter((_, i) => !o.ids?.length || o.ids.includes(known[i]));
  // Every definition is checked before anything is printed: a bad file fails fast.
  const reports = chosen.map(loadReport);
  if (!reports.length) return [];
  const publication = openPublication(publishedDir);
  // Everything that can be wrong with a definition or its data is found before Chromium starts.
  const composed = reports.map((r) => compose(r, publication));
  return withBrowser(async (browser) => {
    const out: BuiltReport[] = [];
    for (const c of composed) out.push(await printAndPublish(c, publication, browser, { ...o, outDir: o.outDir ?? join(publishedDir, 'reports') }));
    return out;
  });
}

interface Output { file: string; body: Buffer | string }

interface Composed {
  r: LoadedReport;
  html: string;
  outputs: Output[];
  charts: { file: string; png: string; title: string }[];
  page: Record<string, unknown>;
  ledger: ReturnType<typeof createLedger>;
  scope: Scope;
  /** The published files this report read (several reports share one publication). */
  read: Set<string>;
  started: number;
}

function compose(r: LoadedReport, pub: Publication): Composed {
  const started = Date.now();
  const d = r.definition;
  const k = pub.manifest.k;
  const all = pub.scope({});
  failIfAny(r, [...checkPeriod(r, pub.manifest.data, [...new Set(all.rows.filter((x) => x.dimension === 'quarter').map((x) => x.group_code))].sort()), ...checkFilters(r, all.rows)]);
  const scoped = pub.scope(d.filters);
  failIfAny(r, checkReferences(r, scoped.rows));
  const inputHash = (file: string) => pub.inputs.find((i) => i.file === file)?.sha256 ?? '';
  const ledger = createLedger({
    file: r.file, rows: scoped.rows, scopeLabel: scoped.scope.label, k,
    allCases: d.compare_with_all_cases ? { rows: all.rows, origin: { file: all.scope.file, sha256: inputHash(all.scope.file) } } : undefined,
    origin: { file: scoped.scope.file, sha256: inputHash(scoped.scope.file) },
    favourableOutcomes: pub.manifest.favourable_outcomes, period: d.period, data: pub.manifest.data,
  });

  const outputs: Output[] = [];
  const tables: { file: string; caption: string; csv: string }[] = [];
  const charts: { file: string; png: string; title: string }[] = [];
  const blocks: string[] = [];
  d.blocks.forEach((b, i) => {
    if (b.heading) blocks.push(`<h2>${escapeHtml(b.heading)}</h2>`);
    if (b.narrative) blocks.push(`<div class="narrative">${renderNarrative(b.narrative, r.narrativeLines.get(i) ?? 0, ledger, r.file)}</div>`);
    for (const kind of ['table', 'chart'] as const) {
      const spec = b[kind];
      if (!spec) continue;
      let rows;
      try {
        rows = breakdownRows(scoped.rows, spec, `${r.file} blocks.${i}.${kind}`);
      } catch (error) {
        if (error instanceof UnknownGroupError) throw new InputError(error.message);
        throw error;
      }
      const title = titleOf(rows, spec);
      const reference = rows.find((x) => x.is_reference);
      const compared = reference ? ` Ratios compare with ${reference.group_label} (${reference.reference_rule}).` : '';
      const scopeNote = `${scoped.scope.label}, cases opened ${pub.manifest.data.first_opened} to ${pub.manifest.data.last_opened}.`;
      const n = kind === 'table' ? tables.length + 1 : charts.length + 1;
      const base = `${kind}-${n}-${slug(spec.measure)}-by-${slug(spec.by)}`;
      const csv = tableCsv(rows, scoped.scope.id);
      const table = tableHtml(rows, `${title}. ${scopeNote}`, k, d.compare_with_all_cases ? all.rows : undefined);
      if (kind === 'table') {
        tables.push({ file: `tables/${base}.csv`, caption: title, csv });
        outputs.push({ file: `tables/${base}.csv`, body: csv });
        // A table longer than about half a page may break between rows (header repeated) rather than leave a blank half page.
        blocks.push(`<figure class="table-block${rows.length > 20 ? ' long' : ''}">${table}<figcaption>${escapeHtml(compared.trim())} Also as tables/${base}.csv.</figcaption></figure>`);
      } else {
        const svg = rateChartSvg(rows, title, k);
        charts.push({ file: `charts/${base}.svg`, png: `charts/${base}.png`, title });
        outputs.push({ file: `charts/${base}.svg`, body: `<?xml version="1.0" encoding="UTF-8"?>\n${svg}\n` });
        blocks.push(`<figure class="chart">${svg}<figcaption>${escapeHtml(title)}. ${escapeHtml(scopeNote)}${escapeHtml(compared)}</figcaption><details><summary>The chart's figures as a table</summary>${table}</details></figure>`);
      }
    }
  });
  if (ledger.problems.length) throw new UnknownClaimError(ledger.problems);

  const m = pub.manifest;
  const level = Math.round(m.confidence_level * 100);
  const about = escapeHtml(`Aggregates only: counts from 1 to ${k - 1}, and any figure they could be worked out from, are suppressed (k = ${k}); a suppressed figure is not necessarily a low one. Rates carry ${level}% Wilson score intervals and n (the denominator); ratios name their reference group. Unstable: n under ${m.reliability.min_count} or a relative standard error of ${Math.round(m.reliability.unstable_rse * 100)}% or more. Source: the publication of ${m.data.last_load ?? 'unknown date'} UTC (${scoped.scope.file}, sha256 ${inputHash(scoped.scope.file).slice(0, 12)}); report definition ${relative(process.cwd(), r.file)}; code ${TOOL_VERSION}.`);
  const parts = { id: r.id, definition: d, scopeLabel: scoped.scope.label, data: m.data, blocks, claims: ledger.claims(), about };
  const html = reportDocument(parts);
  const page = { id: r.id, title: d.title, audience: d.audience, layout: d.layout, scope: scoped.scope.label, style: REPORT_CSS, body: reportBody(parts), tables, charts };
  const read = new Set(['manifest.json', all.scope.file, scoped.scope.file, ...(isAllCases(d.filters) ? [] : ['scopes.json'])]);
  return { r, html, outputs, charts, page, ledger, scope: scoped.scope, read, started };
}

async function printAndPublish(c: Composed, pub: Publication, browser: Browser, o: BuildOptions & { outDir: string }): Promise<BuiltReport> {
  const { r, html, outputs, charts, ledger, started } = c;
  const d = r.definition;
  const m = pub.manifest;
  const k = m.k;
  const stamp = new Date(`${(m.data.last_load ?? m.data.last_opened).replace(' ', 'T')}Z`);
  const printed = await printReport(browser, html, Number.isNaN(stamp.getTime()) ? new Date(0) : stamp);
  charts.forEach((c, i) => outputs.push({ file: c.png, body: printed.pngs[i] }));
  outputs.push({ file: 'report.html', body: html }, { file: 'report.pdf', body: printed.pdf });
  outputs.push({ file: 'page.json', body: `${JSON.stringify(c.page, null, 1)}\n` });

  // Written aside; scanned; then swapped in whole.
  const final = resolve(o.outDir, r.id);
  const tmp = `${final}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  for (const f of outputs) {
    mkdirSync(dirname(join(tmp, f.file)), { recursive: true });
    writeFileSync(join(tmp, f.file), f.body);
  }
  const text = pdfText(join(tmp, 'report.pdf'));
  writeFileSync(join(tmp, 'report.txt'), text);
  outputs.push({ file: 'report.txt', body: text });
  const pages = pdfPages(join(tmp, 'report.pdf'));
  const maxPages = d.max_pages ?? (d.layout === 'fact_sheet' ? 2 : undefined);
  try {
    if (maxPages !== undefined && pages > maxPages) throw new InputError(`Report ${r.file} prints on ${pages} pages; a ${d.layout.replace('_', ' ')} must fit ${maxPages}. Shorten its narrative, drop a table or chart, or choose fewer groups.`);
    const findings: Finding[] = [...(await scanForLeaks(tmp, k, o.warehouse)), ...scanReportText(text, 'report.pdf (extracted text)', k)];
    if (findings.length) {
      throw new CliError(`The leak scan of report ${r.id} found ${findings.length} problem${findings.length > 1 ? 's' : ''}; it was not published:\n${findings.slice(0, 20).map((f) => `  - ${f.file}: ${f.kind.replaceAll('_', ' ')} (${f.where})`).join('\n')}`, { exitCode: EXIT.refused });
    }
  } catch (error) {
    rmSync(tmp, { recursive: true, force: true });
    throw error;
  }

  const outputsList = outputs.map((f) => ({ file: f.file, sha256: sha256(f.body), bytes: Buffer.byteLength(f.body) })).sort((a, b) => a.file.localeCompare(b.file));
  const manifest = {
    report: r.id, title: d.title, audience: d.audience, layout: d.layout,
    definition: { file: relative(process.cwd(), r.file), sha256: sha256(r.source) },
    period: d.period, filters: d.filters, scope: c.scope,
    publication: relative(process.cwd(), resolve(pub.dir)) || '.',
    inputs: pub.inputs.filter((i) => c.read.has(i.file)),
    data_vintage: m.data,
    warehouse: { schema_version: m.warehouse_schema ?? null, published_by: m.code_version ?? null },
    code_version: TOOL_VERSION,
    thresholds: { k, confidence_level: m.confidence_level, reliability: m.reliability, favourable_outcomes: m.favourable_outcomes },
    pages, max_pages: maxPages ?? null,
    claims: ledger.claims().map((c) => ({ note: c.n, id: c.id, status: c.status, text: c.text })),
    warnings: ledger.warnings.map((w) => `${w.file} line ${w.line}: ${w.message}`),
    outputs: outputsList,
    generated_at: (o.now ?? (() => new Date()))().toISOString(),
  };
  writeFileSync(join(tmp, 'manifest.json'), `${JSON.stringify(manifest, null, 1)}\n`);
  mkdirSync(dirname(final), { recursive: true });
  const old = `${final}.old-${process.pid}`;
  if (existsSync(final)) renameSync(final, old);
  renameSync(tmp, final);
  rmSync(old, { recursive: true, force: true });
  return { id: r.id, dir: final, pages, claims: manifest.claims.length, warnings: ledger.warnings, files: outputsList, ms: Date.now() - started };
}

/** Every file under a report's folder (for tests and the command's summary). */
export function listFiles(dir: string, base = dir): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? listFiles(join(dir, n), base) : [relative(base, join(dir, n))]));
}
