// @ts-check
// Shared by the data loaders: read one published (suppressed, audited) file, or
// stop the build with a message saying how to make it. A plain `.js` name (one
// extension) so Framework does not take it for a loader. Plain JavaScript (types
// in JSDoc, checked by tsc) so that the loaders importing it run with `node`,
// not tsx: Framework starts one process per loader, and tsx costs about a
// second more per start.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// ADVOCACY_PUBLISHED_DIR: set by `pipeline run`, which may publish elsewhere (paths.published).
export const PUBLISHED_DIR = process.env.ADVOCACY_PUBLISHED_DIR || join(process.cwd(), 'data', 'published');

/**
 * The published file `name`, parsed; or exits 1 naming the file and how to publish it.
 * @template T
 * @param {string} name
 * @param {string} loader the loader's name in the message
 * @returns {T}
 */
export function readPublished(name, loader) {
  const file = join(PUBLISHED_DIR, name);
  if (!existsSync(file)) {
    process.stderr.write(`${loader} loader: ${file} does not exist. Publish first: npm start (or npm run pipeline -- publish).\n`);
    process.exit(1);
  }
  return JSON.parse(readFileSync(file, 'utf8'));
}

/**
 * An optional published file (written by another step), or undefined.
 * @template T
 * @param {string} name
 * @returns {T | undefined}
 */
export function readOptional(name) {
  const file = join(PUBLISHED_DIR, name);
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
}

/** @param {unknown} v */
const round = (v) => (typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(6)) : v);

/**
 * Columnar form (column names once, then value arrays) with six significant digits: pages stay small.
 * @param {readonly object[]} rows
 * @returns {{ columns: string[]; rows: unknown[][] }}
 */
export function columnar(rows) {
  if (!rows.length) return { columns: [], rows: [] };
  const columns = Object.keys(rows[0]);
  return { columns, rows: rows.map((r) => columns.map((c) => round(/** @type {Record<string, unknown>} */ (r)[c]))) };
}
