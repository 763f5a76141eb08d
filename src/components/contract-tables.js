// Tables of the data contract (src/data/contract.json.ts), as accessible HTML:
// every table has a caption, column headers with scope="col", and the column
// name as a row header. Pure functions of the contract document.
import {html} from "htl";

const KIND = {
  "code": "One code",
  "list of codes": "List of codes",
  "date or month": "Date or month",
  "number": "Number",
  "text": "Text"
};

/** "yes" → "Yes"; a condition ("if closed") → "Yes, if closed". */
export function requiredText(required) {
  if (required === "yes") return "Yes";
  if (required === "no") return "No";
  return `Yes, ${required}`;
}

const count = (n) => n.toLocaleString("en-US");

/** A code that may wrap after its underscores rather than mid-word. */
const breakable = (code) => html`<code>${code.split("_").map((part, i) => (i ? html`_<wbr>${part}` : part))}</code>`;

/** Hints are written to end an error message ("…: use one of"); on the page they start a sentence. */
const sentence = (s) => s.charAt(0).toUpperCase() + s.slice(1);

function codesCell(column) {
  if (!column.codes) return "";
  return html`<a href="#codes-${column.name}">${count(column.codes.size)} codes</a>`;
}

/** One row per column: what it means, whether it is required, and how to write it. */
export function columnsTable(columns) {
  return html`<div class="table-scroll" tabindex="0" role="region" aria-label="Columns of the export (scrolls sideways on narrow screens)"><table class="data long" id="contract-columns">
  <caption>Columns of the case-outcome export, format 1 (${columns.length} columns, in file order)</caption>
  <thead><tr>
    <th scope="col">Column</th>
    <th scope="col">Label</th>
    <th scope="col">Required</th>
    <th scope="col">Value</th>
    <th scope="col">Meaning</th>
    <th scope="col">How to write it</th>
  </tr></thead>
  <tbody>${columns.map((c) => html`<tr>
    <th scope="row"><code>${c.name}</code></th>
    <td>${c.label}</td>
    <td>${requiredText(c.required)}</td>
    <td>${KIND[c.kind] ?? c.kind}${c.codes ? html`<br>${codesCell(c)}` : ""}</td>
    <td>${c.description}${c.secret && !/never published/i.test(c.description) ? html` <strong>Never published.</strong>` : ""}</td>
    <td>${sentence(c.codes ? codesHint(c) : c.hint)}</td>
  </tr>`)}</tbody>
</table></div>`;
}

function codesHint(c) {
  const list = c.kind === "list of codes" ? "one or more codes from the list, separated by ;" : "one code from the list";
  return c.exclusive ? `${list}; ${c.exclusive} stands alone` : list;
}

/** The codes of one coded column with their labels; a long list as a count and examples. */
export function codeListTable(column) {
  const {codes} = column;
  const rows = codes.all ?? codes.examples;
  const caption = codes.all
    ? `${column.label} (${column.name}): ${count(codes.size)} codes`
    : `${column.label} (${column.name}): ${count(codes.size)} codes, ${rows.length} examples shown`;
  return html`<div><table class="data codes" id="codes-${column.name}">
  <caption>${caption}</caption>
  <thead><tr><th scope="col">Code</th><th scope="col">Label</th></tr></thead>
  <tbody>${rows.map((d) => html`<tr><th scope="row">${breakable(d.code)}</th><td>${d.label}</td></tr>`)}</tbody>
</table>${codes.all ? "" : html`<p class="table-note">${sentence(column.hint)}.</p>`}</div>`;
}

/** Every coded column's table, in file order. */
export function codeListTables(columns) {
  return html`<div class="code-lists">${columns.filter((c) => c.codes).map(codeListTable)}</div>`;
}

/** The checks that compare columns of the same row. */
export function rulesTable(rules) {
  return html`<div class="table-scroll" tabindex="0" role="region" aria-label="Rules across columns (scrolls sideways on narrow screens)"><table class="data long" id="contract-rules">
  <caption>Rules across columns (${rules.length}): a row that breaks one is reported with this message</caption>
  <thead><tr><th scope="col">Rule</th><th scope="col">Column</th><th scope="col">Message</th></tr></thead>
  <tbody>${rules.map((r) => html`<tr>
    <th scope="row"><code>${r.id}</code></th>
    <td><code>${r.column}</code></td>
    <td>${r.message}</td>
  </tr>`)}</tbody>
</table></div>`;
}
