// @ts-check
// Data loader for the Outcomes page's intersections index: the breakdowns (in
// the order of the page's two selects, with their labels) and the pairs
// published. The figures of each pair are in their own file
// (intersections/[pair].json.js), fetched only when the reader picks that pair:
// all 35 pairs at once were 351 KB on the 50,000-case sample, against a budget
// of 300 KB for a whole page.
//
// The page can only fetch files Framework built, and Framework builds only the
// files named by a literal FileAttachment (src/components/intersection-files.js).
// A published pair missing from that list would silently vanish from the page,
// and a listed pair that is not published would fail the build with a less
// helpful message; either stops the build here, naming the pairs.
import { pageFileKeys, readPairs } from './intersection-pairs.js';

const { rows, pairs } = readPairs('intersections');
/** @type {Map<string, string>} */
const dimensions = new Map();
for (const r of rows) dimensions.set(r.dimension_a, r.dimension_a_label).set(r.dimension_b, r.dimension_b_label);

const attached = new Set(pageFileKeys());
const unlisted = [...pairs.keys()].filter((k) => !attached.has(k));
const unpublished = [...attached].filter((k) => !pairs.has(k));
if (unlisted.length || unpublished.length) {
  process.stderr.write(
    'intersections loader: the pairs published and the pair files src/components/intersection-files.js names differ' +
      (unlisted.length ? `; published but not named there: ${unlisted.join(', ')}` : '') +
      (unpublished.length ? `; named there but not published: ${unpublished.join(', ')}` : '') +
      '. Name one FileAttachment("../data/intersections/<dimension_a>~<dimension_b>.json") per published pair.\n',
  );
  process.exit(1);
}

process.stdout.write(JSON.stringify({
  dimensions: [...dimensions],
  pairs: [...pairs.values()].map((members) => [members[0].dimension_a, members[0].dimension_b]),
}));
