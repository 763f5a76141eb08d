// Benefits obtained by group: the median amount per favourable case with its
// order-statistic interval, as dots and lines in dollars. Unstable medians are
// hollow and labelled, suppressed ones and groups with no amount recorded are
// said in words, never drawn as $0. Okabe–Ito colours. Pure: data, then options.
import * as Plot from "@observablehq/plot";
import {html} from "htl";
import {chartFigure, dataTable, num, OKABE_ITO, pct} from "./figure.js";

/** Whole dollars, "$4,200"; empty for nothing. */
export const usd = (x) => (x == null ? "" : `$${Math.round(x).toLocaleString("en-US")}`);

const suppressedWords = (r, k) => (r.median_suppression_reason === "fewer_than_k" ? `suppressed (fewer than ${k} amounts)` : `suppressed (hidden with its count of amounts)`);

/** A sentence per group: the text alternative. */
export function describeBenefits(rows, {k = 11} = {}) {
  return rows.map((r) => {
    if (r.median_status === "suppressed") return `${r.group_label}: median ${suppressedWords(r, k)}.`;
    if (r.benefit_usd_median == null) return `${r.group_label}: no benefit amount recorded.`;
    const interval = r.median_lower == null ? "" : ` (${usd(r.median_lower)} to ${usd(r.median_upper)})`;
    const total = r.benefit_usd_sum == null ? "total suppressed" : `total about ${usd(r.benefit_usd_sum)}`;
    return `${r.group_label}: median ${usd(r.benefit_usd_median)}${interval} over ${num(r.benefit_cases)} amounts, ${total}${r.median_status === "unstable" ? ", unstable" : ""}.`;
  }).join(" ");
}

export function benefitChart(rows, {width = 640, k = 11, title = ""} = {}) {
  const shown = rows.filter((r) => r.median_status !== "suppressed" && r.benefit_usd_median != null);
  const words = rows.filter((r) => !shown.includes(r));
  const max = Math.max(100, ...shown.map((r) => r.median_upper ?? r.benefit_usd_median));
  const color = (d) => (d.median_status === "unstable" ? OKABE_ITO[1] : OKABE_ITO[0]);
  const plot = Plot.plot({
    width,
    height: Math.max(120, 34 * rows.length + 50),
    marginLeft: 230,
    marginRight: 110,
    x: {domain: [0, max], label: "Median benefit per favourable case with an amount (US dollars), 95% interval", grid: true, tickFormat: (d) => usd(d)},
    y: {domain: rows.map((r) => r.group_label), label: null},
    marks: [
      Plot.ruleY(shown.filter((d) => d.median_lower != null), {y: "group_label", x1: "median_lower", x2: "median_upper", stroke: color, strokeWidth: 2}),
      Plot.dot(shown, {y: "group_label", x: "benefit_usd_median", r: 5, stroke: color, fill: (d) => (d.median_status === "unstable" ? "white" : OKABE_ITO[0]), strokeWidth: 2}),
      Plot.text(shown.filter((d) => d.median_status === "unstable"), {y: "group_label", x: (d) => d.median_upper ?? d.benefit_usd_median, text: () => "unstable", dx: 6, textAnchor: "start", fill: "#6b4a00"}),
      Plot.text(words, {y: "group_label", x: 0, text: (d) => (d.median_status === "suppressed" ? suppressedWords(d, k) : "no amount recorded"), textAnchor: "start", dx: 4, fill: "#444", fontStyle: "italic"})
    ]
  });
  return chartFigure(plot, {
    title,
    summary: describeBenefits(rows, {k}),
    caption: `Medians rounded to the nearest $${rows[0]?.median_rounded_to ?? 100}, their intervals outward; shown only where at least ${k} amounts stand behind them. Hollow: unstable (too few amounts for a steady median).`
  });
}

/** The table behind the chart: every published figure with its status, in words. */
export function benefitTable(rows, {k = 11, caption = ""} = {}) {
  const hiddenCount = html`<span class="suppressed">fewer than ${k}, or hidden</span>`;
  const sumWords = {count_suppressed: "hidden with its count", frequency: `fewer than ${k} amounts`, dominance: "one amount dominates the total", complementary: "hidden so that another cannot be worked out"};
  return dataTable(rows, [
    {label: "Group", value: (r) => r.group_label},
    {label: "Favourable cases", value: (r) => (r.favourable_cases == null ? hiddenCount : num(r.favourable_cases)), num: true},
    {label: "With an amount recorded", value: (r) => (r.benefit_cases == null ? hiddenCount : num(r.benefit_cases)), num: true},
    {label: "Share with an amount", value: (r) => (r.share_with_benefit == null ? "" : pct(r.share_with_benefit)), num: true},
    {label: "Total obtained (nearest $1,000)", value: (r) => (r.sum_status === "suppressed" ? html`<span class="suppressed">suppressed: ${sumWords[r.sum_suppression_reason] ?? "hidden"}</span>` : usd(r.benefit_usd_sum)), num: true},
    {label: "Median (95% interval)", value: (r) => (r.median_status === "suppressed" ? html`<span class="suppressed">${suppressedWords(r, k)}</span>` : r.benefit_usd_median == null ? "no amount recorded" : `${usd(r.benefit_usd_median)}${r.median_lower == null ? "" : ` (${usd(r.median_lower)} – ${usd(r.median_upper)})`}${r.median_status === "unstable" ? " unstable" : ""}`)}
  ], {caption});
}
