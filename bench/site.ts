// Site budgets (npm run bench -- site): on the current warehouse (the 50,000-case
// sample after `npm start`), the time to publish (protect + audit every table),
// the site build with every data loader run afresh, and per page the bytes a
// browser transfers (HTML, JS, CSS, data: every response from 127.0.0.1) and the
// time until the first chart (or, on a page without one, the first table) is
// visible in headless Chromium: from navigation to the first animation frame
// that shows it, timed in the page. Medians of three page loads. Writes BENCHMARKS.md.
// --cases N: the same on the benchmarks' N-case warehouse (data/bench/measures-N.duckdb,
// built through the real ingest if missing): measure, publish and build into
// data/bench/ (published-N, site-N), leaving the sample's data/published and dist alone.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { writeSection } from './benchmarks-file.ts';
import { chromium, type Response } from 'playwright-core';
import { sitePaths } from '../observablehq.config.ts';
import { serveStatic } from '../test/browser/static-server.ts';
import { benchWarehouse } from './warehouse.ts';

const root = join(import.meta.dirname, '..');
const write = !process.argv.includes('--no-write');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

const casesFlag = process.argv.indexOf('--cases');
const cases = casesFlag >= 0 ? Number(process.argv[casesFlag + 1]) : null;
if (cases !== null && (!Number.isSafeInteger(cases) || cases < 1000)) {
  console.error('--cases: use a whole number of at least 1000');
  process.exit(2);
}
const bench = cases === null ? null : { ...(await benchWarehouse(cases)), published: join(root, `data/bench/published-${cases}`), site: join(root, `data/bench/site-${cases}`) };
const publishedDir = bench?.published ?? join(root, 'data/published');
const siteDir = bench?.site ?? join(root, 'dist');
const env = { ...process.env, OBSERVABLE_TELEMETRY_DISABLE: 'true', ...(bench ? { ADVOCACY_WAREHOUSE: bench.db, ADVOCACY_PUBLISHED_DIR: publishedDir, ADVOCACY_SITE_OUT: siteDir } : {}) };

function timed(label: string, cmd: string, args: string[]): number {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { cwd: root, encoding: 'utf8', env });
  if (r.status !== 0) throw new Error(`${label} failed:\n${r.stderr.slice(-2000)}`);
  const ms = performance.now() - t0;
  console.error(`${label}: ${(ms / 1000).toFixed(1)} s`);
  return ms;
}

