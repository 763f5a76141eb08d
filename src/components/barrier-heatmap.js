// Heatmaps of shares: barrier × group prevalence (share of a group's requests
// that met the barrier), and the same grid for any two categories (barriers met
// together, rates in the intersection of two breakdowns). Sequential ColorBrewer Blues; a suppressed cell is hatched and says
// "suppressed", an unstable one carries "~" and a dotted outline, so no state
// depends on colour alone. Pure: data, then options.
import * as Plot from "@observablehq/plot";
import {html} from "htl";
import {chartFigure, hatch, pct, SEQUENTIAL, WITHHELD} from "./figure.js";

/** One sentence per barrier: the groups it is most and least common in. */
export function describeHeatmap(rows, {k = 11} = {}) {
  const barriers = [...new Set(rows.map((r) => r.barrier_label))];
  return barriers.map((b) => {
    const mine = rows.filter((r) => r.barrier_label === b);
    const shown = mine.filter((r) => r.status !== "suppressed").sort((x, y) => y.prevalence - x.prevalence);
    const hidden = mine.length - shown.length;
    if (!shown.length) return `${b}: every group suppressed.`;
    const hi = shown[0], lo = shown[shown.length - 1];
    return `${b}: highest among ${hi.group_label} (${pct(hi.prevalence)}), lowest among ${lo.group_label} (${pct(lo.prevalence)})${hidden ? `; ${hidden} group${hidden > 1 ? "s" : ""} suppressed (fewer than ${k})` : ""}.`;
  }).join(" ");
}

export function barrierHeatmap(rows, {width = 900, k = 11, title = "", id = "barrier-hatch"} = {}) {
  return shareHeatmap(rows, {
    width, k, title, id, x: "group_label", y: "barrier_label", value: "prevalence",
    legend: "Share of the group's requests that met the barrier",
    summary: describeHeatmap(rows, {k}),
    caption: `Darker is more common. "supp." (hatched): suppressed, fewer than ${k} requests or hidden so that such a count cannot be worked out; not necessarily low. "~": unstable (few cases or a wide interval).`
  });
}

/**
 * Any grid of shares (a row category × a column category, each cell a share of
 * 0–1 with its status): barriers by group, barriers met together, rates in the
 * intersection of two breakdowns. `x`, `y`, `value` name the fields; `highlight`
 * picks cells drawn with a thick outline (a reference cell, named in the caption).
 */
export function shareHeatmap(rows, {width = 900, k = 11, title = "", id = "share-hatch", x, y, value, legend = "", summary = "", caption = "", highlight} = {}) {
  const columns = [...new Set(rows.map((r) => r[x]))];
  const lines = [...new Set(rows.map((r) => r[y]))];
  const shown = rows.filter((r) => r.status !== "suppressed");
  const hidden = rows.filter((r) => r.status === "suppressed");
  const max = Math.max(0.01, ...shown.map((r) => r[value]));
  const plot = Plot.plot({
    width,
    height: 40 + 28 * lines.length + 110,
    marginLeft: 170,
    marginBottom: 110,
    padding: 0.04,
    x: {domain: columns, label: null, tickRotate: -35},
    y: {domain: lines, label: null},
    color: {type: "quantize", n: 5, scheme: SEQUENTIAL, domain: [0, max], legend: true, marginLeft: 12, width: 320, label: legend, tickFormat: (d) => pct(d, 0)},
    marks: [
      hatch(id),
      Plot.cell(shown, {x, y, fill: value}),
      // A null channel value would drop the cell, so the unstable outline is a mark of its own.
      Plot.cell(shown.filter((d) => d.status === "unstable"), {x, y, fill: "none", stroke: "#000", strokeDasharray: "2,2", inset: 1}),
      Plot.cell(hidden, {x, y, fill: `url(#${id})`}),
      highlight ? Plot.cell(rows.filter(highlight), {x, y, fill: "none", stroke: "#000", strokeWidth: 3}) : null,
      Plot.text(shown, {x, y, text: (d) => `${pct(d[value], 0)}${d.status === "unstable" ? "~" : ""}`, fill: (d) => (d[value] > max * 0.55 ? "white" : "black"), fontSize: 10}),
      Plot.text(hidden, {x, y, text: (d) => (d.suppression_reason === "small_slice" ? "w/h" : "supp."), fontSize: 9, fill: "#111", fontStyle: "italic"})
    ]
  });
  return chartFigure(plot, {title, summary, caption});
}

