// Forest plot of risk ratios with their intervals on a log scale: each barrier's
// risk of an unfavourable outcome with it against without it, pooled (all cases)
// and within service area (Mantel–Haenszel). Shape and label tell the two apart,
// not colour alone; suppressed rows are labelled. Pure: data, then options.
import * as Plot from "@observablehq/plot";
import {chartFigure, OKABE_ITO} from "./figure.js";

const f2 = (x) => (x == null ? "" : x.toFixed(2));

export function describeRatios(rows, {k = 11} = {}) {
  return rows.map((r) => r.status === "suppressed"
    ? `${r.barrier_label}: suppressed (fewer than ${k} cases).`
    : `${r.barrier_label}: ${f2(r.pooled_ratio)} pooled (${f2(r.pooled_lower)} to ${f2(r.pooled_upper)}), ${f2(r.adjusted_ratio)} within service area (${f2(r.adjusted_lower)} to ${f2(r.adjusted_upper)})${r.reverses_when_adjusted ? ", reverses within service area" : ""}${r.status === "unstable" ? ", unstable" : ""}.`).join(" ");
}

export function ratioForest(rows, {width = 760, k = 11, title = ""} = {}) {
  const shown = rows.filter((r) => r.status !== "suppressed");
  const hidden = rows.filter((r) => r.status === "suppressed");
  const long = shown.flatMap((r) => [
    {barrier_label: r.barrier_label, kind: "pooled", ratio: r.pooled_ratio, lower: r.pooled_lower, upper: r.pooled_upper, status: r.status},
    {barrier_label: r.barrier_label, kind: "within service area", ratio: r.adjusted_ratio, lower: r.adjusted_lower, upper: r.adjusted_upper, status: r.status}
  ]).filter((d) => d.ratio != null && d.lower != null);
  const values = long.flatMap((d) => [d.lower, d.upper]);
  const lo = Math.min(0.5, ...values), hi = Math.max(2, ...values);
  // One facet row per barrier, the pooled and the within-area estimate one above the other.
  const plot = Plot.plot({
    width,
    height: 60 + 44 * rows.length,
    marginLeft: 170,
    marginRight: 80,
    x: {type: "log", domain: [lo, hi], label: "Risk ratio of an unfavourable outcome, with vs without the barrier (log scale)", grid: true, ticks: [0.25, 0.5, 0.67, 0.8, 1, 1.25, 1.5, 2, 3, 4].filter((t) => t >= lo && t <= hi), tickFormat: (d) => String(d)},
    fy: {domain: rows.map((r) => r.barrier_label), label: null, axis: "left", padding: 0.15},
    y: {domain: ["pooled", "within service area"], axis: null},
    color: {domain: ["pooled", "within service area"], range: [OKABE_ITO[0], OKABE_ITO[5]], legend: true},
    symbol: {domain: ["pooled", "within service area"], range: ["circle", "diamond"]},
    marks: [
      Plot.ruleX([1], {stroke: "#000", strokeDasharray: "4,3"}),
      Plot.ruleY(long, {fy: "barrier_label", y: "kind", x1: "lower", x2: "upper", stroke: "kind", strokeWidth: 2}),
      Plot.dot(long, {fy: "barrier_label", y: "kind", x: "ratio", fill: "kind", symbol: "kind", r: 4}),
      Plot.text(shown.filter((r) => r.status === "unstable"), {fy: "barrier_label", frameAnchor: "right", text: () => "unstable", dx: 70, fill: "#6b4a00"}),
      Plot.text(hidden, {fy: "barrier_label", frameAnchor: "left", text: () => `suppressed (fewer than ${k})`, dx: 4, fontStyle: "italic"})
    ]
  });
  return chartFigure(plot, {title, summary: describeRatios(rows, {k}), caption: "Above 1: cases that met the barrier ended unfavourably more often. Circles pooled over all cases; diamonds within service area."});
}
