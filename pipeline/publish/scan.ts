// The leak scanner run after every site or report build. It fails the build on
// anything that should never be published: a row-level record, a count from 1
// to k-1 in a count field, a value that looks like a direct identifier, or a
// token that is a case id in the warehouse. Findings name the file and place,
// never the value.
import type { DuckDBConnection } from '@duckdb/node-api';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { VALUE_PATTERNS } from '../contract/pii.ts';
import { COLUMN_NAMES } from '../contract/index.ts';

export interface Finding { file: string; kind: 'row_level_record' | 'small_count' | 'identifier' | 'case_id'; where: string }

/** Fields of a published object that hold counts of cases (so 1..k-1 must never appear). */
export const COUNT_FIELD = /^(numerator|denominator|requests|exits_to_permanent|followed_\d+m|returned_\d+m|accepted|turned_away_capacity|closed_accepted|favourable|count|n|cases|.*_cases|.*_count)$/;
/** Contract columns that only a case-level record has. */
const ROW_LEVEL_FIELDS = new Set<string>(COLUMN_NAMES.filter((c) => !['service_area', 'program', 'org_id', 'county_fips'].includes(c)));
// SVG is text: a report's chart labels are scanned like its tables.
const DATA_EXT = new Set(['.json', '.csv', '.html', '.txt', '.md', '.svg']);

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

/** The loaders' columnar form, `{columns: [...names], rows: [[...values]]}`: its counts have no key of their own. */
const isColumnar = (v: Record<string, unknown>): v is { columns: string[]; rows: unknown[][] } =>
  Array.isArray(v.columns) && v.columns.every((c) => typeof c === 'string') && Array.isArray(v.rows) && v.rows.every(Array.isArray);

function scanJson(value: unknown, path: string, k: number, file: string, out: Finding[]): void {
  if (value && typeof value === 'object' && !Array.isArray(value) && isColumnar(value as Record<string, unknown>)) {
    // Scanned as the row objects a page rebuilds from it, so a small count cannot hide in an array.
    const { columns, rows } = value as { columns: string[]; rows: unknown[][] };
    rows.forEach((r, i) => scanJson(Object.fromEntries(columns.map((c, j) => [c, r[j]])), `${path}.rows[${i}]`, k, file, out));
    return;
  }
  if (Array.isArray(value)) value.forEach((v, i) => scanJson(v, `${path}[${i}]`, k, file, out));
  else if (value && typeof value === 'object') {
    const keys = Object.keys(value);
    const rowLevel = keys.filter((key) => ROW_LEVEL_FIELDS.has(key));
    if (rowLevel.length >= 2 || keys.includes('case_id')) out.push({ file, kind: 'row_level_record', where: `${path} has ${rowLevel.join(', ')}` });
    for (const [key, v] of Object.entries(value)) {
      if (COUNT_FIELD.test(key) && typeof v === 'number' && Number.isInteger(v) && v >= 1 && v < k) out.push({ file, kind: 'small_count', where: `${path}.${key}` });
      else scanJson(v, `${path}.${key}`, k, file, out);
    }
  }
}

function scanCsv(text: string, k: number, file: string, out: Finding[]): void {
  const lines = text.split(/\r?\n/).filter(Boolean);
  const header = (lines[0] ?? '').split(',').map((h) => h.replace(/^"|"$/g, '').trim());
  const rowLevel = header.filter((h) => ROW_LEVEL_FIELDS.has(h));
  if (rowLevel.length >= 2 || header.includes('case_id')) out.push({ file, kind: 'row_level_record', where: `header has ${rowLevel.join(', ')}` });
  const countCols = header.map((h, i) => (COUNT_FIELD.test(h) ? i : -1)).filter((i) => i >= 0);
  lines.slice(1).forEach((line, i) => {
    const cells = line.split(',');
    for (const c of countCols) {
      const v = Number(cells[c]);
      if (Number.isInteger(v) && v >= 1 && v < k && /^\s*\d+\s*$/.test(cells[c] ?? '')) out.push({ file, kind: 'small_count', where: `line ${i + 2}, column ${header[c]}` });
    }
  });
}

/** Scans a built folder (dist/, a report's output); returns every finding. */
export async function scanForLeaks(dir: string, k: number, warehouse?: DuckDBConnection): Promise<Finding[]> {
  const out: Finding[] = [];
  const tokens = new Map<string, string>();
  for (const path of walk(dir)) {
    const ext = extname(path).toLowerCase();
    if (!DATA_EXT.has(ext)) continue;
    const file = relative(dir, path);
    const text = readFileSync(path, 'utf8');
    if (ext === '.json') {
      try { scanJson(JSON.parse(text), '$', k, file, out); } catch { /* not JSON data: patterns below still apply */ }
    } else if (ext === '.csv') scanCsv(text, k, file, out);
    for (const p of VALUE_PATTERNS) {
      const re = new RegExp(p.pattern.replace('(?i)', ''), p.pattern.startsWith('(?i)') ? 'i' : '');
      const m = re.exec(text);
      if (m) out.push({ file, kind: 'identifier', where: `something that looks like ${p.kind} at character ${m.index}` });
    }
    // Candidate case ids: id-like tokens with a digit; checked against the warehouse below.
    for (const m of text.matchAll(/[A-Za-z0-9_-]*\d[A-Za-z0-9_-]*/g)) {
      if (m[0].length >= 4 && m[0].length <= 64 && !tokens.has(m[0])) tokens.set(m[0], `${file} at character ${m.index}`);
    }
  }
  if (warehouse && tokens.size) {
    await warehouse.run('CREATE OR REPLACE TEMP TABLE scan_tokens (token VARCHAR)');
    const appender = await warehouse.createAppender('scan_tokens');
    for (const t of tokens.keys()) { appender.appendVarchar(t); appender.endRow(); }
    appender.flushSync();
    appender.closeSync();
    const hits = (await warehouse.runAndReadAll(`SELECT DISTINCT t.token FROM scan_tokens t SEMI JOIN main.cases c ON c.case_id = t.token`)).getRows();
    for (const [token] of hits) out.push({ file: tokens.get(String(token))!.split(' at ')[0], kind: 'case_id', where: tokens.get(String(token))! });
    await warehouse.run('DROP TABLE scan_tokens');
  }
  return out;
}
