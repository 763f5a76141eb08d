// Barrier × group heatmap of prevalence (share of a group's requests that met the
// barrier). Sequential ColorBrewer Blues; a suppressed cell is hatched and says
// "suppressed", an unstable one carries "~" and a dotted outline, so no state
// depends on colour alone. Pure: data, then options.
import * as Plot from "@observablehq/plot";
import {html} from "htl";
import {chartFigure, hatch, pct, SEQUENTIAL} from "./figure.js";

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
  const groups = [...new Set(rows.map((r) => r.group_label))];
  const barriers = [...new Set(rows.map((r) => r.barrier_label))];
  const shown = rows.filter((r) => r.status !== "suppressed");
  const hidden = rows.filter((r) => r.status === "suppressed");
  const max = Math.max(0.01, ...shown.map((r) => r.prevalence));
  const plot = Plot.plot({
    width,
    height: 40 + 28 * barriers.length + 110,
    marginLeft: 170,
    marginBottom: 110,
    padding: 0.04,
    x: {domain: groups, label: null, tickRotate: -35},
    y: {domain: barriers, label: null},
    color: {type: "quantize", n: 5, scheme: SEQUENTIAL, domain: [0, max], legend: true, marginLeft: 12, width: 320, label: "Share of the group's requests that met the barrier", tickFormat: (d) => pct(d, 0)},
    marks: [
      hatch(id),
      Plot.cell(shown, {x: "group_label", y: "barrier_label", fill: "prevalence"}),
      // A null channel value would drop the cell, so the unstable outline is a mark of its own.
      Plot.cell(shown.filter((d) => d.status === "unstable"), {x: "group_label", y: "barrier_label", fill: "none", stroke: "#000", strokeDasharray: "2,2", inset: 1}),
      Plot.cell(hidden, {x: "group_label", y: "barrier_label", fill: `url(#${id})`}),
      Plot.text(shown, {x: "group_label", y: "barrier_label", text: (d) => `${pct(d.prevalence, 0)}${d.status === "unstable" ? "~" : ""}`, fill: (d) => (d.prevalence > max * 0.55 ? "white" : "black"), fontSize: 10}),
      Plot.text(hidden, {x: "group_label", y: "barrier_label", text: () => "supp.", fontSize: 9, fill: "#111", fontStyle: "italic"})
    ]
  });
  return chartFigure(plot, {
    title,
    summary: describeHeatmap(rows, {k}),
    caption: `Darker is more common. "supp." (hatched): suppressed, fewer than ${k} requests or hidden so that such a count cannot be worked out; not necessarily low. "~": unstable (few cases or a wide interval).`
  });
}

/**
 * The heatmap's table: one row per group, one column per barrier, each cell the
 * share with its interval or the suppression marker in words.
 */
export function barrierMatrixTable(rows, {k = 11, caption = ""} = {}) {
  const groups = [...new Map(rows.map((r) => [r.group_label, r])).keys()];
  const barriers = [...new Set(rows.map((r) => r.barrier_label))];
  const at = new Map(rows.map((r) => [`${r.group_label}|${r.barrier_label}`, r]));
  const cell = (r) => {
    if (!r) return "";
    if (r.status === "suppressed") return html`<span class="suppressed">fewer than ${k}</span>`;
    const text = `${pct(r.prevalence)} (${pct(r.prevalence_lower)} – ${pct(r.prevalence_upper)})`;
    return r.status === "unstable" ? html`<span class="unstable">${text}</span>` : text;
  };
  return html`<div class="table-scroll" tabindex="0" role="region" aria-label=${caption}><table class="data long">
    <caption>${caption}</caption>
    <thead><tr><th scope="col">Group</th>${barriers.map((b) => html`<th scope="col">${b}</th>`)}</tr></thead>
    <tbody>${groups.map((g) => html`<tr><th scope="row">${g}</th>${barriers.map((b) => html`<td>${cell(at.get(`${g}|${b}`))}</td>`)}</tr>`)}</tbody>
  </table></div>`;
}
