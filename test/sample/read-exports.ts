// Reads the generated exports back the way an ingest would, independently of the
// generator's own code: a small RFC 4180 parser (BOM, ; or , delimiter, quotes,
// CRLF), JSON Lines, and Parquet through DuckDB; then each row is turned into
// the typed record the contract schema checks.
import { DuckDBInstance } from '@duckdb/node-api';
import { readFile } from 'node:fs/promises';

export type RawRow = Record<string, string | number | null | undefined>;

/** Splits CSV text into records of fields, following RFC 4180 quoting (quoted delimiters, "" escapes, line breaks). */
export function parseCsvRecords(text: string, delimiter: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch !== '"') field += ch;
      else if (text[i + 1] === '"') { field += '"'; i++; }
      else quoted = false;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === delimiter) { record.push(field); field = ''; }
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      record.push(field); records.push(record); record = []; field = '';
    } else field += ch;
  }
  if (field !== '' || record.length > 0) { record.push(field); records.push(record); }
  return records;
}

/**
 * Record per line when no quoted field spans lines (quotes balanced on every line):
 * lines without quotes are split directly, the others go through the character parser.
 */
function parseCsvFast(text: string, delimiter: string): string[][] {
  const lines = text.split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  const out: string[][] = [];
  for (const line of lines) {
    if (!line.includes('"')) out.push(line.split(delimiter));
    else if (line.split('"').length % 2 === 1) out.push(parseCsvRecords(line, delimiter)[0]);
    else return parseCsvRecords(text, delimiter);
  }
  return out;
}

/** A CSV export as rows keyed by trimmed, lower-cased header names (the contract's matching rule). */
export function parseCsv(text: string): RawRow[] {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const firstLine = body.slice(0, body.search(/\r?\n/));
  const delimiter = firstLine.split(';').length > firstLine.split(',').length ? ';' : ',';
  const [header, ...records] = parseCsvFast(body, delimiter);
  const names = header.map((h) => h.trim().toLowerCase());
  return records.map((r) => {
    if (r.length !== names.length) throw new Error(`row has ${r.length} fields, header has ${names.length}: ${r.join('|')}`);
    return Object.fromEntries(names.map((n, i) => [n, r[i]]));
  });
}

export function parseJsonl(text: string): RawRow[] {
  return text.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as RawRow);
}

export async function readParquet(path: string): Promise<{ rows: RawRow[]; types: string[] }> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const reader = await connection.runAndReadAll('SELECT * FROM read_parquet($1)', [path]);
    return { rows: reader.getRowObjects() as RawRow[], types: reader.columnTypes().map(String) };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

export async function readExport(path: string): Promise<RawRow[]> {
  if (path.endsWith('.parquet')) return (await readParquet(path)).rows;
  const text = await readFile(path, 'utf8');
  return path.endsWith('.jsonl') ? parseJsonl(text) : parseCsv(text);
}

const MULTI = new Set(['barriers', 'race_ethnicity', 'gender']);
const NUMERIC = new Set(['days_to_close', 'benefit_usd']);

/** The typed record of a raw row: `;`-lists split, numbers parsed, empty = absent. */
export function toRecord(raw: RawRow): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(raw)) {
    if (v === null || v === undefined || v === '') continue;
    const name = key.trim().toLowerCase();
    if (NUMERIC.has(name)) out[name] = typeof v === 'number' ? v : Number(v);
    else if (MULTI.has(name)) out[name] = String(v).split(';');
    else out[name] = String(v);
  }
  return out;
}
