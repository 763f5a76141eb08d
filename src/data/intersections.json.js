// @ts-check
// Data loader for the Outcomes page's intersections: the favourable rate in each
// intersection of two breakdowns, suppressed and audited by the publish step.
// What is the same for a whole pair (its breakdowns, reference cell, comparison
// family) travels once per pair, labels and notes once as lists, rows in
// columnar form: 1,873 cells would otherwise be two thirds of a megabyte.
/** @import { PublishedIntersection } from '../../pipeline/publish/published-intersections.ts' */
import { columnar, readPublished } from './published.js';

const rows = /** @type {PublishedIntersection[]} */ (readPublished('intersections.json', 'intersections'));
if (!rows.length) {
  process.stderr.write('intersections loader: no published intersections; refusing to publish an empty page section.\n');
  process.exit(1);
}
/** @type {Map<string, string>} */
const dimensions = new Map();
/** @type {Map<string, string>} */
const groups = new Map();
/** @type {(string | null)[]} */
const strings = [];
/** @param {string | null} s */
const code = (s) => (strings.includes(s) ? strings.indexOf(s) : strings.push(s) - 1);
/** @type {Map<string, PublishedIntersection[]>} */
const pairs = new Map();
for (const r of rows) {
  dimensions.set(r.dimension_a, r.dimension_a_label).set(r.dimension_b, r.dimension_b_label);
  groups.set(`${r.dimension_a}|${r.group_a}`, r.group_a_label).set(`${r.dimension_b}|${r.group_b}`, r.group_b_label);
  const key = `${r.dimension_a}|${r.dimension_b}`;
  if (!pairs.has(key)) pairs.set(key, []);
  /** @type {PublishedIntersection[]} */ (pairs.get(key)).push(r);
}
const PAIR_FIELDS = /** @type {const} */ (['dimension_a', 'dimension_b', 'reference_group_a', 'reference_group_b', 'comparison_family']);
const constant = { measure: rows[0].measure, confidence_level: rows[0].confidence_level };
const out = [...pairs.values()].map((members) => {
  const pair = Object.fromEntries(PAIR_FIELDS.map((f) => [f, members[0][f]]));
  if (members.some((m) => PAIR_FIELDS.some((f) => m[f] !== pair[f]) || m.measure !== constant.measure || m.confidence_level !== constant.confidence_level)) {
    process.stderr.write(`intersections loader: the cells of ${pair.dimension_a} × ${pair.dimension_b} disagree on a field that should be the pair's; refusing to guess.\n`);
    process.exit(1);
  }
  const cells = members.map(({ dimension_a, dimension_b, reference_group_a, reference_group_b, comparison_family, measure, confidence_level, dimension_a_label, dimension_b_label, group_a_label, group_b_label, note, adjusted_for, ...rest }) =>
    ({ ...rest, note: code(note), adjusted_for: code(adjusted_for) }));
  return { ...pair, cells: columnar(cells) };
});
process.stdout.write(JSON.stringify({ labels: { dimension: [...dimensions], group: [...groups] }, constant, strings, pairs: out }));
