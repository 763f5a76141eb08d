// Forest plots of ratios with their intervals on a log scale, as pure
// components (data, then options): each barrier's risk ratio of an unfavourable
// outcome, pooled and within service area (ratioForest), and each group's rate
// ratio against its reference group (groupRatioForest). Shape and label tell
// estimates apart, not colour alone; suppressed and uncompared rows are labelled.
import * as Plot from "@observablehq/plot";
import {chartFigure, OKABE_ITO} from "./figure.js";

const f2 = (x) => (x == null ? "" : x.toFixed(2));
// A small group's interval can span 0.02 to 50: the 1-2-5 ticks of a log axis
// then, whose crowded labels d3 leaves out (the 1s always stay).
const TICKS = [0.25, 0.5, 0.67, 0.8, 1, 1.25, 1.5, 2, 3, 4];
const WIDE_TICKS = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100];

/**
 * The plot both forests share. `estimates`: {label, series, ratio, lower, upper};
 * one facet row per label of `order`, the series one above the other. `right`
 * and `left`: {label, text} notes drawn at the row's right edge (unstable,
 * reference) and left edge (suppressed, not compared).
 */
function forest(estimates, {order, series, colors, symbols, legend, xLabel, width, marginLeft = 170, right = [], left = []}) {
  const values = estimates.flatMap((d) => [d.lower, d.upper]).filter((v) => v != null);
  const lo = Math.min(0.5, ...values), hi = Math.max(2, ...values);
  return Plot.plot({
    width,
    height: 60 + 44 * order.length,
    marginLeft,
    marginRight: 80,
    x: {type: "log", domain: [lo, hi], label: xLabel, grid: true, ticks: (lo < 0.25 || hi > 4 ? WIDE_TICKS : TICKS).filter((t) => t >= lo && t <= hi), tickFormat: (d) => String(d)},
    fy: {domain: order, label: null, axis: "left", padding: 0.15},
    y: {domain: series, axis: null},
    color: {domain: series, range: colors, legend},
    symbol: {domain: series, range: symbols},
    marks: [
      Plot.ruleX([1], {stroke: "#000", strokeDasharray: "4,3"}),
      Plot.ruleY(estimates.filter((d) => d.lower != null), {fy: "label", y: "series", x1: "lower", x2: "upper", stroke: "series", strokeWidth: 2}),
      Plot.dot(estimates, {fy: "label", y: "series", x: "ratio", fill: "series", symbol: "series", r: 4}),
      Plot.text(right, {fy: "label", frameAnchor: "right", text: "text", dx: 70, fill: "#6b4a00"}),
      Plot.text(left, {fy: "label", frameAnchor: "left", text: "text", dx: 4, fontStyle: "italic"})
    ]
  });
}

export function describeRatios(rows, {k = 11} = {}) {
  return rows.map((r) => r.status === "suppressed"
    ? `${r.barrier_label}: suppressed (fewer than ${k} cases).`
    : `${r.barrier_label}: ${f2(r.pooled_ratio)} pooled (${f2(r.pooled_lower)} to ${f2(r.pooled_upper)}), ${f2(r.adjusted_ratio)} within service area (${f2(r.adjusted_lower)} to ${f2(r.adjusted_upper)})${r.reverses_when_adjusted ? ", reverses within service area" : ""}${r.status === "unstable" ? ", unstable" : ""}.`).join(" ");
}

export function ratioForest(rows, {width = 760, k = 11, title = ""} = {}) {
  const shown = rows.filter((r) => r.status !== "suppressed");
  const estimates = shown.flatMap((r) => [
    {label: r.barrier_label, series: "pooled", ratio: r.pooled_ratio, lower: r.pooled_lower, upper: r.pooled_upper},
    {label: r.barrier_label, series: "within service area", ratio: r.adjusted_ratio, lower: r.adjusted_lower, upper: r.adjusted_upper}
  ]).filter((d) => d.ratio != null && d.lower != null);
  const plot = forest(estimates, {
    order: rows.map((r) => r.barrier_label),
    series: ["pooled", "within service area"],
    colors: [OKABE_ITO[0], OKABE_ITO[5]],
    symbols: ["circle", "diamond"],
    legend: true,
    xLabel: "Risk ratio of an unfavourable outcome, with vs without the barrier (log scale)",
    width,
    right: shown.filter((r) => r.status === "unstable").map((r) => ({label: r.barrier_label, text: "unstable"})),
    left: rows.filter((r) => r.status === "suppressed").map((r) => ({label: r.barrier_label, text: `suppressed (fewer than ${k})`}))
  });
  return chartFigure(plot, {title, summary: describeRatios(rows, {k}), caption: "Above 1: cases that met the barrier ended unfavourably more often. Circles pooled over all cases; diamonds within service area."});
}

