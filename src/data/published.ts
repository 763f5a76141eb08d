// Shared by the data loaders: read one published (suppressed, audited) file, or
// stop the build with a message saying how to make it. A plain `.ts` name (one
// extension) so Framework does not take it for a loader.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// ADVOCACY_PUBLISHED_DIR: set by `pipeline run`, which may publish elsewhere (paths.published).
export const PUBLISHED_DIR = process.env.ADVOCACY_PUBLISHED_DIR || join(process.cwd(), 'data', 'published');

export function readPublished<T>(name: string, loader: string): T {
  const file = join(PUBLISHED_DIR, name);
  if (!existsSync(file)) {
    process.stderr.write(`${loader} loader: ${file} does not exist. Publish first: npm start (or npm run pipeline -- publish).\n`);
    process.exit(1);
  }
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

/** An optional published file (written by another step), or undefined. */
export function readOptional<T>(name: string): T | undefined {
  const file = join(PUBLISHED_DIR, name);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as T) : undefined;
}

const round = (v: unknown) => (typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(6)) : v);

/** Columnar form (column names once, then value arrays) with six significant digits: pages stay small. */
export function columnar(rows: readonly object[]): { columns: string[]; rows: unknown[][] } {
  if (!rows.length) return { columns: [], rows: [] };
  const columns = Object.keys(rows[0]);
  return { columns, rows: rows.map((r) => columns.map((c) => round((r as Record<string, unknown>)[c]))) };
}
