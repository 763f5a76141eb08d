// Column checks derived from the zod schema (through its JSON Schema), compiled
// to SQL for DuckDB and to JavaScript for small inputs. One failing check is one
// quarantine entry: column, rule id and a sentence saying how to fix it.
import { z } from 'zod';
import { COLUMNS, CROSS_RULES, type ColumnDef, type ContractContext, isCalendarDate } from './schema.ts';
import type { SqlNames } from './rules.ts';

export interface ColumnCheck {
  column: string;
  rule: string;
  /** SQL: true when the value in `v` (trimmed text, NULL when empty) fails. */
  failSql(v: string): string;
  /** SQL string expression: the message for a failing value. */
  messageSql(v: string): string;
  /** JavaScript twin of failSql, on the trimmed text (undefined when empty). */
  failJs(v: string | undefined): boolean;
  /** JavaScript twin of messageSql. */
  messageJs(v: string | undefined): string;
}

interface JsonSchema {
  type?: string; pattern?: string; enum?: string[]; minimum?: number; maximum?: number;
  items?: JsonSchema; minItems?: number;
}

export const sqlString = (s: string) => `'${s.replaceAll("'", "''")}'`;
/**
 * Values and list items are trimmed of spaces, the same in SQL and JavaScript.
 * Only a value that starts or ends with a space pays for the trim: trimming every
 * value costs DuckDB about as much as reading the file.
 */
export const sqlTrim = (v: string) => `CASE WHEN starts_with(${v}, ' ') OR ends_with(${v}, ' ') THEN trim(${v}) ELSE ${v} END`;
export const jsTrim = (v: string) => v.replace(/^ +| +$/g, '');
const WHITESPACE_RE_CLASS = ' ';
const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
export const sqlIdent = (s: string) => `"${s.replaceAll('"', '""')}"`;

/** Longest piece of a value a message repeats; enough to find it, never a whole field. */
export const ECHO_MAX = 40;
const echoJs = (v: string) => (v.length > ECHO_MAX ? `${v.slice(0, ECHO_MAX)}…` : v);
const echoSql = (v: string) => `(CASE WHEN length(${v}) > ${ECHO_MAX} THEN left(${v}, ${ECHO_MAX}) || '…' ELSE ${v} END)`;

/** A message made of literal parts and the echoed value, in both languages. */
function message(col: ColumnDef, before: string, after: string) {
  const showValue = !col.meta.secret;
  return {
    sql: (v: string) => (showValue ? `${sqlString(`${before} '`)} || ${echoSql(v)} || ${sqlString(`' ${after}`)}` : sqlString(`${before} ${after}`)),
    js: (v: string | undefined) => (showValue ? `${before} '${echoJs(v ?? '')}' ${after}` : `${before} ${after}`),
  };
}

const INTEGER_TEXT = /^-?\d{1,15}$/;
const NUMBER_TEXT = /^-?(\d+(\.\d*)?|\.\d+)$/;

