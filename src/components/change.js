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
