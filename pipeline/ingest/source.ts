// Reading one export file into DuckDB as text, straight into the staging table
// `stg` (one materialisation: each copy of a large file costs about as much as
// parsing it), with the physical line of each record and the records that could
// not be read at all (ragged rows, broken UTF-8, oversize lines, invalid JSON)
// with their line and reason.
import type { DuckDBConnection } from '@duckdb/node-api';
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { InputError } from '../errors.ts';
import { sqlIdent, sqlString } from '../contract/checks.ts';

export type Format = 'csv' | 'jsonl' | 'parquet';

export interface SourceColumn {
  /** Name as written in the file (trimmed). */
  name: string;
  /** Its column name in the SQL that reads the file (`c0`, `c1`, …). */
  ident: string;
}

export interface Source {
  format: Format;
  columns: SourceColumn[];
  /** Creates temp table `stg` from `SELECT <select> FROM <the file> r`, and says what was read. */
  stage(c: DuckDBConnection, select: string): Promise<Staged>;
}

export interface Unreadable { line: number; rule: string; message: string }

export interface Staged {
  /** Readable records, one row of `stg` each. */
  records: number;
  /** Records that could not be read, one per line. */
  unreadable: Unreadable[];
  /** SQL for the physical line of a `stg` row, given its alias and, when not `alias.rowid`, its row id. */
  lineSql(alias: string, rowid?: string): string;
}

export const MAX_LINE_BYTES = 2_000_000;

export function detectFormat(path: string, override?: string): Format {
  if (override) {
    if (override === 'csv' || override === 'jsonl' || override === 'parquet') return override;
    throw new InputError(`--format ${override} is not a format this pipeline reads: use csv, jsonl or parquet.`);
  }
  const ext = extname(path).toLowerCase();
  if (ext === '.csv' || ext === '.txt') return 'csv';
  if (ext === '.jsonl' || ext === '.ndjson') return 'jsonl';
  if (ext === '.parquet') return 'parquet';
  throw new InputError(`${path}: cannot tell the format from the extension '${ext || '(none)'}'. Name it .csv, .jsonl or .parquet, or pass --format.`);
}

function readHead(path: string, bytes = 1 << 20): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(Math.min(bytes, statSync(path).size));
    const n = readSync(fd, buf, 0, buf.length, 0);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/** The header record of a CSV file: its fields and delimiter. Quotes are honoured. */
export function readCsvHeader(path: string, forcedDelimiter?: string): { fields: string[]; delimiter: string } {
  let head = readHead(path);
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) head = head.subarray(3);
  if (head.toString('utf8').trim() === '') throw new InputError(`${path}: the file is empty. Expected a header row naming the columns, then one row per case.`);
  // Only the header must be readable here; a bad byte further down quarantines its own line.
  const newline = head.indexOf(0x0a);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, newline === -1 ? Math.min(head.length, 65536) : newline), { stream: true });
  } catch {
    throw new InputError(`${path}: the header row is not valid UTF-8. Save the export as UTF-8 (in Excel: "CSV UTF-8") and ingest again.`);
  }
  let end = -1, inQuotes = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') inQuotes = !inQuotes;
    else if ((ch === '\n' || ch === '\r') && !inQuotes) { end = i; break; }
  }
  const line = end === -1 ? text : text.slice(0, end);
  const count = (d: string) => splitCsvRecord(line, d).length - 1;
  const delimiter = forcedDelimiter ?? (count(';') > count(',') ? ';' : ',');
  const fields = splitCsvRecord(line, delimiter).map((f) => f.trim());
  if (fields.length < 2) {
    const tab = line.includes('\t') ? ' It looks tab-separated.' : '';
    throw new InputError(`${path}: the header row has a single column ('${line.slice(0, 60)}'), so the delimiter is not a comma or semicolon.${tab} Export with comma or semicolon delimiters.`);
  }
  return { fields, delimiter };
}

function splitCsvRecord(line: string, delimiter: string): string[] {
  const out: string[] = [];
  let cur = '', inQuotes = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (inQuotes) {
      if (ch === '"' && line[i + 1] === '"') { cur += '"'; i++; }
      else if (ch === '"') inQuotes = false;
      else cur += ch;
    } else if (ch === '"') inQuotes = true;
    else if (ch === delimiter) { out.push(cur); cur = ''; }
    else cur += ch;
  }
  out.push(cur);
  return out;
}

const REJECT_RULES: Record<string, { rule: string; message: string }> = {
  'MISSING COLUMNS': { rule: 'too_few_fields', message: 'the line has fewer fields than the header. Check for a missing delimiter or a line break inside an unquoted field.' },
  'TOO MANY COLUMNS': { rule: 'too_many_fields', message: 'the line has more fields than the header. Quote fields that contain the delimiter.' },
  'INVALID ENCODING': { rule: 'not_utf8', message: 'the line is not valid UTF-8. Save the export as UTF-8 and ingest again.' },
  'INVALID UNICODE': { rule: 'not_utf8', message: 'the line is not valid UTF-8. Save the export as UTF-8 and ingest again.' },
  'LINE SIZE OVER MAXIMUM': { rule: 'line_too_long', message: `the line is longer than ${MAX_LINE_BYTES / 1e6} MB, far beyond any valid case row. Check the export for a runaway field.` },
  'UNQUOTED VALUE': { rule: 'bad_quoting', message: 'a field has a stray quote character. Quote the whole field and double any quote inside it ("").' },
  'CAST ERROR': { rule: 'unreadable', message: 'a field could not be read as text.' },
};