function checksFor(col: ColumnDef): ColumnCheck[] {
  const json = z.toJSONSchema(col.schema, { unrepresentable: 'any' }) as JsonSchema;
  const name = col.name;
  const hint = col.meta.hint;
  const checks: ColumnCheck[] = [];
  const add = (rule: string, failSql: ColumnCheck['failSql'], failJs: ColumnCheck['failJs'], msg: { sql: ColumnCheck['messageSql']; js: ColumnCheck['messageJs'] }) =>
    checks.push({ column: name, rule, failSql, failJs, messageSql: msg.sql, messageJs: msg.js });

  if (!col.optional) {
    const m = `${name} is required but empty: ${hint}.`;
    add('required', (v) => `${v} IS NULL`, (v) => v === undefined, { sql: () => sqlString(m), js: () => m });
  }

  if (col.meta.dateOrMonth) {
    add('not_a_date', (v) => `${v} IS NOT NULL AND ${sqlDate(v)} IS NULL`, (v) => v !== undefined && !isCalendarDate(v),
      message(col, name, `is not a real date: ${hint}.`));
  } else if (json.type === 'string' && json.enum) {
    add('unknown_code', (v) => `${v} IS NOT NULL AND TRY_CAST(${v} AS ${codeType(name)}) IS NULL`,
      (v) => v !== undefined && !json.enum!.includes(v), message(col, name, `is not an allowed code: ${hint}.`));
  } else if (json.type === 'string' && json.pattern) {
    const re = new RegExp(json.pattern);
    add('invalid_format', (v) => `${v} IS NOT NULL AND NOT regexp_full_match(${v}, ${sqlString(json.pattern!)})`,
      (v) => v !== undefined && !re.test(v), message(col, name, `is not valid: ${hint}.`));
  } else if (json.type === 'integer' || json.type === 'number') {
    const isInt = json.type === 'integer';
    const textRe = isInt ? INTEGER_TEXT : NUMBER_TEXT;
    add(isInt ? 'not_integer' : 'not_number', (v) => `${v} IS NOT NULL AND NOT regexp_full_match(${v}, ${sqlString(textRe.source)})`,
      (v) => v !== undefined && !textRe.test(v), message(col, name, `is not ${isInt ? 'a whole number' : 'a number'}: ${hint}.`));
    const lo = json.minimum ?? -Infinity, hi = json.maximum ?? Infinity;
    add('out_of_range',
      (v) => `${v} IS NOT NULL AND regexp_full_match(${v}, ${sqlString(textRe.source)}) AND NOT (TRY_CAST(${v} AS DOUBLE) BETWEEN ${lo} AND ${hi})`,
      (v) => v !== undefined && textRe.test(v) && !(Number(v) >= lo && Number(v) <= hi),
      message(col, name, `is out of range: ${hint}.`));
  } else if (json.type === 'array' && json.items?.enum) {
    const codes = json.items.enum;
    const items = (v: string) => `list_transform(string_split(${v}, ';'), x -> ${sqlTrim('x')})`;
    const jsItems = (v: string) => v.split(';').map(jsTrim);
    // A whole list of known codes is one regular expression: much faster in DuckDB than
    // splitting every value; the split runs only for the message, on failing rows.
    const ws = `[${WHITESPACE_RE_CLASS}]*`;
    const one = `${ws}(${codes.map(escapeRegex).join('|')})${ws}`;
    const validList = `${one}(;${one})*`;
    const unknownSql = (v: string) => `list_filter(${items(v)}, x -> TRY_CAST(x AS ${codeType(name)}) IS NULL)`;
    const unknownJs = (v: string) => jsItems(v).filter((x) => !codes.includes(x));
    add('unknown_code', (v) => `${v} IS NOT NULL AND NOT regexp_full_match(${v}, ${sqlString(validList)})`, (v) => v !== undefined && unknownJs(v).length > 0, {
      sql: (v) => `${sqlString(`${name} has codes that are not allowed ('`)} || ${echoSql(`array_to_string(${unknownSql(v)}, ''', ''')`)} || ${sqlString(`'): ${hint}.`)}`,
      js: (v) => `${name} has codes that are not allowed ('${echoJs(unknownJs(v ?? '').join("', '"))}'): ${hint}.`,
    });
    // Only a value with a ';' can repeat a code or combine one with another.
    const split = (v: string) => `regexp_split_to_array(${sqlTrim(v)}, ${sqlString(`${ws};${ws}`)})`;
    // string_split is several times cheaper than a regular-expression split; spaces around ';' are rare.
    const fastSplit = (v: string) => `string_split(${v}, ';')`;
    add('duplicate_code', (v) => `${v} IS NOT NULL AND (CASE WHEN NOT contains(${v}, ';') THEN false ` +
        `WHEN contains(${v}, ' ') THEN list_unique(${split(v)}) < len(${split(v)}) ELSE list_unique(${fastSplit(v)}) < len(${fastSplit(v)}) END)`,
      (v) => v !== undefined && new Set(jsItems(v)).size < jsItems(v).length,
      message(col, name, `lists a code twice: list each code once.`));
    const only = col.meta.exclusive;
    if (only) {
      add('exclusive_code', (v) => `${v} IS NOT NULL AND contains(${v}, ';') AND regexp_matches(${v}, ${sqlString(`(^|;)${ws}${escapeRegex(only)}${ws}(;|$)`)})`,
        (v) => v !== undefined && jsItems(v).includes(only) && jsItems(v).length > 1,
        message(col, name, `combines ${only} with other codes: ${only} must stand alone.`));
    }
  } else {
    throw new Error(`contract column ${name}: no SQL check can be derived from ${JSON.stringify(json)}`);
  }
  return checks;
}

/** A `YYYY-MM-DD` / `YYYY-MM` text as a DATE (a month as its first day); NULL when not a calendar date. */
export function sqlDate(v: string): string {
  return `CASE WHEN regexp_full_match(${v}, ${sqlString('\\d{4}-\\d{2}(-\\d{2})?')}) THEN ` +
    `TRY_CAST(CASE WHEN length(${v}) = 7 THEN ${v} || '-01' ELSE ${v} END AS DATE) END`;
}
export const sqlPrecision = (v: string) => `CASE WHEN ${v} IS NULL THEN NULL WHEN length(${v}) = 7 THEN 'month' ELSE 'day' END`;

/** Name of the ENUM type that holds a code column's codes (see `codeTypesSql`). */
export const codeType = (column: string) => `contract_${column}_code`;

/**
 * Temporary ENUM types, one per code column, declared on each connection that
 * validates: a cast to an ENUM is a hash lookup, about 70× faster in DuckDB than
 * list_contains over the 7,900 language codes.
 */
export function codeTypesSql(): string[] {
  return COLUMNS.flatMap((c) => {
    const json = z.toJSONSchema(c.schema, { unrepresentable: 'any' }) as JsonSchema;
    const codes = json.enum ?? json.items?.enum;
    return codes ? [`CREATE OR REPLACE TEMP TYPE ${codeType(c.name)} AS ENUM (${codes.map(sqlString).join(', ')})`] : [];
  });
}

export const COLUMN_CHECKS: readonly ColumnCheck[] = COLUMNS.flatMap(checksFor);

export interface Failure { column: string; rule: string; message: string }

/**
 * SQL for a DuckDB list of failures ({column, rule, message}) of one row whose
 * contract columns are trimmed text, NULL when empty. Cross-column rules are
 * judged only when each column they read passed its own checks.
 */
function ruleParts(asOfSql: string, col: (name: string) => string) {
  const okSql = (name: string) => {
    const cs = COLUMN_CHECKS.filter((c) => c.column === name);
    return cs.length ? `NOT (${cs.map((c) => `coalesce(${c.failSql(col(name))}, false)`).join(' OR ')})` : 'true';
  };
  const names: SqlNames = {
    text: col, date: (c) => sqlDate(col(c)), precision: (c) => sqlPrecision(col(c)), asOf: asOfSql,
  };
  return [
    ...COLUMN_CHECKS.map((c) => ({ column: c.column, rule: c.rule, fail: c.failSql(col(c.column)), message: c.messageSql(col(c.column)) })),
    ...CROSS_RULES.map((r) => ({ column: r.column, rule: r.id, fail: `${r.when.columns.map(okSql).join(' AND ')} AND ${r.when.sql(names)}`, message: sqlString(r.message) })),
  ];
}

/**
 * SQL for a DuckDB list of failures ({column, rule, message}) of one row whose
 * contract columns are trimmed text, NULL when empty. Cross-column rules are
 * judged only when each column they read passed its own checks.
 */
export function failuresSql(asOfSql: string, col: (name: string) => string = sqlIdent): string {
  const struct = (column: string, rule: string, msg: string) =>
    `{'column': ${sqlString(column)}, 'rule': ${sqlString(rule)}, 'message': ${msg}}`;
  const parts = ruleParts(asOfSql, col).map((p) => `CASE WHEN ${p.fail} THEN ${struct(p.column, p.rule, p.message)} END`);
  return `list_filter([\n  ${parts.join(',\n  ')}\n], x -> x IS NOT NULL)`;
}

/**
 * SQL that is true when a row fails any check: a cheap filter before building the
 * failure list. Cross-column rules need no guard here (a row whose column fails
 * is selected anyway), which saves evaluating each column's checks again.
 */
export function anyFailureSql(asOfSql: string, col: (name: string) => string = sqlIdent): string {
  const names: SqlNames = { text: col, date: (c) => sqlDate(col(c)), precision: (c) => sqlPrecision(col(c)), asOf: asOfSql };
  return [
    ...COLUMN_CHECKS.map((c) => `coalesce(${c.failSql(col(c.column))}, false)`),
    ...CROSS_RULES.map((r) => `coalesce(${r.when.sql(names)}, false)`),
  ].join('\n  OR ');
}

/** Text of one row (contract column → raw text) to the typed record, for small inputs. */
const JSON_TYPES = new Map(COLUMNS.map((c) => [c.name, (z.toJSONSchema(c.schema, { unrepresentable: 'any' }) as JsonSchema).type]));

export function typedFromText(row: Record<string, string | undefined>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const c of COLUMNS) {
    const raw = row[c.name];
    const v = raw === undefined ? undefined : jsTrim(raw);
    if (v === undefined || v === '') continue;
    const json = { type: JSON_TYPES.get(c.name) };
    out[c.name] = json.type === 'array' ? v.split(';').map(jsTrim) : json.type === 'integer' || json.type === 'number' ? Number(v) : v;
  }
  return out;
}

/** The same checks as `failuresSql`, in JavaScript, for one row of text. */
export function failuresOfText(row: Record<string, string | undefined>, ctx: ContractContext): Failure[] {
  const text = (name: string) => {
    const raw = row[name];
    const v = raw === undefined ? undefined : jsTrim(raw);
    return v === undefined || v === '' ? undefined : v;
  };
  const failures: Failure[] = [];
  const bad = new Set<string>();
  for (const c of COLUMN_CHECKS) {
    if (c.failJs(text(c.column))) {
      failures.push({ column: c.column, rule: c.rule, message: c.messageJs(text(c.column)) });
      bad.add(c.column);
    }
  }
  const typed = typedFromText(row);
  for (const r of CROSS_RULES) {
    if (r.when.columns.some((c) => bad.has(c))) continue;
    if (r.when.js(typed, ctx)) failures.push({ column: r.column, rule: r.id, message: r.message });
  }
  return failures;
}
