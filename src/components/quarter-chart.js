// Rates by quarter, each point with its 95% interval: one small panel per funnel
// stage (quarterChart, the Overview), or one per group of a breakdown with its
// trend and the policy changes marked (trendPanels, the Trends page). Suppressed
// quarters are labelled, unstable ones hollow and marked "~", quarters without
// cases labelled, and a quarter the data cover in part marked as partial.
// Pure: data, then options.
import * as Plot from "@observablehq/plot";
import {chartFigure, OKABE_ITO, pct} from "./figure.js";
import {html} from "htl";

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
      Plot.text(hidden, {fx: "stage", x: "group_code", frameAnchor: "bottom", text: (d) => (d.rate_status === "no_cases" ? "none" : "supp."), dy: -4, fontSize: 9, fontStyle: "italic"})
    ]
  });
  return chartFigure(plot, {title, summary: describeQuarters(rows, {k}), caption: `Hollow: unstable or a quarter not yet over ("partial"). "supp.": suppressed, fewer than ${k}.`});
}

/** Middle of a quarter ("2024-Q3") as a date: where its point sits on a time axis. */
export function quarterMid(quarter) {
  const [y, n] = quarter.split("-Q").map(Number);
  return new Date(Date.UTC(y, (n - 1) * 3 + 1, 15));
}
const quarterStart = (q) => { const [y, n] = q.split("-Q").map(Number); return new Date(Date.UTC(y, (n - 1) * 3, 1)); };
const quarterEnd = (q) => { const [y, n] = q.split("-Q").map(Number); return new Date(Date.UTC(y, n * 3, 1)); };
const DIRECTION = {rising: "rising", falling: "falling", stable: "stable"};

/** The state of one quarter's figure in words, for text alternatives and panels. */
const WITHHELD = "withheld (too few requests to break down)";
const stateOf = (r, k) => (r.rate_status === "suppressed" ? (r.suppression_reason === "small_slice" ? WITHHELD : `suppressed (fewer than ${k}, or hidden so that one cannot be worked out)`) : r.rate_status === "no_cases" ? "no cases" : null);

/**
 * One sentence per group: first and last published rate, the trend with its
 * interval (or why there is none), and which quarters are suppressed, empty,
 * unstable or partial. The text alternative of `trendPanels`.
 */
export function describeTrendPanels(rows, {trends = [], k = 11, partial = []} = {}) {
  const groups = [...new Map(rows.map((r) => [r.group_code, r.group_label ?? r.group_code]))];
  return groups.map(([code, label]) => {
    const mine = rows.filter((r) => r.group_code === code);
    const shown = mine.filter((r) => r.rate != null);
    const first = shown[0], last = shown.at(-1);
    const list = (xs) => xs.map((r) => r.quarter).join(", ");
    const withheld = mine.filter((r) => r.rate_status === "suppressed" && r.suppression_reason === "small_slice");
    const hidden = mine.filter((r) => r.rate_status === "suppressed" && r.suppression_reason !== "small_slice"), empty = mine.filter((r) => r.rate_status === "no_cases");
    const unstable = shown.filter((r) => r.rate_status === "unstable"), partly = mine.filter((r) => partial.includes(r.quarter));
    const trend = trends.find((t) => t.group_code === code);
    return [
      `${label}: ${first ? (first === last ? `${pct(first.rate)} in ${first.quarter}` : `${pct(first.rate)} in ${first.quarter}, ${pct(last.rate)} in ${last.quarter}`) : "no rate published"}`,
      trend ? describeTrend(trend) : null,
      hidden.length ? `suppressed in ${list(hidden)} (fewer than ${k}, or hidden so that one cannot be worked out)` : null,
      withheld.length ? `${WITHHELD} in ${list(withheld)}` : null,
      empty.length ? `no cases in ${list(empty)}` : null,
      unstable.length ? `unstable in ${list(unstable)}` : null,
      partly.length ? `${list(partly)} only partly covered by the data` : null
    ].filter(Boolean).join("; ") + ".";
  }).join(" ");
}