const loadAverage = () => (existsSync('/proc/loadavg') ? readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ') : 'unknown');
const loadBefore = loadAverage();
// --pages-only: measure the built dist/ as it is (no publish, no build).
const pagesOnly = process.argv.includes('--pages-only');
let publishMs = NaN, coldMs = NaN, warmMs = NaN, measureMs = NaN, reportsMs = NaN;
if (bench && !pagesOnly) measureMs = timed('measure', process.execPath, ['--import', 'tsx', 'pipeline/cli.ts', 'measure', '--as-of', '2025-06-30', '--marts', join(root, `data/bench/marts-${cases}`)]);
if (!pagesOnly) {
  publishMs = timed('publish', process.execPath, ['--import', 'tsx', 'pipeline/cli.ts', 'publish', '--out', publishedDir]);
  // The report pages read the built reports, which live beside the published data;
  // publish replaces that folder whole, so they are built again (else the report loaders fail the build).
  reportsMs = timed('reports', process.execPath, ['--import', 'tsx', 'pipeline/cli.ts', 'report', '--published', publishedDir]);
  // Cold: drop every loader output Framework cached, so each loader runs again.
  const cache = join(root, 'src/.observablehq/cache');
  if (existsSync(cache)) for (const e of readdirSync(cache)) if (!e.startsWith('_')) rmSync(join(cache, e), { recursive: true, force: true });
  coldMs = timed('build (loaders afresh)', 'npm', ['run', '-s', 'build']);
  warmMs = timed('build (loaders cached)', 'npm', ['run', '-s', 'build']);
}
const manifest = JSON.parse(readFileSync(join(publishedDir, 'manifest.json'), 'utf8'));

// Debian's Chromium (156) starts a hidden renderer for the omnibox popup (chrome://omnibox-popup.top-chrome,
// ~350 modules) in every new headless window, i.e. for every load below, and it ran through the first
// second of each load, taking CPU from the page on a 2-core machine: 300-500 ms of first-chart time
// under load, a cost of this harness (a reader's browser has its popup already), not of the site.
// Chromium reads only the last --disable-features, so Playwright's own list (playwright-core
// 1.65.1, chromiumSwitches.ts) is repeated before ours.
const PLAYWRIGHT_DISABLED_FEATURES = [
  'AvoidUnnecessaryBeforeUnloadCheckSync', 'DestroyProfileOnBrowserClose', 'HttpsUpgrades', 'HttpsFirstBalancedModeAutoEnable', 'LensOverlay',
  'MediaRouter', 'PaintHolding', 'ThirdPartyStoragePartitioning', 'AvoidCorsURLLoaderRestartOnRedirect', 'TcpPortRandomizationWin',
  'OptimizationHints', 'NetworkTimeServiceQuerying', 'AimEnabled', 'PreconnectToSearch', 'msForceBrowserSignIn', 'msEdgeUpdateLaunchServicesPreferredVersion',
];
const disabledFeatures = [...PLAYWRIGHT_DISABLED_FEATURES, 'WebUIOmniboxPopup', 'WebUIOmniboxFullPopup', 'WebUIOmniboxAimPopup'];

// When the target is first visible, timed in the page. Before, the bench waited with
// locator.waitFor and then read performance.now(), which measured the harness as much as the page:
// - waitFor polls from Node with back-off (playwright-core 1.65: checks 0, 20, 70, 170 and 270 ms
//   after the call, then every 500 ms), so the time read was that of the poll that saw the chart,
//   up to half a second after it appeared, plus a round trip through this busy process;
// - its first poll injects Playwright's utility script into the page, whose compilation (20-30 ms
//   of CPU, up to 90 ms on a loaded machine) fell inside the load being timed.
// Now the page checks at the first animation frame after each change to the DOM, with Playwright's
// test of visible (a non-empty box, not visibility: hidden), and reports the time of the first
// frame that shows the target through a binding; waitFor then confirms it, after the timing.
const firstVisibleScript = (selector: string) => `(() => {
  let pending = false, done = false;
  const observer = new MutationObserver(() => { if (!pending) { pending = true; requestAnimationFrame(check); } });
  function check() {
    pending = false;
    const el = document.querySelector(${JSON.stringify(selector)});
    if (!el || done) return;
    const box = el.getBoundingClientRect();
    if (box.width > 0 && box.height > 0 && getComputedStyle(el).visibility !== 'hidden') {
      done = true;
      observer.disconnect();
      window.__benchFirstVisible(performance.now());
    }
  }
  observer.observe(document, { childList: true, subtree: true, attributes: true });
})();`;

const server = await serveStatic(siteDir);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run', `--disable-features=${disabledFeatures.join(',')}`] });
const pages: { path: string; bytes: number; data: number; firstMs: number; what: string }[] = [];
process.env.ADVOCACY_PUBLISHED_DIR = publishedDir;
for (const path of sitePaths()) {
  const runs: { bytes: number; data: number; firstMs: number; what: string }[] = [];
  for (let i = 0; i < 3; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    // The Returns page on data without returns (anything but HMIS) has no chart: its note saying how to load them is what comes first.
    const kind = ['/contract', '/methodology'].includes(path) ? 'table' : 'chart';
    const selector = kind === 'chart' ? 'figure.chart, #no-returns' : 'table';
    await context.addInitScript({ content: firstVisibleScript(selector) });
    const page = await context.newPage();
    let shown: (ms: number) => void = () => {};
    const firstVisible = new Promise<number>((resolve) => (shown = resolve));
    await page.exposeBinding('__benchFirstVisible', (_source, ms: number) => shown(ms));
    // Bodies are read once the page is idle: reading each over the DevTools protocol as it arrived
    // took CPU from the load being timed.
    const responses: Response[] = [];
    page.on('response', (r) => responses.push(r));
    await page.goto(server.origin + path, { waitUntil: 'commit' });
    let timer: NodeJS.Timeout | undefined;
    const firstMs = await Promise.race([
      firstVisible,
      new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`${path}: no ${selector} visible after 30 s`)), 30000); }),
    ]).finally(() => clearTimeout(timer));
    // Playwright's own check must agree (it runs after the timing, so its script costs the page nothing).
    await page.locator(selector).first().waitFor({ state: 'visible', timeout: 30000 });
    const what = kind === 'chart' && (await page.locator('#no-returns').count()) > 0 ? 'note' : kind;
    await page.waitForLoadState('networkidle');
    let bytes = 0, data = 0;
    for (const r of responses) {
      try {
        const n = (await r.body()).length;
        bytes += n;
        if (r.url().includes('/_file/')) data += n;
      } catch { /* redirects have no body */ }
    }
    runs.push({ bytes, data, firstMs, what });
    await context.close();
  }
  pages.push({ path, bytes: median(runs.map((r) => r.bytes)), data: median(runs.map((r) => r.data)), firstMs: median(runs.map((r) => r.firstMs)), what: runs[0].what });
  console.error(`${path}: ${(pages.at(-1)!.bytes / 1024).toFixed(0)} KB, first ${pages.at(-1)!.what} ${pages.at(-1)!.firstMs.toFixed(0)} ms`);
}
await browser.close();
await server.close();

