// Share of accepted cases still open after so many days (Kaplan–Meier), one step
// line per group on the coarse grid the publish step allows, with the 95%
// interval at each published day. Groups are told apart by Okabe–Ito colour AND
// a symbol and an end label, never colour alone. Pure: data, then options.
import * as Plot from "@observablehq/plot";
import {chartFigure, OKABE_ITO, pct} from "./figure.js";

const SYMBOLS = ["circle", "square", "diamond", "triangle", "cross", "star", "wye", "times"];
const days = (d) => (d == null ? "not reached" : `${Math.round(d)} days`);

export function describeSurvival(times, {k = 11} = {}) {
  return times.map((t) => t.status === "suppressed"
    ? `${t.group_label}: suppressed (fewer than ${k} accepted cases, or hidden so that such a count cannot be worked out).`
    : `${t.group_label}: half closed by ${days(t.median_days)}${t.median_days == null ? "" : ` (${days(t.median_lower)} to ${days(t.median_upper)})`}; three quarters by ${days(t.p75_days)}${t.curve === "suppressed" ? "; curve not published (too few closings to show safely)" : ""}${t.status === "unstable" ? "; unstable" : ""}.`).join(" ");
}

/** `points`: published curve points (dimension, group_code, days, share_open, lower, upper); `times`: one row per group. */
export function survivalChart(points, times, {width = 760, k = 11, title = ""} = {}) {
  const labels = new Map(times.map((t) => [t.group_code, t.group_label]));
  const drawn = times.filter((t) => t.curve !== "suppressed").map((t) => t.group_label);
  const data = points.filter((p) => labels.has(p.group_code)).map((p) => ({...p, group_label: labels.get(p.group_code)}));
  // End labels, nudged apart (about 12px) so that close curves stay readable.
  const gap = 12 / 330;
  const last = drawn.map((g) => data.filter((d) => d.group_label === g).at(-1)).filter(Boolean)
    .sort((a, b) => b.share_open - a.share_open)
    .reduce((out, d) => [...out, {...d, label_y: out.length ? Math.min(d.share_open, out.at(-1).label_y - gap) : d.share_open}], []);
  const plot = Plot.plot({
    width,
    height: 380,
    marginRight: 210,
    x: {type: "linear", domain: [0, 365], label: "Days since the case was accepted", grid: true, ticks: [0, 30, 60, 90, 180, 365]},
    y: {domain: [0, 1], label: "Share still open", percent: false, tickFormat: (d) => pct(d, 0), grid: true},
    // All cases in black, groups in the other Okabe–Ito colours.
    color: {domain: drawn, range: drawn.map((g, i) => (g === "All cases" ? "#000000" : OKABE_ITO.filter((c) => c !== "#000000")[i % 7])), legend: true},
    symbol: {domain: drawn, range: SYMBOLS},
    marks: [
      Plot.ruleY([0]),
      // Joined by straight lines: only the published days are known, not the steps between them.
      Plot.line(data, {x: "days", y: "share_open", stroke: "group_label", strokeWidth: (d) => (d.group_code === "all" ? 3 : 1.5)}),
      Plot.ruleX(data.filter((d) => d.lower != null), {x: "days", y1: "lower", y2: "upper", stroke: "group_label", strokeOpacity: 0.6, strokeWidth: 3}),
      Plot.dot(data, {x: "days", y: "share_open", stroke: "group_label", symbol: "group_label", fill: "white", r: 3.5}),
      Plot.text(last, {x: "days", y: "label_y", text: "group_label", dx: 8, textAnchor: "start", fill: "black", fontSize: 11})
    ]
  });
  const hidden = times.filter((t) => t.curve === "suppressed").map((t) => t.group_label);
  return chartFigure(plot, {
    title,
    summary: describeSurvival(times, {k}),
    caption: `Shown only at days 0, 7, 14, 30, 60, 90, 180 and 365 (joined by straight lines; the curve between them is not published), while at least ${k} cases are open, and with days merged where fewer than ${k} cases closed in between.${hidden.length ? ` Not drawn (suppressed): ${hidden.join(", ")}.` : ""}`
  });
}
