// @ts-check
// Data loader: the published group rates. It reads only the publish step's
// output (suppressed, scanned aggregates), never the warehouse's case tables.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// ADVOCACY_PUBLISHED_DIR: set by `pipeline run`, which may publish elsewhere (paths.published).
const file = join(process.env.ADVOCACY_PUBLISHED_DIR || join(process.cwd(), 'data', 'published'), 'group_rates.json');
if (!existsSync(file)) {
  process.stderr.write(`group-rates loader: ${file} does not exist. Publish first: npm start (or npm run pipeline -- publish).\n`);
  process.exit(1);
}
const rows = /** @type {unknown[]} */ (JSON.parse(readFileSync(file, 'utf8')));
if (!Array.isArray(rows) || rows.length === 0) {
  process.stderr.write('group-rates loader: the published file holds no rows; refusing to publish an empty page.\n');
  process.exit(1);
}
// Columnar (column names once, then value arrays) and six significant digits, far
// beyond any figure's precision: the page's data shrinks to about a fifth.
const columns = Object.keys(/** @type {object} */ (rows[0]));
/** @param {unknown} v */
const round = (v) => (typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(6)) : v);
process.stdout.write(JSON.stringify({ columns, rows: rows.map((r) => columns.map((c) => round(/** @type {Record<string, unknown>} */ (r)[c]))) }));
