// Observable Framework configuration of the published site. Everything here
// must work with no network: no CDN stylesheet (the default pulls Google
// Fonts), a data-URL favicon, and no `npm:` imports in pages (see
// pipeline/publish/seed-framework-cache.ts).

export interface SitePage {
  name: string;
  path: string;
}

export interface SiteSection {
  name: string;
  open?: boolean;
  pages: SitePage[];
}

/** The sidebar, in reading order; the home page ("/") is always first. */
export const pages: (SitePage | SiteSection)[] = [
  { name: 'Data contract', path: '/contract' },
];

/** Every page path the site publishes, for tests that visit them all. */
export function sitePaths(): string[] {
  const out = ['/'];
  for (const p of pages) {
    if ('pages' in p) out.push(...p.pages.map((q) => q.path));
    else out.push(p.path);
  }
  return out;
}

// A bar chart glyph, inline so the favicon never costs a request.
const favicon =
  "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'%3E" +
  "%3Crect width='16' height='16' rx='3' fill='%231b1e23'/%3E" +
  "%3Crect x='3' y='8' width='2.5' height='5' fill='%23fff'/%3E" +
  "%3Crect x='6.75' y='4' width='2.5' height='9' fill='%23fff'/%3E" +
  "%3Crect x='10.5' y='6' width='2.5' height='7' fill='%23fff'/%3E%3C/svg%3E";

export default {
  root: 'src',
  title: 'advocacy-analytics',
  pages,
  // Framework 1.13 writes <html> without a language; screen readers and axe
  // need one, and this runs before the body is parsed.
  head:
    `<link rel="icon" href="${favicon}">` +
    '<script>document.documentElement.lang = "en";</script>' +
    '<meta name="description" content="Aggregate-only equity dashboards from de-identified case outcomes.">',
  footer:
    'advocacy-analytics publishes aggregates only: no page loads case-level records, ' +
    'and groups too small to publish safely are suppressed and marked.',
  globalStylesheets: [],
  style: 'style.css',
  toc: true,
  pager: true,
  search: false,
};