/**
 * The heatmap's table: one row per group, one column per barrier, each cell the
 * share with its interval or the suppression marker in words.
 */
export function barrierMatrixTable(rows, {k = 11, caption = ""} = {}) {
  return matrixTable(rows, {k, caption, row: "group_label", column: "barrier_label", value: "prevalence", lower: "prevalence_lower", upper: "prevalence_upper", corner: "Group"});
}

/**
 * The table behind any share heatmap: one row per `row` value, one column per
 * `column` value, each cell "share (lower – upper)", the suppression marker in
 * words, or empty where there is no cell. `note(row)` adds words to a cell (say
 * "reference").
 */
export function matrixTable(rows, {k = 11, caption = "", row, column, value, lower, upper, corner = "", note = () => ""} = {}) {
  const lines = [...new Map(rows.map((r) => [r[row], r])).keys()];
  const columns = [...new Set(rows.map((r) => r[column]))];
  const at = new Map(rows.map((r) => [`${r[row]}|${r[column]}`, r]));
  const cell = (r) => {
    if (!r) return "";
    if (r.status === "suppressed") return html`<span class="suppressed">${r.suppression_reason === "small_slice" ? WITHHELD : `fewer than ${k}`}${note(r)}</span>`;
    const text = `${pct(r[value])} (${pct(r[lower])} – ${pct(r[upper])})${note(r)}`;
    return r.status === "unstable" ? html`<span class="unstable">${text}</span>` : text;
  };
  return html`<div class="table-scroll" tabindex="0" role="region" aria-label=${caption}><table class="data long">
    <caption>${caption}</caption>
    <thead><tr><th scope="col">${corner}</th>${columns.map((b) => html`<th scope="col">${b}</th>`)}</tr></thead>
    <tbody>${lines.map((g) => html`<tr><th scope="row">${g}</th>${columns.map((b) => html`<td>${cell(at.get(`${g}|${b}`))}</td>`)}</tr>`)}</tbody>
  </table></div>`;
}

/** One sentence per barrier: the barrier its requests most often also met. */
export function describeCooccurrence(rows, {k = 11} = {}) {
  const barriers = [...new Set(rows.map((r) => r.barrier_label))];
  return barriers.map((b) => {
    const mine = rows.filter((r) => r.barrier_label === b);
    const shown = mine.filter((r) => r.status !== "suppressed").sort((x, y) => y.share_also - x.share_also);
    const hidden = mine.length - shown.length;
    if (!shown.length) return `${b}: every pair suppressed.`;
    return `Of requests that met ${b.toLowerCase()}, ${pct(shown[0].share_also)} also met ${shown[0].also_barrier_label.toLowerCase()}${hidden ? `; ${hidden} pair${hidden > 1 ? "s" : ""} suppressed` : ""}.`;
  }).join(" ");
}

/** Barriers met together: row barrier i, column barrier j, each cell the share of requests with i that also met j. */
export function cooccurrenceHeatmap(rows, {width = 900, k = 11, title = "", id = "cooccurrence-hatch"} = {}) {
  return shareHeatmap(rows, {
    width, k, title, id, x: "also_barrier_label", y: "barrier_label", value: "share_also",
    legend: "Share of requests with the row's barrier that also met the column's",
    summary: describeCooccurrence(rows, {k}),
    caption: `Read across: of the requests that met the row's barrier, the share that also met the column's. The grid is not symmetric: the shares have different denominators. "supp." (hatched): suppressed, not necessarily low. "~": unstable.`
  });
}

/** The co-occurrence grid as a table: each share with its interval. */
export function cooccurrenceTable(rows, {k = 11, caption = ""} = {}) {
  return matrixTable(rows, {k, caption, row: "barrier_label", column: "also_barrier_label", value: "share_also", lower: "share_lower", upper: "share_upper", corner: "Requests that met … also met →"});
}