async function rows(c: DuckDBConnection, sql: string): Promise<Record<string, unknown>[]> {
  return (await c.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
}

/** Prepares to read `path`; `stage` does the reading. Runs inside the caller's transaction. */
export async function readSource(c: DuckDBConnection, path: string, format: Format, delimiter?: string): Promise<Source> {
  await c.run('DROP TABLE IF EXISTS stg; DROP TABLE IF EXISTS src_lines; DROP TABLE IF EXISTS src_rejects; DROP TABLE IF EXISTS src_jsonl');
  if (format === 'csv') return readCsv(path, delimiter);
  if (format === 'jsonl') return readJsonl(c, path);
  return readParquet(c, path);
}

async function firstRowid(c: DuckDBConnection, table: string): Promise<bigint> {
  // Row ids of a table still inside its transaction start at 2^55; count from the first.
  return BigInt((await rows(c, `SELECT coalesce(min(rowid), 0) AS first FROM ${table}`))[0].first as bigint);
}

function readCsv(path: string, forced?: string): Source {
  const { fields, delimiter } = readCsvHeader(path, forced);
  const seen = new Map<string, number>();
  fields.forEach((f, i) => {
    const key = f.toLowerCase();
    if (f === '') throw new InputError(`${path}: header column ${i + 1} has no name. Name every column in the header row.`);
    if (seen.has(key)) throw new InputError(`${path}: the header names '${f}' twice (columns ${seen.get(key)! + 1} and ${i + 1}); header names are matched ignoring case. Rename or remove one.`);
    seen.set(key, i);
  });
  const columns = fields.map((name, i) => ({ name, ident: `c${i}` }));
  const spec = `{${columns.map((col) => `${sqlString(col.ident)}: 'VARCHAR'`).join(', ')}}`;
  const read = `read_csv(${sqlString(path)}, columns = ${spec}, header = true, auto_detect = false, ` +
    `delim = ${sqlString(delimiter)}, quote = '"', escape = '"', strict_mode = true, null_padding = false, ` +
    `max_line_size = ${MAX_LINE_BYTES}, store_rejects = true, rejects_table = 'src_rejects', rejects_scan = 'src_reject_scans')`;
  // Line breaks inside quoted fields shift the lines of later records: count them per record.
  const all = `concat_ws('', ${columns.map((col) => `r.${col.ident}`).join(', ')})`;
  const breaks = `CASE WHEN contains(${all}, chr(10)) THEN length(${all}) - length(replace(${all}, chr(10), '')) ELSE 0 END`;
  return {
    format: 'csv', columns,
    async stage(c, select) {
      await c.run(`CREATE TEMP TABLE stg AS SELECT ${select}, ${breaks} AS __breaks FROM ${read} r`);
      const rejects = await rows(c, `SELECT line, min(error_type) AS error_type FROM src_rejects GROUP BY line ORDER BY line`);
      const unreadable = rejects.map((r) => {
        const known = REJECT_RULES[String(r.error_type)] ?? { rule: 'unreadable', message: `the line could not be read (${String(r.error_type).toLowerCase()}).` };
        return { line: Number(r.line), ...known };
      });
      const stats = (await rows(c, 'SELECT count(*) AS n, coalesce(min(rowid), 0) AS first, coalesce(sum(__breaks), 0) AS breaks FROM stg'))[0];
      const first = BigInt(stats.first as bigint);
      const records = Number(stats.n);
      if (Number(stats.breaks) === 0 && unreadable.length === 0) {
        return { records, unreadable, lineSql: (a, rowid = `${a}.rowid`) => `(${rowid} - ${first} + 2)` };
      }
      await c.run(
        `CREATE TEMP TABLE src_lines AS
         WITH base AS (
           SELECT rowid AS rid, 2 + rowid - ${first} + coalesce(sum(__breaks) OVER (ORDER BY rowid ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS base
           FROM stg),
         -- Unreadable line j (in order) sits before a record whose line-if-none-were-unreadable is at least k_j.
         rej AS (
           SELECT k, max(j) AS j FROM (
             SELECT line - (row_number() OVER (ORDER BY line) - 1) AS k, row_number() OVER (ORDER BY line) AS j
             FROM (SELECT DISTINCT line FROM src_rejects)) GROUP BY k)
         SELECT base.rid, base.base + coalesce(rej.j, 0) AS line
         FROM base ASOF LEFT JOIN rej ON base.base >= rej.k`,
      );
      return { records, unreadable, lineSql: (a, rowid = `${a}.rowid`) => `(SELECT l.line FROM src_lines l WHERE l.rid = ${rowid})` };
    },
  };
}

async function readJsonl(c: DuckDBConnection, path: string): Promise<Source> {
  await c.run(
    `CREATE TEMP TABLE src_jsonl AS SELECT * FROM read_csv(${sqlString(path)}, columns = {'j': 'VARCHAR'}, header = false, auto_detect = false, ` +
      `delim = '\\x1F', quote = '', escape = '', max_line_size = ${MAX_LINE_BYTES}, store_rejects = true, rejects_table = 'src_rejects', rejects_scan = 'src_reject_scans')`,
  );
  if (Number((await rows(c, `SELECT count(*) AS n FROM src_rejects`))[0].n) > 0) {
    throw new InputError(`${path}: some lines are not valid UTF-8 or are longer than ${MAX_LINE_BYTES / 1e6} MB, so the file cannot be split into records. Save it as UTF-8 JSON Lines, one case per line.`);
  }
  const first = await firstRowid(c, 'src_jsonl');
  // AND does not short-circuit in DuckDB: json_type on a broken line would throw.
  const isRecord = `coalesce(CASE WHEN json_valid(j) THEN json_type(j) = 'OBJECT' END, false)`;
  const keys = (await rows(c,
    `SELECT k, min(first) AS first FROM (SELECT unnest(json_keys(j)) AS k, rowid AS first FROM src_jsonl WHERE ${isRecord}) GROUP BY k ORDER BY first, k`)).map((r) => String(r.k));
  // Keys match ignoring case and surrounding spaces, as CSV headers do: spellings merge.
  const groups = new Map<string, string[]>();
  for (const k of keys) groups.set(k.trim().toLowerCase(), [...(groups.get(k.trim().toLowerCase()) ?? []), k]);
  const columns = [...groups.values()].map((spellings, i) => ({ name: spellings[0].trim(), ident: `c${i}` }));
  const path_ = (k: string) => sqlString(`$."${k.replaceAll('"', '\\"')}"`);
  const one = (k: string) =>
    `CASE json_type(j, ${path_(k)}) WHEN 'ARRAY' THEN array_to_string(from_json(json_extract(j, ${path_(k)}), '["VARCHAR"]'), ';') ` +
    `WHEN 'NULL' THEN NULL ELSE json_extract_string(j, ${path_(k)}) END`;
  const value = (spellings: string[]) => (spellings.length === 1 ? one(spellings[0]) : `coalesce(${spellings.map(one).join(', ')})`);
  const unreadable = (await rows(c, `SELECT rowid - ${first} + 1 AS line FROM src_jsonl WHERE j IS NOT NULL AND trim(j) <> '' AND NOT (${isRecord}) ORDER BY 1`)).map(
    (r) => ({ line: Number(r.line), rule: 'invalid_json', message: 'the line is not a JSON object. Each line must be one case as {"column": "value", …}.' }),
  );
  const view = `(SELECT rowid - ${first} + 1 AS __line${[...groups.values()].map((sp, i) => `, ${value(sp)} AS c${i}`).join('')} FROM src_jsonl WHERE ${isRecord} ORDER BY rowid)`;
  return {
    format: 'jsonl', columns,
    async stage(c2, select) {
      await c2.run(`CREATE TEMP TABLE stg AS SELECT ${select}, r.__line AS __src_line FROM ${view} r`);
      const records = Number((await rows(c2, 'SELECT count(*) AS n FROM stg'))[0].n);
      return { records, unreadable, lineSql: (a) => `${a}.__src_line` };
    },
  };
}

async function readParquet(c: DuckDBConnection, path: string): Promise<Source> {
  let described: Record<string, unknown>[];
  try {
    described = await rows(c, `DESCRIBE SELECT * FROM read_parquet(${sqlString(path)})`);
  } catch {
    throw new InputError(`${path}: this is not a readable Parquet file. Check that the export finished and the file is complete.`);
  }
  const columns = described.map((d, i) => ({ name: String(d.column_name).trim(), ident: `c${i}` }));
  const text = (name: string, type: string) => {
    const v = sqlIdent(name);
    if (type.endsWith('[]')) return `array_to_string(list_transform(${v}, x -> CAST(x AS VARCHAR)), ';')`;
    if (/^(DOUBLE|FLOAT|REAL|DECIMAL)/.test(type)) return `CASE WHEN ${v} = trunc(${v}) AND abs(${v}) < 1e15 THEN CAST(CAST(${v} AS BIGINT) AS VARCHAR) ELSE CAST(${v} AS VARCHAR) END`;
    return `CAST(${v} AS VARCHAR)`;
  };
  const view = `(SELECT file_row_number + 1 AS __line${described.map((d, i) => `, ${text(String(d.column_name), String(d.column_type))} AS c${i}`).join('')} ` +
    `FROM read_parquet(${sqlString(path)}, file_row_number = true) ORDER BY file_row_number)`;
  return {
    format: 'parquet', columns,
    async stage(c2, select) {
      await c2.run(`CREATE TEMP TABLE stg AS SELECT ${select}, r.__line AS __src_line FROM ${view} r`);
      const records = Number((await rows(c2, 'SELECT count(*) AS n FROM stg'))[0].n);
      return { records, unreadable: [], lineSql: (a) => `${a}.__src_line` };
    },
  };
}
