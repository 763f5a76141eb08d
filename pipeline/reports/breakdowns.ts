// A report's tables and charts: the published rows of one measure by one
// breakdown, as an accessible HTML table, a CSV with every figure and its
// status, and a rate chart drawn by Plot on the server (SVG). The chart follows
// the site's (src/components/rate-chart.js): suppressed groups are a labelled
// gap, unstable ones hollow and labelled, so status never rests on colour.
import * as Plot from '@observablehq/plot';
import { JSDOM } from 'jsdom';
import type { PublishedRate } from '../publish/published-rates.ts';
import { escapeHtml } from './ledger.ts';

export interface Breakdown { measure: string; by: string; title?: string; groups?: string[] }

const MISSING = new Set(['not_reported', 'not_recorded']);
const pct = (x: number | null) => (x == null ? '' : `${(x * 100).toFixed(1)}%`);
const int = (x: number | null) => (x == null ? 'suppressed' : x.toLocaleString('en-US'));

/** The rows of a breakdown in reading order (largest groups first, "not recorded" last), or the groups asked for. */
export function breakdownRows(rows: readonly PublishedRate[], b: Breakdown, file: string): PublishedRate[] {
  const picked = rows.filter((r) => r.measure === b.measure && r.dimension === b.by);
  if (!picked.length) throw new UnknownGroupError(`${file}: the publication has no ${b.measure} by ${b.by} for this report's scope. Choose another breakdown, or run measure and publish again.`);
  if (b.groups) {
    return b.groups.map((g) => {
      const r = picked.find((x) => x.group_code === g);
      if (!r) throw new UnknownGroupError(`${file}: ${b.measure} by ${b.by} has no group '${g}'; the published groups are ${picked.map((x) => x.group_code).join(', ')}.`);
      return r;
    });
  }
  return [...picked].sort((a, c) => Number(MISSING.has(a.group_code)) - Number(MISSING.has(c.group_code)) || (c.denominator ?? -1) - (a.denominator ?? -1) || a.group_label.localeCompare(c.group_label));
}

export class UnknownGroupError extends Error {}

export const titleOf = (rows: readonly PublishedRate[], b: Breakdown) => b.title ?? `${rows[0].measure_label} by ${rows[0].dimension_label.toLowerCase()}`;

const status = (r: PublishedRate, k: number) => (r.rate_status === 'suppressed' ? `suppressed (fewer than ${k}; ${(r.suppression_reason ?? '').replaceAll('_', ' ')})` : r.rate_status);
const ratioText = (r: PublishedRate) => (r.is_reference ? '1 (reference)' : r.rate_ratio == null ? (r.ratio_status === 'suppressed' ? 'suppressed' : 'not compared') : `${r.rate_ratio.toFixed(2)} (${r.ratio_lower!.toFixed(2)}–${r.ratio_upper!.toFixed(2)})${r.ratio_status === 'unstable' ? ' unstable' : ''}`);

/** The table behind a chart or standing alone: every published number with its status. */
export function tableHtml(rows: readonly PublishedRate[], caption: string, k: number, allCases?: readonly PublishedRate[]): string {
  const all = (r: PublishedRate) => allCases?.find((x) => x.measure === r.measure && x.dimension === r.dimension && x.group_code === r.group_code);
  const level = Math.round((rows[0]?.confidence_level ?? 0.95) * 100);
  const head = ['Group', 'Cases', 'Of', 'Rate', `${level}% interval`, 'Status', 'Ratio to reference (interval)', ...(allCases ? ['All cases: rate'] : [])];
  const body = rows.map((r) => {
    const a = allCases ? all(r) : undefined;
    const cells = [int(r.numerator), int(r.denominator), r.rate == null ? 'suppressed' : pct(r.rate), r.rate == null ? '' : `${pct(r.rate_lower)}–${pct(r.rate_upper)}`, status(r, k), ratioText(r), ...(allCases ? [a?.rate == null ? (a ? 'suppressed' : '') : pct(a.rate)] : [])];
    return `<tr class="${r.rate_status}"><th scope="row">${escapeHtml(r.group_label)}${r.is_reference ? ' (reference)' : ''}</th>${cells.map((c, i) => `<td${i < 5 || i === 6 ? ' class="num"' : ''}>${escapeHtml(c)}</td>`).join('')}</tr>`;
  });
  return `<table class="data"><caption>${escapeHtml(caption)}</caption><thead><tr>${head.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${body.join('')}</tbody></table>`;
}