const title = cases === null ? 'Site' : `Site, ${cases.toLocaleString('en-US')} cases`;
const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;
const section = [
  `## ${title} (${new Date().toISOString().slice(0, 10)})`,
  '',
  `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; shared with other jobs: load average ${loadBefore} before the run, ${loadAverage()} after (on 2 cores: times above ~2 mean queuing for a core, and every time below grows with it). Warehouse: ${bench ? `${cases!.toLocaleString('en-US')} generated cases (${bench.note}), ` : ''}${manifest.data.first_opened} to ${manifest.data.last_opened}, ${manifest.cells_protected.toLocaleString('en-US')} published counts protected as one problem (${(manifest.suppressed_share * 100).toFixed(1)}% hidden).`,
  '',
  ...(pagesOnly ? ['Publish and build not measured in this run (--pages-only).', ''] : [
  '| step | time | budget |',
  '|---|---:|---:|',
  ...(bench ? [`| measure: every model and computed mart, data tests, Parquet export | ${(measureMs / 1000).toFixed(1)} s | |`] : []),
  `| publish: read marts, protect and audit every published count, write files | ${(publishMs / 1000).toFixed(1)} s | |`,
  `| reports: every report definition's page, CSV and PDF | ${(reportsMs / 1000).toFixed(1)} s | |`,
  `| site build, every data loader run afresh | ${(coldMs / 1000).toFixed(1)} s | ${bench ? '120' : '60'} s |`,
  `| site build, loaders cached | ${(warmMs / 1000).toFixed(1)} s | |`,
  '']),
  'Per page, median of three loads in headless Chromium on 127.0.0.1 (bytes: every response body; data: the page\'s data files only; first chart: from navigation to the first animation frame that shows it, timed in the page):',
  '',
  '| page | bytes transferred | of which data | first chart (or table, or note) visible | budget |',
  '|---|---:|---:|---:|---|',
  ...pages.map((p) => `| \`${p.path}\` | ${kb(p.bytes)} | ${kb(p.data)} | ${p.firstMs.toFixed(0)} ms (${p.what}) | 300 KB data, 1 s |`),
  '',
].join('\n');
console.log(section);
if (write) {
  writeSection(`## ${title} (`, section);
}
