// Downloads of a report page: the printed PDF, a CSV of every table and an SVG
// of every chart, exactly as the pipeline published them. The PNGs and the
// manifest are in data/published/reports/<id>/.
import {html} from "htl";

const download = (text, type, filename, label) =>
  html`<li><a href=${URL.createObjectURL(new Blob([text], {type}))} download=${filename}>${label}</a></li>`;

export function reportDownloads(report, body, pdfHref) {
  const svgs = [...body.querySelectorAll("figure.chart svg")];
  const base = (file) => file.split("/").pop();
  return html`<nav class="report-downloads" aria-label="Downloads of this report"><p><strong>Downloads</strong></p><ul>
    <li><a href=${pdfHref} download=${`${report.id}.pdf`}>Print-ready PDF (${report.layout === "fact_sheet" ? "fact sheet" : "report"})</a></li>
    ${report.tables.map((t) => download(t.csv, "text/csv", base(t.file), `Table (CSV): ${t.caption}`))}
    ${report.charts.map((c, i) => download(svgs[i]?.outerHTML ?? "", "image/svg+xml", base(c.file), `Chart (SVG): ${c.title}`))}
  </ul></nav>`;
}
