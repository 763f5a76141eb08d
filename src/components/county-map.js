// County choropleth of a published rate. Counties with a suppressed rate are
// hatched and labelled "suppressed" (never drawn as zero or left blank);
// unstable ones carry "~"; counties with no cases are drawn plain grey and said
// to have none. ColorBrewer Blues. Pure: data, then options. `counties` is a
// GeoJSON FeatureCollection whose features have `id` = five-digit FIPS.
import * as Plot from "@observablehq/plot";
import {chartFigure, hatch, pct, SEQUENTIAL} from "./figure.js";

export function describeMap(rows, {k = 11} = {}) {
  const shown = rows.filter((r) => r.rate_status !== "suppressed" && r.rate != null).sort((a, b) => b.rate - a.rate);
  const hidden = rows.filter((r) => r.rate_status === "suppressed");
  const parts = [];
  if (shown.length) parts.push(`Highest in ${shown[0].group_label} (${pct(shown[0].rate)}), lowest in ${shown.at(-1).group_label} (${pct(shown.at(-1).rate)}).`);
  if (hidden.length) parts.push(`Suppressed (fewer than ${k}): ${hidden.map((r) => r.group_label).join(", ")}.`);
  return parts.join(" ");
}

/** `rows`: published rates with group_code = county FIPS and group_label = county name. */
export function countyMap(counties, rows, {width = 640, k = 11, title = "", id = "county-hatch", outline = null} = {}) {
  const byFips = new Map(rows.map((r) => [r.group_code, r]));
  const features = counties.features.map((f) => ({...f, row: byFips.get(f.id)}));
  const shown = features.filter((f) => f.row && f.row.rate_status !== "suppressed" && f.row.rate != null);
  const hidden = features.filter((f) => f.row && f.row.rate_status === "suppressed");
  const none = features.filter((f) => !f.row);
  const rates = shown.map((f) => f.row.rate);
  const label = (f) => f.row?.rate_status === "suppressed" ? "suppressed" : f.row ? `${pct(f.row.rate, 0)}${f.row.rate_status === "unstable" ? "~" : ""}` : "";
  const plot = Plot.plot({
    width,
    height: Math.round(width * 0.62),
    projection: {type: "mercator", domain: counties},
    color: {type: "quantize", n: 5, scheme: SEQUENTIAL, domain: rates.length ? [Math.min(...rates), Math.max(...rates)] : [0, 1], legend: true, marginLeft: 12, width: 320, label: title, tickFormat: (d) => pct(d, 0)},
    marks: [
      hatch(id),
      Plot.geo(none, {fill: "#e5e7eb", stroke: "white", strokeWidth: 0.5}),
      Plot.geo(shown, {fill: (f) => f.row.rate, stroke: "white", strokeWidth: 0.75}),
      Plot.geo(hidden, {fill: `url(#${id})`, stroke: "#374151", strokeWidth: 0.75}),
      outline ? Plot.geo(outline, {stroke: "#374151", strokeWidth: 1}) : null,
      Plot.text([...shown, ...hidden], Plot.centroid({text: label, fill: "black", stroke: "white", strokeWidth: 3, paintOrder: "stroke", fontSize: 10}))
    ]
  });
  return chartFigure(plot, {
    title,
    summary: describeMap(rows, {k}),
    caption: `Hatched and labelled "suppressed": fewer than ${k} cases, or hidden so that such a count cannot be worked out (not necessarily low). Grey: no cases from that county. "~": unstable.`
  });
}
