// Missingness of each demographic field by organisation: a heatmap of the share
// of requests with the field not recorded (empty) or not reported (declined),
// side by side. Suppressed cells hatched and labelled. Pure: data, then options.
import * as Plot from "@observablehq/plot";
import {chartFigure, hatch, pct, SEQUENTIAL} from "./figure.js";

export function describeMissingness(rows, {k = 11} = {}) {
  const shown = rows.filter((r) => r.status !== "suppressed" && r.share != null).sort((a, b) => b.share - a.share);
  const withheld = rows.filter((r) => r.suppression_reason === "small_slice").length;
  const hidden = rows.length - shown.length - withheld;
  const also = withheld ? ` ${withheld} figure${withheld > 1 ? "s" : ""} withheld (an organisation with too few requests to break down).` : "";
  if (!shown.length) return `${hidden ? `Every published figure suppressed (fewer than ${k}).` : "Nothing broken down by organisation."}${also}`;
  const top = shown.slice(0, 3).map((r) => `${r.dimension_label} ${r.group_code.replace("_", " ")} at ${r.org_id} (${pct(r.share)})`);
  return `Largest gaps: ${top.join("; ")}.${hidden ? ` ${hidden} figure${hidden > 1 ? "s" : ""} suppressed.` : ""}${also}`;
}

export function missingnessChart(rows, {width = 800, k = 11, title = "", id = "missing-hatch"} = {}) {
  // Field names without their parenthetical, so the axis stays readable.
  const data = rows.map((r) => ({...r, field: r.dimension_label.replace(/ \(.*\)$/, ""), column: `${r.org_id}: ${r.group_code.replace("_", " ")}`}));
  const shown = data.filter((r) => r.status !== "suppressed" && r.share != null);
  const hidden = data.filter((r) => r.status === "suppressed");
  const max = Math.max(0.01, ...shown.map((r) => r.share));
  const plot = Plot.plot({
    width,
    height: 60 + 30 * new Set(data.map((r) => r.field)).size + 140,
    marginLeft: 150,
    marginBottom: 140,
    x: {label: null, tickRotate: -35},
    y: {label: null},
    color: {type: "quantize", n: 5, scheme: SEQUENTIAL, domain: [0, max], legend: true, marginLeft: 12, width: 320, label: "Share of requests", tickFormat: (d) => pct(d, 0)},
    marks: [
      hatch(id),
      Plot.cell(shown, {x: "column", y: "field", fill: "share"}),
      Plot.cell(hidden, {x: "column", y: "field", fill: `url(#${id})`}),
      Plot.text(shown, {x: "column", y: "field", text: (d) => pct(d.share, 1), fill: (d) => (d.share > max * 0.55 ? "white" : "black"), fontSize: 10}),
      Plot.text(hidden, {x: "column", y: "field", text: () => "supp.", fontSize: 9, fontStyle: "italic"})
    ]
  });
  return chartFigure(plot, {title, summary: describeMissingness(rows, {k}), caption: `Darker: more often missing. "supp." (hatched): fewer than ${k}, or hidden so that such a count cannot be worked out.`});
}
