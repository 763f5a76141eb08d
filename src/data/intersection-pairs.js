// @ts-check
// Shared by the Outcomes page's intersections loaders: the index
// (intersections.json.js: breakdowns and the pairs published) and one file per
// pair (intersections/[pair].json.js), which the page fetches only when the
// reader picks that pair. A plain `.js` name (one extension) so Framework does
// not take it for a loader; plain JavaScript so those loaders run with `node`.
/** @import { PublishedIntersection } from '../../pipeline/publish/published-intersections.ts' */
import { readFileSync } from 'node:fs';
import { readPublished } from './published.js';

/**
 * A pair's file name (and route parameter): its two breakdowns in the
 * publication's order, `dimension_a~dimension_b`.
 * @param {string} a
 * @param {string} b
 */
export const pairKey = (a, b) => `${a}~${b}`;

/**
 * The published intersections grouped by pair, in publication order; exits 1
 * (naming `loader`) when there are none.
 * @param {string} loader the loader's name in messages
 * @returns {{ rows: PublishedIntersection[]; pairs: Map<string, PublishedIntersection[]> }}
 */
export function readPairs(loader) {
  const rows = /** @type {PublishedIntersection[]} */ (readPublished('intersections.json', loader));
  if (!rows.length) {
    process.stderr.write(`${loader} loader: no published intersections; refusing to publish an empty page section.\n`);
    process.exit(1);
  }
  /** @type {Map<string, PublishedIntersection[]>} */
  const pairs = new Map();
  for (const r of rows) {
    const key = pairKey(r.dimension_a, r.dimension_b);
    if (!pairs.has(key)) pairs.set(key, []);
    /** @type {PublishedIntersection[]} */ (pairs.get(key)).push(r);
  }
  return { rows, pairs };
}

/** The page module that names one FileAttachment per pair (Framework builds only files named by a literal). */
export const PAGE_FILES_MODULE = new URL('../components/intersection-files.js', import.meta.url);

/**
 * The pairs the page can fetch: the keys of the FileAttachment literals in
 * src/components/intersection-files.js (`FileAttachment("../data/intersections/<key>.json")`).
 * @param {string | URL} [module]
 * @returns {string[]}
 */
export function pageFileKeys(module = PAGE_FILES_MODULE) {
  const source = readFileSync(module, 'utf8');
  return [...source.matchAll(/FileAttachment\("\.\.\/data\/intersections\/([^"/]+)\.json"\)/g)].map((m) => m[1]);
}
