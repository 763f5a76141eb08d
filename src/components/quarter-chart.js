// Rates by quarter, one small panel per funnel stage, each point with its 95%
// interval. Suppressed quarters are labelled, unstable ones hollow and marked
// "~", and a quarter not yet over is marked as partial. Pure: data, then options.
import * as Plot from "@observablehq/plot";
import {chartFigure, OKABE_ITO, pct} from "./figure.js";

const STAGES = {
  favourable_of_closed: "Favourable (of closed)",
  turned_away_capacity_of_requests: "Turned away for capacity",
  accepted_of_requests: "Accepted (of requests)",
  closed_of_accepted: "Closed (of accepted)"
};

export function describeQuarters(rows, {k = 11} = {}) {
  return [...new Set(rows.map((r) => r.measure))].map((m) => {
    const mine = rows.filter((r) => r.measure === m);
    const shown = mine.filter((r) => r.rate != null);
    const hidden = mine.length - shown.length;
    const first = shown[0], last = shown.at(-1);
    return `${STAGES[m] ?? m}: ${first ? `${pct(first.rate)} in ${first.group_code}, ${pct(last.rate)} in ${last.group_code}` : "all suppressed"}${hidden ? `; ${hidden} quarter${hidden > 1 ? "s" : ""} suppressed (fewer than ${k})` : ""}.`;
  }).join(" ");
}

/** `rows`: published rates with group_code = quarter ("2024-Q1"); `full`: the quarters that are over. */
export function quarterChart(rows, {width = 800, k = 11, title = "", full = null} = {}) {
  const data = rows.map((r) => ({...r, stage: STAGES[r.measure] ?? r.measure, partial: full ? !full.includes(r.group_code) : false}));
  const shown = data.filter((r) => r.rate != null);
  const hidden = data.filter((r) => r.rate == null);
  const plot = Plot.plot({
    width,
    height: 260,
    marginBottom: 50,
    fx: {label: null},
    x: {label: null, tickRotate: -45},
    y: {label: "Rate (%)", percent: true, grid: true, zero: true},
    marks: [
      Plot.frame({stroke: "#ddd"}),
      Plot.ruleX(shown, {fx: "stage", x: "group_code", y1: "rate_lower", y2: "rate_upper", stroke: OKABE_ITO[0], strokeWidth: 2}),
      Plot.dot(shown, {fx: "stage", x: "group_code", y: "rate", r: 3.5, stroke: OKABE_ITO[0], fill: (d) => (d.rate_status === "unstable" || d.partial ? "white" : OKABE_ITO[0])}),
      Plot.text(shown.filter((d) => d.partial), {fx: "stage", x: "group_code", y: "rate_upper", text: () => "partial", dy: -8, fontSize: 9}),
      Plot.text(hidden, {fx: "stage", x: "group_code", frameAnchor: "bottom", text: () => "supp.", dy: -4, fontSize: 9, fontStyle: "italic"})
    ]
  });
  return chartFigure(plot, {title, summary: describeQuarters(rows, {k}), caption: `Hollow: unstable or a quarter not yet over ("partial"). "supp.": suppressed, fewer than ${k}.`});
}
