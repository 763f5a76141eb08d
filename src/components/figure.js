// Shared pieces of every chart component: the accessible figure around a chart,
// the table behind it, the hatch drawn for suppressed values, and number formats.
// Pure functions of their arguments; nothing here reads the page.
import {html, svg} from "htl";

/** Okabe–Ito: distinguishable with every common colour-vision deficiency. */
export const OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"];
/**
 * ColorBrewer's sequential Blues (single hue, so it reads as more/less in grey
 * print too), in five classes: a reader can match a class to the legend.
 */
export const SEQUENTIAL = "blues";

export const pct = (x, digits = 1) => (x == null ? "" : `${(x * 100).toFixed(digits)}%`);
export const num = (x) => (x == null ? "" : x.toLocaleString("en-US"));
export const fewer = (k) => `suppressed (fewer than ${k}, or hidden so that one cannot be worked out)`;
/** A figure withheld because a slice it crosses has too few requests to break down (suppression_reason small_slice). */
export const WITHHELD = "withheld (small slice)";

/**
 * A hatch pattern for suppressed areas (cells, counties), as a Plot render
 * function. `id` must be unique on the page; the chart then fills with `url(#id)`.
 */
export function hatch(id) {
  return () => svg`<defs><pattern id=${id} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
    <rect width="6" height="6" fill="#f3f4f6"></rect><line x1="0" y1="0" x2="0" y2="6" stroke="#6b7280" stroke-width="2"></line>
  </pattern></defs>`;
}

/**
 * The chart as one image with a full text alternative: Plot's own labels on
 * inner groups are not permitted ARIA inside role=img (axe: aria-prohibited-attr).
 */
export function chartFigure(plot, {title = "", summary = "", caption = ""} = {}) {
  for (const el of plot.querySelectorAll("[aria-label]")) el.removeAttribute("aria-label");
  plot.setAttribute("role", "img");
  plot.setAttribute("aria-label", [title, summary].filter(Boolean).join(". "));
  const sentence = title && !/[.!?]$/.test(title) ? `${title}.` : title;
  return html`<figure class="chart">${plot}<figcaption>${sentence}${caption ? ` ${caption}` : ""}</figcaption></figure>`;
}

/**
 * The accessible table behind a chart. `columns`: [{label, value(row), num?}];
 * the first column is the row header. Values are text already, markers included.
 */
export function dataTable(rows, columns, {caption = "", id} = {}) {
  const [head, ...rest] = columns;
  return html`<div class="table-scroll" tabindex="0" role="region" aria-label=${caption || "Table of figures"}><table class="data" id=${id}>
    <caption>${caption}</caption>
    <thead><tr>${columns.map((c) => html`<th scope="col" class=${c.num ? "num" : ""}>${c.label}</th>`)}</tr></thead>
    <tbody>${rows.map((r) => html`<tr class=${r.status ?? ""}><th scope="row">${head.value(r)}</th>${rest.map((c) => html`<td class=${c.num ? "num" : ""}>${c.value(r)}</td>`)}</tr>`)}</tbody>
  </table></div>`;
}

/** A figure with its status in words: "12.3% (10.1% – 14.0%)", "12.3% … unstable", or the suppression note. */
export function statusValue(value, {status, lower, upper, k = 11, format = pct, reason = null} = {}) {
  if (reason === "small_slice" && (status === "suppressed" || value == null)) return html`<span class="suppressed">${WITHHELD}</span>`;
  if (status === "suppressed" || value == null) return html`<span class="suppressed">fewer than ${k}</span>`;
  const text = `${format(value)}${lower == null ? "" : ` (${format(lower)} – ${format(upper)})`}`;
  return status === "unstable" ? html`<span class="unstable">${text}</span>` : text;
}