export const CSV_COLUMNS = ['scope', 'measure', 'dimension', 'group_code', 'group_label', 'numerator', 'denominator', 'rate', 'rate_lower', 'rate_upper', 'confidence_level', 'rate_status', 'suppression_reason', 'is_reference', 'reference_group', 'rate_ratio', 'ratio_lower', 'ratio_upper', 'ratio_status', 'p_adjusted', 'adjusted_ratio', 'adjusted_lower', 'adjusted_upper', 'adjusted_p_bh', 'adjusted_for', 'comparison_family'] as const;

/** Cells that spreadsheets would run as formulas are prefixed, as on the site. */
const csvCell = (v: unknown) => {
  if (v == null) return '';
  let s = String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

export function tableCsv(rows: readonly PublishedRate[], scope: string): string {
  return `${[CSV_COLUMNS.join(','), ...rows.map((r) => CSV_COLUMNS.map((c) => csvCell(c === 'scope' ? scope : (r as unknown as Record<string, unknown>)[c])).join(','))].join('\n')}\n`;
}

const COLORS = { ok: '#0072B2', unstable: '#E69F00', reference: '#000000' };

/** One sentence per group: the chart's text alternative. */
export function describeRates(rows: readonly PublishedRate[], k: number): string {
  return rows.map((r) => {
    if (r.rate_status === 'suppressed') return `${r.group_label}: suppressed (fewer than ${k} cases, or hidden so that one cannot be worked out; a suppressed rate is not necessarily a low one).`;
    const vs = r.is_reference ? ' Reference group.' : r.rate_ratio != null ? ` ${r.rate_ratio.toFixed(2)} times the reference group's rate.` : '';
    return `${r.group_label}: ${pct(r.rate)} (${pct(r.rate_lower)} to ${pct(r.rate_upper)}), ${int(r.numerator)} of ${int(r.denominator)}${r.rate_status === 'unstable' ? ', unstable' : ''}.${vs}`;
  }).join(' ');
}

let dom: JSDOM | undefined;

/** The rate chart as a standalone SVG document (deterministic: fixed class name, no random ids). */
export function rateChartSvg(rows: readonly PublishedRate[], title: string, k: number, { width = 640 } = {}): string {
  dom ??= new JSDOM('');
  const document = dom.window.document;
  const shown = rows.filter((r) => r.rate_status !== 'suppressed');
  const hidden = rows.filter((r) => r.rate_status === 'suppressed');
  const reference = rows.find((r) => r.is_reference);
  const level = Math.round((rows[0]?.confidence_level ?? 0.95) * 100);
  const svg = Plot.plot({
    document, className: 'report-chart', width, height: Math.max(110, 26 * rows.length + 46),
    marginLeft: 200, marginRight: 80, style: { fontSize: '11px', fontFamily: 'Helvetica, Arial, sans-serif', background: '#fff' },
    // From zero (rates are compared by length) to a little past the highest interval, so small rates stay readable.
    x: { domain: [0, Math.min(100, 10 * Math.ceil((Math.max(0, ...shown.map((r) => r.rate_upper ?? 0)) * 100 + 5) / 10))], percent: true, label: `Rate (%) with ${level}% interval`, grid: true },
    y: { domain: rows.map((r) => r.group_label), label: null },
    marks: [
      reference?.rate != null ? Plot.ruleX([reference.rate], { stroke: COLORS.reference, strokeDasharray: '4,3' }) : null,
      Plot.ruleY(shown, { y: 'group_label', x1: 'rate_lower', x2: 'rate_upper', stroke: (d: PublishedRate) => (d.rate_status === 'unstable' ? COLORS.unstable : COLORS.ok), strokeWidth: 2 }),
      Plot.dot(shown, { y: 'group_label', x: 'rate', r: 4.5, strokeWidth: 2, stroke: (d: PublishedRate) => (d.is_reference ? COLORS.reference : d.rate_status === 'unstable' ? COLORS.unstable : COLORS.ok), fill: (d: PublishedRate) => (d.rate_status === 'unstable' ? 'white' : d.is_reference ? COLORS.reference : COLORS.ok) }),
      Plot.text(shown.filter((d) => d.rate_status === 'unstable'), { y: 'group_label', x: 'rate_upper', text: () => 'unstable', dx: 6, textAnchor: 'start', fill: '#6b4a00' }),
      Plot.text(hidden, { y: 'group_label', x: 0, text: () => `suppressed (fewer than ${k})`, textAnchor: 'start', dx: 4, fill: '#444', fontStyle: 'italic' }),
      Plot.text(shown.filter((d) => d.is_reference), { y: 'group_label', x: 'rate_upper', text: () => 'reference', dx: 6, textAnchor: 'start' }),
    ],
  }) as unknown as SVGSVGElement;
  for (const el of svg.querySelectorAll('[aria-label]')) el.removeAttribute('aria-label');
  svg.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', `${title}. ${describeRates(rows, k)}`);
  return svg.outerHTML;
}