/** A trend in words: its direction with the odds ratio per quarter and interval, or why there is none. */
export function describeTrend(t) {
  if (!t) return "no trend";
  if (t.status === "suppressed") return "trend not published (a quarter of the series is suppressed)";
  if (t.status === "refused") return t.reason ?? "no trend";
  const level = Math.round((t.confidence_level ?? 0.95) * 100);
  return `${DIRECTION[t.direction] ?? t.direction}: odds × ${t.odds_ratio_per_quarter.toFixed(3)} a quarter (${level}% interval ${t.odds_ratio_lower.toFixed(3)} to ${t.odds_ratio_upper.toFixed(3)}), ${t.first_quarter} to ${t.last_quarter}`;
}

/**
 * Small multiples: one panel per group (`rows` hold one stage), the rate by
 * quarter with its 95% interval as a whisker, the group's trend in the panel's
 * title. Unstable points are hollow and orange, partial quarters shaded with a
 * square point, suppressed quarters labelled "supp." and quarters without
 * cases "none" (never drawn as zero, never left as a bare gap), and each policy
 * change a dashed vertical rule with its label. Okabe–Ito colours, and every
 * state also in words, in the picture and in its text alternative.
 *
 * `rows`: [{group_code, group_label, quarter, rate, rate_lower, rate_upper, rate_status}];
 * `quarters`: [{quarter, is_partial_quarter}]; `trends`: one row per group; `changes`: [{date, label}].
 */