/** Why a group has no ratio: its own figures or the reference's are hidden, or it is not compared (see its note). */
const noRatio = (r, k) => (r.ratio_status === "suppressed" ? `suppressed (fewer than ${k})` : "not compared");

/** A sentence per group of published rates (rate-chart.js's rows): its ratio to the reference group, or why there is none. */
export function describeGroupRatios(rows, {k = 11, withinStrata = null} = {}) {
  const within = (r) => (!withinStrata ? "" : r.adjusted_ratio == null ? `; not estimated ${withinStrata}` : `; ${f2(r.adjusted_ratio)} ${withinStrata} (${f2(r.adjusted_lower)} to ${f2(r.adjusted_upper)})`);
  return rows.map((r) => r.is_reference ? `${r.group_label}: the reference group.`
    : r.rate_ratio == null ? `${r.group_label}: ${noRatio(r, k)}.`
    : `${r.group_label}: ${f2(r.rate_ratio)} times the reference group's rate (${f2(r.ratio_lower)} to ${f2(r.ratio_upper)})${within(r)}${r.ratio_status === "unstable" ? ", unstable" : ""}.`).join(" ");
}

/**
 * Each group's rate ratio against its reference group (the relative rate index),
 * with its interval; the reference sits at 1. Rows are published group rates of
 * one measure and one breakdown, as rate-chart.js draws them. `withinStrata`
 * (e.g. "within service area and organisation") adds each group's Mantel–Haenszel
 * ratio (adjusted_*) as a second estimate under that name.
 */
export function groupRatioForest(rows, {width = 760, k = 11, title = "", better = "higher", withinStrata = null} = {}) {
  const compared = rows.filter((r) => !r.is_reference && r.rate_ratio != null);
  const reference = rows.find((r) => r.is_reference);
  const series = withinStrata ? ["pooled", withinStrata] : ["ratio"];
  const estimates = [
    ...compared.map((r) => ({label: r.group_label, series: series[0], ratio: r.rate_ratio, lower: r.ratio_lower, upper: r.ratio_upper})),
    ...(withinStrata ? compared.filter((r) => r.adjusted_ratio != null).map((r) => ({label: r.group_label, series: withinStrata, ratio: r.adjusted_ratio, lower: r.adjusted_lower, upper: r.adjusted_upper})) : []),
    ...(reference ? [{label: reference.group_label, series: series[0], ratio: 1, lower: null, upper: null}] : [])
  ];
  const plot = forest(estimates, {
    order: rows.map((r) => r.group_label),
    series,
    colors: [OKABE_ITO[0], OKABE_ITO[5]].slice(0, series.length),
    symbols: ["circle", "diamond"].slice(0, series.length),
    legend: Boolean(withinStrata),
    xLabel: "Ratio of the group's rate to the reference group's (log scale)",
    width,
    // Group labels ("American Indian or Alaska Native") run longer than barrier names: rate-chart.js's margin.
    marginLeft: 230,
    right: [
      ...compared.filter((r) => r.ratio_status === "unstable").map((r) => ({label: r.group_label, text: "unstable"})),
      ...(reference ? [{label: reference.group_label, text: "reference"}] : [])
    ],
    left: rows.filter((r) => !r.is_reference && r.rate_ratio == null).map((r) => ({label: r.group_label, text: noRatio(r, k)}))
  });
  const direction = better === "lower" ? "Above 1: a higher rate than the reference group (worse)." : "Below 1: a lower rate than the reference group (worse).";
  const against = reference ? ` Each group against ${reference.group_label} (${reference.reference_rule}).` : " No reference group has a published rate here, so no group is compared.";
  const shapes = withinStrata ? ` Circles pooled over all cases; diamonds ${withinStrata} (Mantel–Haenszel).` : "";
  return chartFigure(plot, {title, summary: describeGroupRatios(rows, {k, withinStrata}), caption: `${direction}${against}${shapes}`});
}
