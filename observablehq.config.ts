// Observable Framework configuration of the published site. Everything here
// must work with no network: no CDN stylesheet (the default pulls Google
// Fonts), a data-URL favicon, and no `npm:` imports in pages (see
// pipeline/publish/seed-framework-cache.ts).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';

export interface SitePage {
  name: string;
  path: string;
}

export interface SiteSection {
  name: string;
  open?: boolean;
  pages: SitePage[];
}

/**
 * One page per report definition in reports/ (built by `npm run pipeline --
 * report` into data/published/reports/<id>/), all from the parameterised page
 * src/reports/[id].md. Only the title is read here; the pipeline validates the rest.
 */
export function reportPages(dir = process.env.ADVOCACY_REPORTS_DIR || 'reports'): SitePage[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => /^[a-z0-9][a-z0-9-]*\.ya?ml$/.test(f)).sort().map((f) => {
    const id = f.replace(/\.ya?ml$/, '');
    let title: unknown;
    try { title = (parseYaml(readFileSync(join(dir, f), 'utf8')) as { title?: unknown } | null)?.title; } catch { /* the report step names the problem */ }
    return { name: typeof title === 'string' ? title : id, path: `/reports/${id}` };
  });
}

const reports = reportPages();

/** The sidebar, in reading order; the home page ("/") is always first. */
export const pages: (SitePage | SiteSection)[] = [
  { name: 'Outcomes and funnel', path: '/outcomes' },
  { name: 'Funnel disparities', path: '/funnel' },
  { name: 'Barriers', path: '/barriers' },
  { name: 'Time to resolution', path: '/resolution' },
  { name: 'Trends', path: '/trends' },
  { name: 'Returns to homelessness', path: '/returns' },
  { name: 'Geography', path: '/geography' },
  { name: 'Data quality', path: '/quality' },
  ...(scopePaths().organisations.length
    ? [{ name: 'Organisations', open: false, pages: scopePaths().organisations.map((path) => ({ name: path.slice('/organisations/'.length), path })) }]
    : []),
  ...(reports.length ? [{ name: 'Reports', open: true, pages: reports }] : []),
  { name: 'Data contract', path: '/contract' },
  { name: 'Methodology', path: '/methodology' },
];

/**
 * The organisation and program pages (parameterised routes
 * src/organisations/[org].md and src/programs/[program].md), one per scope the
 * publish step wrote in data/published/scopes.json; none before it has.
 */
export function scopePaths(index = join(process.env.ADVOCACY_PUBLISHED_DIR || join(import.meta.dirname ?? process.cwd(), 'data', 'published'), 'scopes.json')): { organisations: string[]; programs: string[] } {
  if (!existsSync(index)) return { organisations: [], programs: [] };
  const scopes = JSON.parse(readFileSync(index, 'utf8')) as { kind: string; file: string }[];
  // The route is the scope's file name: scopes/program=org~program.json → /programs/org~program.
  const route = (kind: string, dir: string) =>
    scopes.filter((s) => s.kind === kind).map((s) => `/${dir}/${s.file.slice(`scopes/${kind}=`.length, -'.json'.length)}`);
  return { organisations: route('organisation', 'organisations'), programs: route('program', 'programs') };
}

/**
 * Every page path the site publishes, for tests that visit them all: the
 * sidebar's pages, every organisation page, and the first program page of each
 * organisation (all program pages are built from the same template and loader;
 * visiting all of them would multiply the browser test's time).
 */
export function sitePaths(): string[] {
  const out = ['/'];
  for (const p of pages) {
    if ('pages' in p) out.push(...p.pages.map((q) => q.path));
    else out.push(p.path);
  }
  const { organisations, programs } = scopePaths();
  out.push(...organisations);
  for (const org of organisations) {
    const first = programs.find((p) => p.startsWith(`/programs/${org.slice('/organisations/'.length)}~`));
    if (first) out.push(first);
  }
  return [...new Set(out)];
}

const scopes = scopePaths();

// A bar chart glyph, inline so the favicon never costs a request. Base64,
// because Framework re-encodes the head's link URLs and would turn a
// percent-encoded `%23` into `%2523`.
const faviconSvg =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16">' +
  '<rect width="16" height="16" rx="3" fill="#1b1e23"/>' +
  '<rect x="3" y="8" width="2.5" height="5" fill="#fff"/>' +
  '<rect x="6.75" y="4" width="2.5" height="9" fill="#fff"/>' +
  '<rect x="10.5" y="6" width="2.5" height="7" fill="#fff"/></svg>';
const favicon = `data:image/svg+xml;base64,${Buffer.from(faviconSvg).toString('base64')}`;

// Framework 1.13's sidebar fails two WCAG checks (axe: serious): the toggle
// checkbox is named only by its title, and the close button is a <label>
// placed directly inside an <ol>. The footer comes after the sidebar in the
// page, so this runs once both exist, before first paint.
const sidebarA11yFix =
  '<script>{' +
  'const t = document.getElementById("observablehq-sidebar-toggle");' +
  'if (t) t.setAttribute("aria-label", "Show or hide the list of pages");' +
  'const c = document.getElementById("observablehq-sidebar-close");' +
  'if (c && c.parentElement && c.parentElement.tagName === "OL") {' +
  'const li = document.createElement("li"); li.setAttribute("aria-hidden", "true");' +
  'c.replaceWith(li); li.append(c);' +
  '}' +
  '}</script>';

export default {
  root: 'src',
  // `pipeline run` builds each site release aside (pipeline/ops/site-build.ts);
  // npm run build writes dist/.
  output: process.env.ADVOCACY_SITE_OUT || 'dist',
  title: 'advocacy-analytics',
  pages,
  // Organisation and program pages, from the published scope index; report pages.
  dynamicPaths: [...scopes.organisations, ...scopes.programs, ...reports.map((p) => p.path)],
  // Framework 1.13 writes <html> without a language; screen readers and axe
  // need one, and this runs before the body is parsed.
  head:
    `<link rel="icon" href="${favicon}">` +
    '<script>document.documentElement.lang = "en";</script>' +
    '<meta name="description" content="Aggregate-only equity dashboards from de-identified case outcomes.">',
  footer:
    'advocacy-analytics publishes aggregates only: no page loads case-level records, ' +
    'and groups too small to publish safely are suppressed and marked.' +
    sidebarA11yFix,
  globalStylesheets: [],
  style: 'style.css',
  toc: true,
  pager: true,
  search: false,
};
