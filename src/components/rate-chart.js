// Rates by group with their intervals, as a pure component: data, then options.
// Suppressed groups are drawn as a labelled gap, unstable ones hollow and
// labelled, so status never depends on colour alone. Okabe-Ito colours.
import * as Plot from "@observablehq/plot";
import {html} from "htl";

export const COLORS = {ok: "#0072B2", unstable: "#E69F00", reference: "#000000", suppressed: "#999999"};

const pct = (x) => (x == null ? "" : `${(x * 100).toFixed(1)}%`);

/** A sentence per group: the text alternative and the screen-reader summary. */
export function describeRates(rows, {k = 11} = {}) {
  return rows.map((r) => {
    if (r.rate_status === "suppressed" && r.suppression_reason === "small_slice") return `${r.group_label}: withheld (too few requests to break down; not necessarily a low rate).`;
    if (r.rate_status === "suppressed") return `${r.group_label}: suppressed (based on fewer than ${k} cases, or hidden so that one cannot be worked out; a suppressed rate is not necessarily a low one).`;
    if (r.rate == null) return `${r.group_label}: no rate (no cases at this stage).`;
    const ratio = r.is_reference ? " This is the reference group." : r.rate_ratio != null ? ` ${r.rate_ratio.toFixed(2)} times the reference group's rate (${r.ratio_lower.toFixed(2)} to ${r.ratio_upper.toFixed(2)}).` : "";
    return `${r.group_label}: ${pct(r.rate)} (${pct(r.rate_lower)} to ${pct(r.rate_upper)}), ${r.numerator} of ${r.denominator}${r.rate_status === "unstable" ? ", unstable" : ""}.${ratio}`;
  }).join(" ");
}

export function rateChart(rows, {width = 640, k = 11, title = ""} = {}) {
  const shown = rows.filter((r) => r.rate_status !== "suppressed");
  const hidden = rows.filter((r) => r.rate_status === "suppressed");
  const order = rows.map((r) => r.group_label);
  const reference = rows.find((r) => r.is_reference);
  const plot = Plot.plot({
    width,
    height: Math.max(120, 34 * rows.length + 50),
    marginLeft: 230,
    marginRight: 90,
    x: {domain: [0, 100], percent: true, label: "Rate (%) with 95% interval", grid: true},
    y: {domain: order, label: null},
    marks: [
      reference?.rate != null ? Plot.ruleX([reference.rate], {stroke: COLORS.reference, strokeDasharray: "4,3"}) : null,
      Plot.ruleY(shown, {y: "group_label", x1: "rate_lower", x2: "rate_upper", stroke: (d) => (d.rate_status === "unstable" ? COLORS.unstable : COLORS.ok), strokeWidth: 2}),
      Plot.dot(shown, {y: "group_label", x: "rate", r: 5, stroke: (d) => (d.is_reference ? COLORS.reference : d.rate_status === "unstable" ? COLORS.unstable : COLORS.ok), fill: (d) => (d.rate_status === "unstable" ? "white" : d.is_reference ? COLORS.reference : COLORS.ok), strokeWidth: 2, title: (d) => describeRates([d], {k})}),
      Plot.text(shown.filter((d) => d.rate_status === "unstable"), {y: "group_label", x: "rate_upper", text: () => "unstable", dx: 6, textAnchor: "start", fill: "#6b4a00"}),
      Plot.text(hidden, {y: "group_label", x: 0, text: (r) => (r.suppression_reason === "small_slice" ? "withheld (too few requests to break down)" : `suppressed (fewer than ${k})`), textAnchor: "start", dx: 4, fill: "#444", fontStyle: "italic"}),
      Plot.text(shown.filter((d) => d.rate == null), {y: "group_label", x: 0, text: () => "no cases", textAnchor: "start", dx: 4, fill: "#444", fontStyle: "italic"}),
      Plot.text(shown.filter((d) => d.is_reference), {y: "group_label", x: "rate_upper", text: () => "reference", dx: 6, textAnchor: "start"})
    ]
  });
  // The whole chart is one image with a full text alternative; Plot's labels on
  // inner groups are not permitted ARIA there (axe: aria-prohibited-attr).
  for (const el of plot.querySelectorAll("[aria-label]")) el.removeAttribute("aria-label");
  plot.setAttribute("role", "img");
  plot.setAttribute("aria-label", `${title}. ${describeRates(rows, {k})}`);
  return html`<figure class="chart">${plot}<figcaption>${title}${reference ? `. Compared with ${reference.group_label}, the reference group: ${reference.reference_rule}.` : ""}</figcaption></figure>`;
}

