// The favourable rate in every intersection of two breakdowns, as a grid: one
// breakdown down the side, the other across, the pair's reference cell outlined
// and named. Built on the shared share heatmap, so suppressed cells are hatched
// and unstable ones marked exactly as on the barriers page. Pure: data, then options.
// Rows: published intersections with `row_label` and `col_label` set by the page
// (which of the pair's two breakdowns runs down the side is the reader's choice).
import {matrixTable, shareHeatmap} from "./barrier-heatmap.js";
import {dataTable, num, pct, statusValue} from "./figure.js";

const f2 = (x) => (x == null ? "" : x.toFixed(2));

/** The text alternative: the reference cell, the highest and lowest rates, and what is suppressed. */
export function describeIntersections(rows, {k = 11} = {}) {
  const reference = rows.find((r) => r.is_reference);
  const shown = rows.filter((r) => r.rate_status !== "suppressed").sort((a, b) => b.rate - a.rate);
  const withheld = rows.filter((r) => r.rate_status === "suppressed" && r.suppression_reason === "small_slice").length;
  const hidden = rows.length - shown.length - withheld;
  const withheldWords = withheld ? ` ${withheld} cell${withheld > 1 ? "s" : ""} withheld (a group with too few requests to break down).` : "";
  const ref = reference
    ? reference.rate_status === "suppressed" ? `Reference cell ${reference.row_label} × ${reference.col_label}: suppressed.` : `Reference cell ${reference.row_label} × ${reference.col_label}: ${pct(reference.rate)}.`
    : "No reference cell: nothing compared.";
  if (!shown.length) return `${ref} Every cell ${withheld === rows.length ? "withheld (a group with too few requests to break down)" : `suppressed (fewer than ${k})${withheld ? " or withheld" : ""}`}.`;
  const hi = shown[0], lo = shown[shown.length - 1];
  return `${ref} Highest ${hi.row_label} × ${hi.col_label} (${pct(hi.rate)}), lowest ${lo.row_label} × ${lo.col_label} (${pct(lo.rate)}).${hidden ? ` ${hidden} cell${hidden > 1 ? "s" : ""} suppressed (fewer than ${k}, or hidden so that one cannot be worked out).` : ""}${withheldWords}`;
}

export function intersectionGrid(rows, {width = 900, k = 11, title = "", id = "intersection-hatch"} = {}) {
  const reference = rows.find((r) => r.is_reference);
  const cells = rows.map((r) => ({...r, status: r.rate_status}));
  return shareHeatmap(cells, {
    width, k, title, id, x: "col_label", y: "row_label", value: "rate",
    legend: "Favourable outcome (share of closed cases)",
    summary: describeIntersections(rows, {k}),
    highlight: (d) => d.is_reference,
    caption: `${reference ? `Outlined: the reference cell, ${reference.row_label} × ${reference.col_label}, where both breakdowns are at their own reference group. ` : ""}Darker is a higher rate. "supp." (hatched): suppressed, not necessarily low.${rows.some((r) => r.suppression_reason === "small_slice") ? ' "w/h" (hatched): withheld, a group with too few requests to break down.' : ""} "~": unstable. An empty cell: no closed case.`
  });
}

/** The grid as a table: each cell's rate and interval, the reference named. */
export function intersectionMatrix(rows, {k = 11, caption = "", corner = ""} = {}) {
  const cells = rows.map((r) => ({...r, status: r.rate_status}));
  return matrixTable(cells, {k, caption, corner, row: "row_label", column: "col_label", value: "rate", lower: "rate_lower", upper: "rate_upper", note: (r) => (r.is_reference ? " (reference)" : "")});
}

/** Every cell with its counts, rate, ratio to the reference cell and adjusted p-values. */
export function intersectionTable(rows, {k = 11, caption = ""} = {}) {
  const p = (x) => (x == null ? "" : x < 0.001 ? "< 0.001" : x.toFixed(3));
  const count = (x, r) => (x == null ? statusValue(null, {k, reason: r.suppression_reason}) : num(x));
  const ratio = (r) => (r.is_reference ? "1 (reference)" : r.ratio_status === "suppressed" ? statusValue(null, {k}) : r.rate_ratio == null ? "not compared" : `${f2(r.rate_ratio)} (${f2(r.ratio_lower)} – ${f2(r.ratio_upper)})`);
  return dataTable(rows.map((r) => ({...r, status: r.rate_status})), [
    {label: "Cell", value: (r) => `${r.row_label} × ${r.col_label}`},
    {label: "Favourable", value: (r) => count(r.numerator, r), num: true},
    {label: "Closed", value: (r) => count(r.denominator, r), num: true},
    {label: "Rate (95% interval)", value: (r) => statusValue(r.rate, {status: r.rate_status, lower: r.rate_lower, upper: r.rate_upper, k, reason: r.suppression_reason})},
    {label: "Ratio to the reference cell (95% interval)", value: ratio},
    {label: "Adjusted p (BH)", value: (r) => p(r.p_adjusted)},
    {label: "Ratio within service area and organisation", value: (r) => (r.adjusted_ratio == null ? "" : `${f2(r.adjusted_ratio)} (${f2(r.adjusted_lower)} – ${f2(r.adjusted_upper)})`)},
    {label: "Its adjusted p (BH)", value: (r) => p(r.adjusted_p_bh)}
  ], {caption});
}
