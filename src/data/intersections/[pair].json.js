// @ts-check
// Data loader of one pair of breakdowns on the Outcomes page (route parameter
// `pair`: `dimension_a~dimension_b`, in the publication's order): the
// favourable rate in each intersection, suppressed and audited by the publish
// step. The page fetches it when the reader picks the pair (either way round).
// What is the same for the whole pair (its breakdowns, reference cell,
// comparison family, measure, confidence level) travels once, labels and notes
// once as lists, cells in columnar form.
import { parseArgs } from 'node:util';
import { columnar } from '../published.js';
import { readPairs } from '../intersection-pairs.js';

const { values } = parseArgs({ options: { pair: { type: 'string' } }, strict: false });
const key = String(values.pair ?? '');
const { pairs } = readPairs('intersections pair');
const members = pairs.get(key);
if (!members) {
  process.stderr.write(`intersections pair loader: no published pair "${key}" in intersections.json (a pair is named dimension_a~dimension_b, in the publication's order). Publish again (npm start), or correct src/components/intersection-files.js.\n`);
  process.exit(1);
}

const PAIR_FIELDS = /** @type {const} */ (['dimension_a', 'dimension_b', 'reference_group_a', 'reference_group_b', 'comparison_family', 'measure', 'confidence_level']);
const pair = Object.fromEntries(PAIR_FIELDS.map((f) => [f, members[0][f]]));
if (members.some((m) => PAIR_FIELDS.some((f) => m[f] !== pair[f]))) {
  process.stderr.write(`intersections pair loader: the cells of ${pair.dimension_a} × ${pair.dimension_b} disagree on a field that should be the pair's; refusing to guess.\n`);
  process.exit(1);
}
// Group labels as [dimension|group, label] entries: an object keyed by breakdown
// names would look like a case record to the leak scanner, rightly.
/** @type {Map<string, string>} */
const groups = new Map();
/** @type {(string | null)[]} */
const strings = [];
/** @param {string | null} s */
const code = (s) => (strings.includes(s) ? strings.indexOf(s) : strings.push(s) - 1);
const cells = members.map(({ dimension_a, dimension_b, reference_group_a, reference_group_b, comparison_family, measure, confidence_level, dimension_a_label, dimension_b_label, group_a_label, group_b_label, note, adjusted_for, ...rest }) => {
  groups.set(`${dimension_a}|${rest.group_a}`, group_a_label).set(`${dimension_b}|${rest.group_b}`, group_b_label);
  return { ...rest, note: code(note), adjusted_for: code(adjusted_for) };
});
process.stdout.write(JSON.stringify({ pair, groups: [...groups], strings, cells: columnar(cells) }));
