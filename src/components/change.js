// Change between two periods' rates with an interval, from published figures
// only: Newcombe's hybrid score interval for a difference of proportions, built
// from each period's Wilson interval (Newcombe 1998, Statistics in Medicine
// 17:873–890, method 10). Pure functions.
import {html} from "htl";
import {pct} from "./figure.js";

/** Difference `later − earlier` of two published rates, in proportion points, or null when either is suppressed. */
export function rateChange(earlier, later) {
  if (!earlier || !later || earlier.rate == null || later.rate == null) return null;
  const d = later.rate - earlier.rate;
  const lower = d - Math.sqrt((later.rate - later.rate_lower) ** 2 + (earlier.rate_upper - earlier.rate) ** 2);
  const upper = d + Math.sqrt((later.rate_upper - later.rate) ** 2 + (earlier.rate - earlier.rate_lower) ** 2);
  return {difference: d, lower, upper, clear: lower > 0 || upper < 0};
}

const points = (x) => `${x >= 0 ? "+" : "−"}${Math.abs(x * 100).toFixed(1)} points`;

/** A sentence for the change, with its interval, saying whether it is clear of zero. */
export function describeChange(change, {from, to}) {
  if (!change) return `Change from ${from} to ${to}: not available (a rate is suppressed).`;
  return `${points(change.difference)} from ${from} to ${to} (95% interval ${points(change.lower)} to ${points(change.upper)}; ${change.clear ? "a clear change" : "no clear change"}).`;
}

/** A headline card: the figure, its interval and base, and what changed. */
export function headlineCard({title, row, k = 11, change = null, note = ""}) {
  const hidden = !row || row.rate == null;
  return html`<div class="card headline"><h2>${title}</h2>
    <span class="big">${hidden ? html`<span class="suppressed">fewer than ${k}</span>` : pct(row.rate)}</span>
    <p>${hidden ? "Suppressed: not necessarily low." : `95% interval ${pct(row.rate_lower)} – ${pct(row.rate_upper)}; ${row.numerator.toLocaleString("en-US")} of ${row.denominator.toLocaleString("en-US")}${row.rate_status === "unstable" ? " (unstable)" : ""}.`}</p>
    ${change ? html`<p>${change}</p>` : ""}${note ? html`<p class="table-note">${note}</p>` : ""}</div>`;
}

const ratio = (x) => x.toFixed(2);

/**
 * A dated policy change's before/after estimate in words: the rate just after
 * the date against what the earlier trend predicted, the level change as an
 * odds ratio, the slope change, each with its interval; or why there is none
 * (refused: too few periods; suppressed: a count of its series is hidden).
 */
export function describePolicyChange(p) {
  const where = `${p.service_area === "all" ? "all service areas" : p.service_area_label}, ${p.measure_label.toLowerCase()}, counted by ${p.period}`;
  const head = `${p.label} (${p.date}; ${where})`;
  if (p.status === "suppressed") return `${head}: ${p.reason}.`;
  if (p.status !== "estimated") return `${head}: no estimate, ${p.reason}`;
  const level = Math.round(p.confidence_level * 100);
  const direction = p.level_change_direction === "no change detected" ? "no clear change at the date" : `the rate ${p.level_change_direction} at the date`;
  return `${head}: ${direction}. Just after it the fitted rate is ${pct(p.fitted_rate_at_date)}, against ${pct(p.expected_rate_at_date)} had the earlier trend gone on `
    + `(ratio ${ratio(p.rate_ratio_at_date)}, ${level}% interval ${ratio(p.rate_ratio_lower)} to ${ratio(p.rate_ratio_upper)}); level change odds ratio ${ratio(p.level_change_odds_ratio)} `
    + `(${ratio(p.level_change_odds_ratio_lower)} to ${ratio(p.level_change_odds_ratio_upper)}); change in slope ${p.slope_change_logodds_per_period.toFixed(3)} log-odds a ${p.period} `
    + `(${p.slope_change_lower.toFixed(3)} to ${p.slope_change_upper.toFixed(3)}). ${p.periods_before} ${p.period}s before and ${p.periods_after} after (${p.first_period} to ${p.last_period}); Durbin–Watson ${p.durbin_watson.toFixed(2)}.`;
}
