// Printing with Debian's headless Chromium (never a tool's own browser
// download): the report document to PDF with its print stylesheet, each chart
// to PNG. The PDF's creation and modification dates are set to the data
// vintage, so the same inputs print the same bytes. Text is pulled back out of
// the PDF with poppler's pdftotext, for the leak scan and the tests.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { CliError, EXIT } from '../errors.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--font-render-hinting=none'];

export async function withBrowser<T>(job: (browser: Browser) => Promise<T>): Promise<T> {
  if (!existsSync(CHROMIUM)) throw new CliError(`No Chromium at ${CHROMIUM}: reports are printed with Debian's chromium (apt-get install -y chromium), or set CHROMIUM_PATH.`, { exitCode: EXIT.refused });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
  try {
    return await job(browser);
  } finally {
    await browser.close();
  }
}

export interface Printed { pdf: Buffer; pngs: Buffer[] }

/** Prints the document to PDF and screenshots each chart (`figure.chart svg`, in order) to PNG. */
export async function printReport(browser: Browser, html: string, stamp: Date): Promise<Printed> {
  const context = await browser.newContext({ deviceScaleFactor: 2, viewport: { width: 900, height: 1200 }, offline: true, javaScriptEnabled: false });
  try {
    const page = await context.newPage();
    await page.setContent(html, { waitUntil: 'load' });
    const pngs: Buffer[] = [];
    const charts = page.locator('figure.chart svg');
    for (let i = 0; i < (await charts.count()); i++) pngs.push(await charts.nth(i).screenshot({ type: 'png', animations: 'disabled' }));
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true, tagged: true, outline: true });
    return { pdf: pinPdfDates(pdf, stamp), pngs };
  } finally {
    await context.close();
  }
}

const pdfDate = (d: Date) => `D:${d.toISOString().replace(/[-:T]/g, '').slice(0, 14)}`;

/** Chromium stamps the print time into the PDF's Info dictionary; replace it (same length, so offsets hold). */
export function pinPdfDates(pdf: Buffer, stamp: Date): Buffer {
  const text = pdf.toString('latin1');
  const fixed = text.replace(/\/(CreationDate|ModDate) \((D:\d{14})([^)]*)\)/g, (whole, key: string, _d: string, zone: string) => {
    const next = `/${key} (${pdfDate(stamp)}${zone})`;
    return next.length === whole.length ? next : whole;
  });
  return Buffer.from(fixed, 'latin1');
}

function poppler(tool: 'pdftotext' | 'pdfinfo', args: string[]): string {
  try {
    return execFileSync(tool, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new CliError(`${tool} is not installed: the reports' PDFs are checked with Debian's poppler-utils (apt-get install -y poppler-utils).`, { exitCode: EXIT.refused });
    throw error;
  }
}

/** The PDF's text in reading order (pdftotext), pages separated by form feeds. */
export function pdfText(file: string): string {
  return poppler('pdftotext', ['-enc', 'UTF-8', file, '-']);
}

export function pdfPages(file: string): number {
  const m = /^Pages:\s+(\d+)/m.exec(poppler('pdfinfo', [file]));
  if (!m) throw new Error(`pdfinfo gave no page count for ${file}`);
  return Number(m[1]);
}

