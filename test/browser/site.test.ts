// Browser test of the built site. It builds nothing: run `npm run build` first,
// then `npm run test:browser`. It serves dist/ on 127.0.0.1, opens every page
// of observablehq.config.ts in Debian's Chromium (/usr/bin/chromium, package
// `chromium`; never a tool's own browser download) and checks that each page
// answers 200, logs no console error, asks no host but 127.0.0.1, and has no
// serious or critical axe violation. Screenshots (screen and print) go to
// test-output/screenshots/ for a person to look at.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sitePaths } from '../../observablehq.config.ts';
import { serveStatic, type StaticServer } from './static-server.ts';

const PROJECT = path.resolve(import.meta.dirname, '..', '..');
const DIST = path.join(PROJECT, 'dist');
const SHOTS = path.join(PROJECT, 'test-output', 'screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

const shotName = (p: string) => (p === '/' ? 'index' : p.replace(/^\//, '').replace(/\//g, '__'));

/** A desktop with the sidebar open, and a phone, where wide tables must scroll. */
const VIEWPORTS = [
  { name: 'desktop', width: 1280, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const;
// Organisation and program pages share one template each: the phone layout is
// checked on the first of each (every page is still checked on the desktop).
const TEMPLATED = ['/organisations/', '/programs/'];
const firstOfTemplate = new Set(TEMPLATED.map((prefix) => sitePaths().find((p) => p.startsWith(prefix))));
const onPhone = (p: string) => !TEMPLATED.some((prefix) => p.startsWith(prefix)) || firstOfTemplate.has(p);
const CASES = sitePaths().flatMap((pagePath) => VIEWPORTS.filter((v) => v.name === 'desktop' || onPhone(pagePath)).map((viewport) => ({ pagePath, viewport })));

describe('built site', () => {
  let server: StaticServer;
  let browser: Browser;

  beforeAll(async () => {
    if (!existsSync(path.join(DIST, 'index.html')))
      throw new Error(`no built site in ${DIST}: run \`npm run build\` before \`npm run test:browser\``);
    if (!existsSync(CHROMIUM))
      throw new Error(`no Chromium at ${CHROMIUM}: install Debian's package (apt-get install -y chromium)`);
    await mkdir(SHOTS, { recursive: true });
    server = await serveStatic(DIST);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  // Two pages at a time (maxConcurrency in vitest.browser.config.ts), each in its own context:
  // 197 s instead of 318 s for the 40 cases on 2 cores. Plain assertions only, so the global expect is safe.
  it.concurrent.each(CASES)('$pagePath on a $viewport.name loads offline, without errors, and passes axe', async ({ pagePath, viewport }) => {
    const context = await browser.newContext({ viewport: { width: viewport.width, height: viewport.height } });
    const page = await context.newPage();
    const consoleErrors: string[] = [];
    const offHost: string[] = [];
    const failed: string[] = [];
    // Every request is checked here, and one to another host never leaves the machine.
    await context.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (url.protocol === 'data:' || url.protocol === 'blob:' || url.hostname === '127.0.0.1') return route.continue();
      offHost.push(url.href);
      return route.abort('blockedbyclient');
    });
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(`uncaught: ${e.message}`));
    page.on('requestfailed', (r) => failed.push(`${r.url()} ${r.failure()?.errorText ?? ''}`));
    page.on('response', (r) => {
      if (r.status() >= 400) failed.push(`${r.url()} ${r.status()}`);
    });

    try {
      const response = await page.goto(server.origin + pagePath, { waitUntil: 'networkidle' });
      expect(response?.status(), `HTTP status of ${pagePath}`).toBe(200);
      // Framework fills each cell's <observablehq-loading> placeholder when it has run.
      await page.waitForFunction(() => !document.querySelector('observablehq-loading'), undefined, { timeout: 15000 });
      await page.screenshot({ path: path.join(SHOTS, `${shotName(pagePath)}.${viewport.name}.png`), fullPage: true });
      if (viewport.name === 'desktop') {
        await page.emulateMedia({ media: 'print' });
        await page.screenshot({ path: path.join(SHOTS, `${shotName(pagePath)}.print.png`), fullPage: true });
        await page.emulateMedia({ media: 'screen' });
      }

      expect(await page.locator('html').getAttribute('lang')).toBe('en');
      expect(await page.title()).toMatch(/advocacy-analytics/);

      const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
      const serious = axe.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join('; ')})`);

      expect(offHost, 'requests to hosts other than 127.0.0.1').toEqual([]);
      expect(consoleErrors, 'console errors').toEqual([]);
      expect(failed, 'failed requests').toEqual([]);
      expect(serious, 'serious or critical accessibility violations').toEqual([]);
    } finally {
      await context.close();
    }
  });

  // The built site shows returns only when the publication it was built from has them (HMIS data).
  it('the Returns page shows returns by group, or says plainly how to load HMIS exports', async () => {
    const page = await browser.newPage();
    try {
      await page.goto(`${server.origin}/returns`, { waitUntil: 'networkidle' });
      await page.waitForFunction(() => !document.querySelector('observablehq-loading'), undefined, { timeout: 15000 });
      const hasReturns = existsSync(path.join(PROJECT, 'data', 'published', 'return_rates.json'));
      if (hasReturns) {
        expect(await page.locator('figure.chart').count()).toBe(2);
        expect(await page.locator('table#returns-table tbody tr').count()).toBeGreaterThan(1);
      } else {
        const note = page.locator('#no-returns');
        expect(await note.textContent()).toContain('npm run pipeline -- ingest --format hmis <folder>');
        expect(await page.locator('figure.chart, table#returns-table, select').count()).toBe(0);
      }
      // The rule is stated either way.
      expect(await page.locator('#observablehq-main').textContent()).toContain('14-day rule');
    } finally {
      await page.close();
    }
  });

  // Each pair of breakdowns has its own file, fetched when the reader picks the pair (either way round) and only then.
  it('the Outcomes page fetches only the pair of breakdowns picked, and says when there is none to show', async () => {
    const page = await browser.newPage();
    const fetched: string[] = [];
    page.on('response', (r) => {
      const p = new URL(r.url()).pathname;
      if (p.startsWith('/_file/data/intersections/')) fetched.push(p.slice('/_file/data/intersections/'.length).replace(/\.[0-9a-f]+\.json$/, ''));
    });
    const csv = page.locator('a[download^="favourable-by-"]');
    const matrix = page.locator('table caption', { hasText: 'rate (95% interval) in each cell' });
    const cells = page.locator('table caption', { hasText: 'counts, rates and ratios to the reference cell' });
    const pick = (which: 'Down the side' | 'Across', label: string) => page.getByLabel(which, { exact: true }).selectOption({ label });
    const race = 'Race and ethnicity (alone; multiracial as one group)';
    try {
      await page.goto(`${server.origin}/outcomes`, { waitUntil: 'networkidle' });
      await page.waitForFunction(() => !document.querySelector('observablehq-loading'), undefined, { timeout: 15000 });
      expect(fetched).toEqual(['race_ethnicity_alone~gender']);
      expect(await csv.getAttribute('download')).toBe('favourable-by-race_ethnicity_alone-and-gender.csv');
      expect(await matrix.textContent()).toMatch(/^Favourable outcome by race and ethnicity .* and gender/);
      expect(await page.locator('#intersection-hatch').count()).toBeGreaterThan(0);

      // The same breakdown twice: a note, and nothing left of the pair before.
      await pick('Down the side', 'Gender (alone or in combination)');
      await expect.poll(() => page.locator('p', { hasText: 'Choose two different breakdowns.' }).count()).toBe(1);
      expect([await csv.count(), await matrix.count(), await cells.count()]).toEqual([0, 0, 0]);

      // The first pair the other way round: no new request.
      await pick('Across', race);
      await expect.poll(() => csv.getAttribute('download')).toBe('favourable-by-gender-and-race_ethnicity_alone.csv');
      expect(await matrix.textContent()).toMatch(/^Favourable outcome by gender .* and race and ethnicity/);
      expect(fetched).toEqual(['race_ethnicity_alone~gender']);

      await pick('Down the side', 'Age band');
      await expect.poll(() => csv.getAttribute('download')).toBe('favourable-by-age_band-and-race_ethnicity_alone.csv');
      await pick('Across', 'Disability');
      await expect.poll(() => csv.getAttribute('download')).toBe('favourable-by-age_band-and-disability.csv');
      expect(await matrix.textContent()).toMatch(/^Favourable outcome by age band and disability/);
      expect(await cells.count()).toBe(1);
      expect(fetched).toEqual(['race_ethnicity_alone~gender', 'race_ethnicity_alone~age_band', 'age_band~disability']);

      // Race alone and race alone or in combination are not crossed: the note, nothing else.
      await pick('Down the side', race);
      await expect.poll(() => csv.getAttribute('download')).toBe('favourable-by-race_ethnicity_alone-and-disability.csv');
      await pick('Across', 'Race and ethnicity (alone or in combination)');
      await expect.poll(() => page.locator('p', { hasText: 'These two breakdowns are not crossed' }).count()).toBe(1);
      expect([await csv.count(), await matrix.count(), await cells.count()]).toEqual([0, 0, 0]);
      expect(fetched).toEqual(['race_ethnicity_alone~gender', 'race_ethnicity_alone~age_band', 'age_band~disability', 'race_ethnicity_alone~disability']);
    } finally {
      await page.close();
    }
  });

  it('serves the data contract as captioned tables with header scopes', async () => {
    const page = await browser.newPage();
    try {
      await page.goto(`${server.origin}/contract`, { waitUntil: 'networkidle' });
      await page.waitForSelector('table#contract-columns tbody tr');
      const tables = await page.$$eval('table.data', (ts) =>
        ts.map((t) => ({
          caption: t.querySelector('caption')?.textContent ?? '',
          colHeaders: t.querySelectorAll('thead th[scope="col"]').length,
          rows: t.querySelectorAll('tbody tr').length,
          rowHeaders: t.querySelectorAll('tbody th[scope="row"]').length,
        })),
      );
      expect(tables.length).toBeGreaterThan(10);
      for (const t of tables) {
        expect(t.caption.length).toBeGreaterThan(0);
        expect(t.colHeaders).toBeGreaterThan(0);
        expect(t.rowHeaders).toBe(t.rows);
      }
      const columns = tables.find((t) => t.caption.startsWith('Columns'))!;
      expect(columns.rows).toBe(22);
      const language = tables.find((t) => t.caption.includes('(language)'))!;
      expect(language.caption).toMatch(/8,052 codes, \d+ examples shown/);
      expect(language.rows).toBeLessThan(20);
    } finally {
      await page.close();
    }
  });

  it('shows the trends as panels with a text alternative, tables, downloads and the policy change', async () => {
    const page = await browser.newPage();
    try {
      await page.goto(`${server.origin}/trends`, { waitUntil: 'networkidle' });
      await page.waitForFunction(() => !document.querySelector('observablehq-loading'), undefined, { timeout: 15000 });
      const alt = await page.locator('figure.chart [role="img"]').first().getAttribute('aria-label');
      expect(alt).toMatch(/^Favourable outcome .* by quarter opened: all cases and each group .*\. All cases: [\d.]+% in 2023-Q1, [\d.]+% in 2024-Q4; (rising|stable|falling)/);
      const captions = await page.$$eval('table caption', (cs) => cs.map((c) => c.textContent ?? ''));
      expect(captions.some((c) => c.startsWith('Before and after each dated policy change'))).toBe(true);
      expect(captions.some((c) => c.includes('the chart\'s table'))).toBe(true);
      expect(await page.locator('p.download a[download]').count()).toBe(3);
      expect(await page.locator('.card h2', { hasText: 'Income benefits intake moved online' }).count()).toBe(1);
    } finally {
      await page.close();
    }
  });
});