/** Cells that spreadsheets would run as formulas are prefixed, so an opened CSV never evaluates anything. */
const csvCell = (v) => {
  if (v == null) return "";
  let s = String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

/** A link that downloads exactly the published rows shown, as CSV; `label` tells two downloads on a page apart. */
export function csvDownload(rows, columns, filename, label = "Download these figures (CSV)") {
  const text = [columns.join(","), ...rows.map((r) => columns.map((c) => csvCell(r[c])).join(","))].join("\n");
  const href = URL.createObjectURL(new Blob([text], {type: "text/csv"}));
  return html`<p class="download"><a href=${href} download=${filename}>${label}</a></p>`;
}

const pValue = (p) => (p == null ? "" : p < 0.001 ? "< 0.001" : p.toFixed(3));

/** The accessible table behind the chart: every published number with its status. */
export function rateTable(rows, {k = 11, caption = ""} = {}) {
  const status = (r) => (r.rate_status !== "suppressed" ? r.rate_status
    : r.suppression_reason === "small_slice" ? "withheld: too few requests to break down (small slice)"
    : `suppressed (fewer than ${k}; ${r.suppression_reason.replaceAll("_", " ")})`);
  const num = (v) => (v == null ? "suppressed" : v.toLocaleString("en-US"));
  return html`<div class="table-scroll" tabindex="0" role="region" aria-label=${caption || "Table of figures"}><table>
    <caption>${caption}</caption>
    <thead><tr><th scope="col">Group</th><th scope="col">Cases</th><th scope="col">Of</th><th scope="col">Rate</th><th scope="col">95% interval</th><th scope="col">Status</th><th scope="col">Ratio to reference</th><th scope="col">Ratio interval</th><th scope="col">Adjusted p</th><th scope="col">Ratio within service area and organisation</th><th scope="col">Its interval</th><th scope="col">Its adjusted p</th></tr></thead>
    <tbody>${rows.map((r) => html`<tr class=${r.rate_status}>
      <th scope="row">${r.group_label}${r.is_reference ? " (reference)" : ""}</th>
      <td>${num(r.numerator)}</td><td>${num(r.denominator)}</td>
      <td>${r.rate == null ? (r.rate_status === "suppressed" ? "suppressed" : "no cases") : pct(r.rate)}</td>
      <td>${r.rate == null ? "" : `${pct(r.rate_lower)} – ${pct(r.rate_upper)}`}</td>
      <td>${status(r)}</td>
      <td>${r.is_reference ? "1 (reference)" : r.rate_ratio == null ? (r.ratio_status === "suppressed" ? "suppressed" : "not compared") : r.rate_ratio.toFixed(2)}</td>
      <td>${r.ratio_lower == null ? "" : `${r.ratio_lower.toFixed(2)} – ${r.ratio_upper.toFixed(2)}`}</td>
      <td>${pValue(r.p_adjusted)}</td>
      <td>${r.adjusted_ratio == null ? "" : r.adjusted_ratio.toFixed(2)}</td>
      <td>${r.adjusted_lower == null ? "" : `${r.adjusted_lower.toFixed(2)} – ${r.adjusted_upper.toFixed(2)}`}</td>
      <td>${pValue(r.adjusted_p_bh)}</td>
    </tr>`)}</tbody>
  </table></div>`;
}

/** Rows from the loaders' columnar form: {columns, rows: [[...]]}, which keeps pages small. */
export function fromColumns({columns, rows}) {
  return rows.map((values) => Object.fromEntries(columns.map((c, i) => [c, values[i]])));
}