export function trendPanels(allRows, {quarters = [], trends = [], changes = [], width = 800, k = 11, title = "", columns} = {}) {
  // A group whose every quarter is withheld (too few requests to break down) gets no empty panel: it is named instead.
  const isWithheld = (r) => r.rate_status === "suppressed" && r.suppression_reason === "small_slice";
  const allGroups = [...new Map(allRows.map((r) => [r.group_code, r.group_label ?? r.group_code]))];
  const withheldGroups = allGroups.filter(([code]) => allRows.filter((r) => r.group_code === code).every(isWithheld));
  const notDrawn = withheldGroups.length ? ` Not drawn, every quarter withheld (too few requests to break down): ${withheldGroups.map(([, label]) => label).join(", ")}.` : "";
  const rows = allRows.filter((r) => !withheldGroups.some(([code]) => code === r.group_code));
  if (!rows.length) return html`<figure class="chart"><figcaption>${title ? `${title}. ` : ""}No group is drawn.${notDrawn}</figcaption></figure>`;
  const groups = [...new Map(rows.map((r) => [r.group_code, r.group_label ?? r.group_code]))];
  const cols = Math.max(1, Math.min(groups.length, columns ?? Math.floor(width / 260)));
  const at = new Map(groups.map(([code], i) => [code, {fx: i % cols, fy: Math.floor(i / cols)}]));
  const partial = quarters.filter((q) => q.is_partial_quarter).map((q) => q.quarter);
  const data = rows.map((r) => ({...r, ...at.get(r.group_code), x: quarterMid(r.quarter), partial: partial.includes(r.quarter)})).sort((a, b) => a.x - b.x);
  const shown = data.filter((r) => r.rate != null);
  const hidden = data.filter((r) => r.rate == null);
  const trendOf = new Map(trends.map((t) => [t.group_code, t]));
  const heading = groups.map(([code, label]) => {
    const t = trendOf.get(code);
    const word = !t ? "" : t.status === "estimated" ? DIRECTION[t.direction] ?? t.direction : t.status === "suppressed" ? "trend suppressed" : "no trend";
    return {...at.get(code), text: word ? `${label}\n${word}` : label};
  });
  const names = quarters.map((q) => q.quarter);
  const step = Math.max(1, Math.ceil(names.length / 4));
  const ticks = names.filter((_, i) => i % step === 0).map(quarterMid);
  const byTick = new Map(names.map((q) => [+quarterMid(q), q]));
  const dates = changes.map((c) => ({...c, x: new Date(`${c.date}T00:00:00Z`)}));
  const plot = Plot.plot({
    width,
    height: 200 * Math.ceil(groups.length / cols) + 50,
    marginTop: 40,
    marginBottom: 36,
    marginLeft: 46,
    fx: {axis: null, padding: 0.12},
    fy: {axis: null, padding: 0.25},
    x: {type: "utc", label: null, ticks, tickFormat: (d) => byTick.get(+d) ?? "", domain: names.length ? [quarterStart(names[0]), quarterEnd(names.at(-1))] : undefined},
    y: {label: "Rate (%)", percent: true, grid: true, zero: true},
    marks: [
      Plot.frame({stroke: "#ddd"}),
      // Partial quarters: shaded in every panel.
      Plot.rectX(partial, {x1: quarterStart, x2: quarterEnd, fill: "#eeeeee"}),
      Plot.ruleX(dates, {x: "x", stroke: OKABE_ITO[7], strokeDasharray: "4,3"}),
      // The policy change's label once, in the first panel.
      Plot.text(dates, {x: "x", fx: () => 0, fy: () => 0, text: (d) => d.label, frameAnchor: "top", textAnchor: "start", dx: 3, dy: 14, fontSize: 10, lineWidth: 12}),
      // The group and its trend, on two lines above the panel, so that a long group name stays inside its column.
      Plot.text(heading, {fx: "fx", fy: "fy", text: "text", frameAnchor: "top-left", lineAnchor: "bottom", dy: -4, fontWeight: 600, fontSize: 11}),
      Plot.lineY(data, {fx: "fx", fy: "fy", x: "x", y: (d) => (d.rate == null ? NaN : d.rate), stroke: "#9ca3af", strokeWidth: 1}),
      Plot.ruleX(shown, {fx: "fx", fy: "fy", x: "x", y1: "rate_lower", y2: "rate_upper", stroke: (d) => (d.rate_status === "unstable" ? OKABE_ITO[1] : OKABE_ITO[0]), strokeWidth: 2}),
      Plot.dot(shown, {fx: "fx", fy: "fy", x: "x", y: "rate", r: 3.5, symbol: (d) => (d.partial ? "square" : "circle"), stroke: (d) => (d.rate_status === "unstable" ? OKABE_ITO[1] : OKABE_ITO[0]), fill: (d) => (d.rate_status === "unstable" || d.partial ? "white" : OKABE_ITO[0]), strokeWidth: 1.5}),
      Plot.text(shown.filter((d) => d.rate_status === "unstable"), {fx: "fx", fy: "fy", x: "x", y: "rate_upper", text: () => "~", dy: -7, fill: "#6b4a00"}),
      Plot.text(hidden, {fx: "fx", fy: "fy", x: "x", frameAnchor: "bottom", text: (d) => (d.rate_status === "no_cases" ? "none" : isWithheld(d) ? "w/h" : "supp."), dy: -4, fontSize: 9, fontStyle: "italic", fill: "#444"})
    ]
  });
  const shownChanges = changes.map((c) => `${c.label} (${c.date})`).join("; ");
  return chartFigure(plot, {
    title,
    summary: describeTrendPanels(rows, {trends, k, partial}) + (changes.length ? ` Marked: ${shownChanges}.` : "") + notDrawn,
    caption: `Each dot is a quarter's rate with its 95% interval. Hollow orange with "~": unstable. Shaded, square: a quarter the data cover only in part${partial.length ? ` (${partial.join(", ")})` : " (none here)"}. "supp.": suppressed, fewer than ${k} or hidden so that one cannot be worked out, never zero.${rows.some(isWithheld) ? ' "w/h": withheld, a quarter or group with too few requests to break down.' : ""} "none": no cases that quarter.${changes.length ? ` Dashed line: ${shownChanges}.` : ""} The trend in each panel's title is called rising or falling only when its interval excludes no change.${notDrawn}`
  });
}
