// The service funnel's Relative Rate Index matrix: groups (rows) × funnel stages
// (columns), each cell the group's rate at that stage over the reference group's.
// Diverging ColorBrewer PuOr in seven classes symmetric on the log scale
// (readable with every common colour-vision deficiency; 0.95–1.05 is white, and a
// reader can match a class to the legend), the ratio written in each cell, "*" where it
// differs from 1 after the Benjamini–Hochberg adjustment, the reference row
// written "reference", a suppressed cell hatched and labelled, a group too small
// to compare written "n/c", an unstable one with "~": no state by colour alone.
// Pure: data, then options.
import * as Plot from "@observablehq/plot";
import {chartFigure, dataTable, hatch} from "./figure.js";

/** The four funnel stages in the order a request moves through them. */
export const STAGES = ["accepted_of_requests", "turned_away_capacity_of_requests", "closed_of_accepted", "favourable_of_closed"];
const SIGNIFICANT = 0.05;
/** Class limits, each the reciprocal of its mirror image: 0.8 is as dark as 1.25. */
const THRESHOLDS = [1 / 1.5, 0.8, 0.95, 1 / 0.95, 1.25, 1.5];
const f2 = (x) => (x == null ? "" : x.toFixed(2));

/**
 * One cell per group and stage: the ratio shown (crude, or within service area
 * and organisation when `adjusted`) with its interval, adjusted p and state.
 */
export function rriCells(rows, {adjusted = false} = {}) {
  return rows.filter((r) => STAGES.includes(r.measure)).map((r) => {
    const ratio = adjusted ? r.adjusted_ratio : r.rate_ratio;
    const state = r.ratio_status === "suppressed" || r.rate_status === "suppressed" ? "suppressed"
      : r.is_reference ? "reference"
      : r.ratio_status === "not_compared" || ratio == null ? "not_compared"
      : r.reliability === "unstable" ? "unstable" : "ok";
    const p = adjusted ? r.adjusted_p_bh : r.p_adjusted;
    return {
      stage: r.measure, stage_label: r.measure_label, group_code: r.group_code, group_label: r.group_label,
      ratio: state === "ok" || state === "unstable" ? ratio : null,
      lower: adjusted ? r.adjusted_lower : r.ratio_lower, upper: adjusted ? r.adjusted_upper : r.ratio_upper,
      p, significant: (state === "ok" || state === "unstable") && p != null && p < SIGNIFICANT, state, reference_group: r.reference_group
    };
  });
}

const cellText = (c) => ({
  suppressed: "supp.", reference: "ref.", not_compared: "n/c"
}[c.state] ?? `${f2(c.ratio)}${c.significant ? "*" : ""}${c.state === "unstable" ? "~" : ""}`);

/** Per stage, the groups whose ratio differs significantly from 1, in words. */
export function describeMatrix(cells, {k = 11} = {}) {
  const stages = [...new Map(cells.map((c) => [c.stage, c.stage_label]))];
  return stages.map(([stage, label]) => {
    const mine = cells.filter((c) => c.stage === stage);
    const ref = mine.find((c) => c.state === "reference");
    const below = mine.filter((c) => c.significant && c.ratio < 1).map((c) => `${c.group_label} ${f2(c.ratio)}`);
    const above = mine.filter((c) => c.significant && c.ratio > 1).map((c) => `${c.group_label} ${f2(c.ratio)}`);
    const hidden = mine.filter((c) => c.state === "suppressed").length;
    return `${label} (reference ${ref?.group_label ?? "none"}): ${below.length ? `significantly lower for ${below.join(", ")}` : "no group significantly lower"}; ${above.length ? `significantly higher for ${above.join(", ")}` : "no group significantly higher"}${hidden ? `; ${hidden} suppressed (fewer than ${k})` : ""}.`;
  }).join(" ");
}

export function rriMatrix(rows, {width = 760, k = 11, title = "", id = "rri-hatch", adjusted = false} = {}) {
  const cells = rriCells(rows, {adjusted});
  const groups = [...new Set(cells.map((c) => c.group_label))];
  const stages = STAGES.map((s) => cells.find((c) => c.stage === s)?.stage_label).filter(Boolean);
  const shown = cells.filter((c) => c.ratio != null);
  const plot = Plot.plot({
    width,
    height: 70 + 30 * groups.length,
    marginLeft: 190,
    marginTop: 40,
    padding: 0.05,
    x: {domain: stages, label: null, axis: "top"},
    y: {domain: groups, label: null},
    color: {type: "threshold", scheme: "puor", domain: THRESHOLDS, legend: true, width: 360, label: "Ratio to the reference group", tickFormat: f2},
    marks: [
      hatch(id),
      Plot.cell(shown, {x: "stage_label", y: "group_label", fill: "ratio"}),
      Plot.cell(cells.filter((c) => c.state === "reference" || c.state === "not_compared"), {x: "stage_label", y: "group_label", fill: "#fff", stroke: "#999"}),
      Plot.cell(shown.filter((c) => c.state === "unstable"), {x: "stage_label", y: "group_label", fill: "none", stroke: "#000", strokeDasharray: "2,2", inset: 1}),
      Plot.cell(cells.filter((c) => c.state === "suppressed"), {x: "stage_label", y: "group_label", fill: `url(#${id})`}),
      Plot.text(cells, {x: "stage_label", y: "group_label", text: cellText, fontSize: 11, fontWeight: (c) => (c.significant ? "bold" : "normal"),
        fill: (c) => (c.ratio != null && (c.ratio < THRESHOLDS[0] || c.ratio >= THRESHOLDS.at(-1)) ? "white" : "black")})
    ]
  });
  return chartFigure(plot, {
    title,
    summary: describeMatrix(cells, {k}),
    caption: `Each cell: the group's rate at that stage divided by the reference group's (${adjusted ? "within service area and organisation, Mantel–Haenszel" : "pooled over all cases"}). Purple below 1, orange above; "*" and bold: different from 1 after the Benjamini–Hochberg adjustment (p < 0.05). For "turned away for capacity" a ratio above 1 is the worse one. "supp." (hatched): suppressed, fewer than ${k} or hidden so that such a count cannot be worked out, not necessarily low or high. "n/c": too few requests to compare. "~": unstable.`
  });
}

/** The matrix's table: one row per group, per stage the ratio with its interval and adjusted p, or its state in words. */
export function rriTable(rows, {k = 11, caption = "", adjusted = false} = {}) {
  const cells = rriCells(rows, {adjusted});
  const groups = [...new Map(cells.map((c) => [c.group_label, c.group_label]))].map(([g]) => ({group_label: g, byStage: new Map(cells.filter((c) => c.group_label === g).map((c) => [c.stage, c]))}));
  const stages = STAGES.filter((s) => cells.some((c) => c.stage === s));
  const words = (c) => {
    if (!c) return "";
    if (c.state === "suppressed") return `suppressed (fewer than ${k})`;
    if (c.state === "reference") return "reference group";
    if (c.state === "not_compared") return "not compared (too few requests)";
    const p = c.p == null ? "" : `; adjusted p ${c.p < 0.001 ? "< 0.001" : c.p.toFixed(3)}`;
    return `${f2(c.ratio)} (${f2(c.lower)} – ${f2(c.upper)})${p}${c.significant ? " *" : ""}${c.state === "unstable" ? "; unstable" : ""}`;
  };
  return dataTable(groups, [
    {label: "Group", value: (g) => g.group_label},
    ...stages.map((s) => ({label: cells.find((c) => c.stage === s).stage_label, value: (g) => words(g.byStage.get(s))}))
  ], {caption});
}
