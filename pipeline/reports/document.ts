// The report as one self-contained HTML document (inline stylesheet and SVG,
// nothing fetched): Chromium prints it to PDF, and the site page shows its body.
import { readFileSync } from 'node:fs';
import type { ReportDefinition } from './definition.ts';
import { escapeHtml, footnotesHtml, type Claim } from './ledger.ts';

export const REPORT_CSS = readFileSync(new URL('./report.css', import.meta.url), 'utf8');

const AUDIENCE: Record<ReportDefinition['audience'], string> = { program: 'For program staff', coalition: 'For coalition partners', public: 'For the public' };
const LAYOUT: Record<ReportDefinition['layout'], string> = { fact_sheet: 'Fact sheet', report: 'Report' };

export interface DocumentParts {
  id: string;
  definition: ReportDefinition;
  scopeLabel: string;
  data: { first_opened: string; last_opened: string; last_load: string | null };
  /** HTML of each block, in order. */
  blocks: string[];
  claims: readonly Claim[];
  about: string;
}

/** The report's body: the part the site page shows inside its own layout. */
export function reportBody(p: DocumentParts): string {
  const d = p.definition;
  return `<article class="report report-${d.layout}" id="report-${p.id}">
<header class="report-head"><p class="kicker">${LAYOUT[d.layout]} · ${AUDIENCE[d.audience]} · ${escapeHtml(p.scopeLabel)} · cases opened ${p.data.first_opened} to ${p.data.last_opened}</p>
<h1>${escapeHtml(d.title)}</h1>${d.subtitle ? `<p class="subtitle">${escapeHtml(d.subtitle)}</p>` : ''}</header>
${p.blocks.join('\n')}
<section class="report-notes" aria-labelledby="notes-${p.id}"><h2 id="notes-${p.id}">Notes</h2>${footnotesHtml(p.claims)}<p class="about">${p.about}</p></section>
</article>`;
}

/** The printable document: body, stylesheet, the running title and page numbers in the page margin. */
export function reportDocument(p: DocumentParts): string {
  const running = p.definition.title.replace(/["\\]/g, '').replace(/\s+/g, ' ');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(p.definition.title)}</title>
<style>${REPORT_CSS}
@page { @bottom-left { content: "${running}"; font: 8pt Helvetica, Arial, sans-serif; color: #444; } }
body { margin: 0; background: #fff; }</style></head>
<body>${reportBody(p)}</body></html>
`;
}
