// Mapping files: how a foreign export becomes format 1. A mapping renames
// columns, maps values (exactly, or by numeric range of a value's leading
// number), splits multi-valued fields, derives columns and drops columns; it
// compiles to one SQL expression per contract column, so mapped rows go through
// exactly the same checks as native ones.
import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { createHash } from 'node:crypto';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { COLUMN_NAMES, AGE_BAND } from '../contract/index.ts';
import { sqlString, sqlTrim } from '../contract/checks.ts';
import { InputError } from '../errors.ts';
import type { Source } from './source.ts';

/** One numeric range of `ranges`: min ≤ n < below (either end may be open). */
const NumericRange = z
  .object({
    min: z.number().optional().describe('lowest number in the range (inclusive)'),
    below: z.number().optional().describe('first number above the range (exclusive)'),
    value: z.string().describe('the contract value for a number in the range; "" = not recorded'),
  })
  .strict()
  .superRefine((r, ctx) => {
    if (r.min === undefined && r.below === undefined) ctx.addIssue({ code: 'custom', message: 'give min, below or both' });
    else if (r.min !== undefined && r.below !== undefined && !(r.min < r.below)) ctx.addIssue({ code: 'custom', message: `min (${r.min}) must be less than below (${r.below})` });
  });

/** Ranges that overlap would make a number's value depend on their order: name the first pair that does. */
function overlap(ranges: z.infer<typeof NumericRange>[]): string | undefined {
  const sorted = ranges.map((r, i) => ({ ...r, i })).sort((a, b) => (a.min ?? -Infinity) - (b.min ?? -Infinity));
  for (let k = 1; k < sorted.length; k++) {
    const a = sorted[k - 1], b = sorted[k];
    if ((a.below ?? Infinity) > (b.min ?? -Infinity)) return `ranges ${a.i + 1} and ${b.i + 1} overlap; each number may fall in one range only`;
  }
  return undefined;
}

const ColumnRule = z.union([
  z.string().min(1).describe('the source column to rename'),
  z
    .object({
      from: z.string().min(1).optional().describe('source column'),
      const: z.string().optional().describe('the same value on every row'),
      derive: z.enum(['age_band', 'row_number']).optional().describe('age_band: band an exact age; row_number: number the records'),
      prefix: z.string().optional().describe('text before a row_number; {file} is the file name, dots turned into -'),
      values: z.record(z.string(), z.string()).optional().describe('source value -> contract value; others pass unchanged'),
      ranges: z.array(NumericRange).min(1).optional()
        .describe("numeric ranges of the value's leading number (63 in '63 Private Landlord/Tenant') -> contract value; after values, others pass unchanged"),
      split: z.string().min(1).optional().describe('delimiter of a multi-valued source field'),
      date_format: z.string().min(2).optional().describe('strptime format of a source date, e.g. %m/%d/%Y'),
    })
    .strict()
    .superRefine((r, ctx) => {
      const sources = [r.from !== undefined, r.const !== undefined, r.derive === 'row_number'].filter(Boolean).length;
      if (r.derive === 'age_band' && r.from === undefined) ctx.addIssue({ code: 'custom', message: 'derive: age_band needs from: <the exact age column>' });
      else if (sources !== 1) ctx.addIssue({ code: 'custom', message: 'give exactly one of from, const or derive: row_number' });
      if (r.prefix !== undefined && r.derive !== 'row_number') ctx.addIssue({ code: 'custom', message: 'prefix only goes with derive: row_number' });
      if (r.const !== undefined && (r.values || r.ranges || r.split || r.date_format)) ctx.addIssue({ code: 'custom', message: 'const takes no values, ranges, split or date_format' });
      if (r.ranges && (r.derive || r.date_format)) ctx.addIssue({ code: 'custom', message: 'ranges map source values: they take no derive or date_format' });
      const clash = r.ranges && overlap(r.ranges);
      if (clash) ctx.addIssue({ code: 'custom', message: clash, path: ['ranges'] });
    }),
]);

export const MappingSchema = z
  .object({
    description: z.string().optional(),
    format: z.enum(['csv', 'jsonl', 'parquet']).optional(),
    delimiter: z.enum([',', ';']).optional(),
    columns: z.partialRecord(z.enum(COLUMN_NAMES as [string, ...string[]]), ColumnRule).default({}),
    drop: z.array(z.string().min(1)).default([]),
  })
  .strict();

export type Mapping = z.infer<typeof MappingSchema>;
export interface LoadedMapping { path: string; sha256: string; mapping: Mapping }

/**
 * A column rule is a string or an object: when neither parses, report the
 * object's own problems (the string branch only says "expected string").
 */
function unionBranch(issue: z.core.$ZodIssue): z.core.$ZodIssue[] {
  if (issue.code !== 'invalid_union' || !issue.errors.length) return [issue];
  const branch = issue.errors.find((b) => !(b.length === 1 && b[0].code === 'invalid_type' && b[0].path.length === 0)) ?? issue.errors[0];
  return branch.flatMap((i) => unionBranch({ ...i, path: [...issue.path, ...i.path] } as z.core.$ZodIssue));
}

/** Reads and validates a mapping file (YAML or JSON), with errors that name the key. */
export function loadMapping(path: string): LoadedMapping {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new InputError(`Mapping file ${path} cannot be read. Check the path.`);
  }
  let data: unknown;
  try {
    data = extname(path).toLowerCase() === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new InputError(`Mapping file ${path} is not valid ${extname(path) === '.json' ? 'JSON' : 'YAML'}: ${(error as Error).message.split('\n')[0]}`);
  }
  const parsed = MappingSchema.safeParse(data ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues.flatMap(unionBranch).map((i) => {
      const where = i.path.join('.') || '(top level)';
      if (i.code === 'unrecognized_keys' && i.path.join('.') === 'columns') {
        return `columns: ${i.keys.map((k) => `'${k}'`).join(', ')} ${i.keys.length > 1 ? 'are not format-1 columns' : 'is not a format-1 column'}; map onto one of: ${COLUMN_NAMES.join(', ')}`;
      }
      return `${where}: ${i.message}`;
    });
    throw new InputError(`Mapping file ${path} has ${problems.length} problem${problems.length > 1 ? 's' : ''}:\n  - ${problems.join('\n  - ')}`);
  }
  return { path, sha256: createHash('sha256').update(text).digest('hex'), mapping: parsed.data };
}

export interface Projection {
  /** Contract column -> SQL text expression over `r` (a record of the file), NULL when not recorded. */
  exprs: Record<string, string>;
  /** Source columns that a de-identifying derivation reads and nothing stores (exact age). */
  consumed: Set<string>;
  /** Source columns the mapping drops: never scanned, never stored. */
  dropped: Set<string>;
  /** Source columns neither used nor dropped: not loaded, reported. */
  unused: string[];
  /** Contract columns the file does not provide. */
  missing: string[];
  /** Contract columns numbered by record after staging: prefix + zero-padded line. */
  numbered: { column: string; prefix: string }[];
}

const AGE_BANDS = Object.keys(AGE_BAND).filter((b) => b !== 'not_reported');

function ageBandSql(v: string): string {
  const n = `TRY_CAST(${v} AS INTEGER)`;
  const cases = AGE_BANDS.map((band) => {
    if (band.endsWith('+')) return `WHEN ${n} >= ${parseInt(band)} THEN '${band}'`;
    const [lo, hi] = band.split('-').map(Number);
    return `WHEN ${n} BETWEEN ${lo} AND ${hi} THEN '${band}'`;
  });
  // A value that is not a whole age passes unchanged, so the contract check quarantines it.
  return `CASE WHEN ${n} IS NULL OR ${n} < 0 THEN ${v} ${cases.join(' ')} END`;
}

const clean = (v: string) => `NULLIF(${sqlTrim(v)}, '')`;
/** A contract value written in a mapping: "" means not recorded. */
const target_ = (to: string) => (to.trim() === '' ? 'NULL' : sqlString(to.trim()));

/**
 * The value a range gives the leading number of `x` (`63` of '63 Private
 * Landlord/Tenant', `87.5` of '87.5%'); `x` unchanged when it has no leading
 * number or the number is in no range, so the contract check sees it.
 */
function rangesSql(x: string, ranges: z.infer<typeof NumericRange>[]): string {
  const n = `TRY_CAST(NULLIF(regexp_extract(${x}, '^[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)'), '') AS DOUBLE)`;
  const whens = ranges.map((r) => {
    const conds = [r.min !== undefined ? `${n} >= ${r.min}` : '', r.below !== undefined ? `${n} < ${r.below}` : ''].filter(Boolean);
    return `WHEN ${conds.join(' AND ')} THEN ${target_(r.value)}`;
  });
  return `CASE ${whens.join(' ')} ELSE ${x} END`;
}

/** The projection of a source onto the contract, by mapping or by header names. */
export function project(source: Source, filePath: string, mapping?: Mapping): Projection {
  const byName = new Map(source.columns.map((c) => [c.name.toLowerCase(), c]));
  const col = (name: string, key: string) => {
    const c = byName.get(name.trim().toLowerCase());
    if (!c) throw new InputError(`${filePath}: the mapping's ${key} names column '${name}', which the file does not have. Columns in the file: ${source.columns.map((x) => x.name).join(', ')}.`);
    return c;
  };
  const used = new Set<string>();
  const consumed = new Set<string>();
  const dropped = new Set<string>();
  for (const d of mapping?.drop ?? []) dropped.add(col(d, 'drop').name);
  const exprs: Record<string, string> = {};
  const missing: string[] = [];
  const numbered: Projection['numbered'] = [];
  // The whole file name (adult.data and adult.test must not share ids), in case-id characters.
  const stem = basename(filePath).replace(/[^A-Za-z0-9_-]+/g, '-');

  for (const target of COLUMN_NAMES) {
    const rule = mapping?.columns[target];
    if (rule === undefined) {
      const c = byName.get(target);
      if (c && !dropped.has(c.name)) { exprs[target] = clean(`r.${c.ident}`); used.add(c.name); }
      else { exprs[target] = 'NULL::VARCHAR'; missing.push(target); }
      continue;
    }
    const r = typeof rule === 'string' ? { from: rule } : rule;
    const key = `columns.${target}`;
    if (r.const !== undefined) { exprs[target] = r.const.trim() === '' ? 'NULL::VARCHAR' : sqlString(r.const.trim()); continue; }
    if (r.derive === 'row_number') {
      exprs[target] = 'NULL::VARCHAR';
      numbered.push({ column: target, prefix: (r.prefix ?? '').replaceAll('{file}', stem) });
      continue;
    }
    const src = col(r.from!, `${key}.from`);
    if (dropped.has(src.name)) throw new InputError(`${filePath}: the mapping both drops '${src.name}' and reads it for ${target}. Remove it from drop.`);
    let v = clean(`r.${src.ident}`);
    if (r.derive === 'age_band') { consumed.add(src.name); v = ageBandSql(v); } else used.add(src.name);
    if (r.date_format) v = `coalesce(strftime(try_strptime(${v}, ${sqlString(r.date_format)}), '%Y-%m-%d'), ${v})`;
    const mapValue = (x: string) => {
      const fallback = r.ranges ? rangesSql(x, r.ranges) : x;
      return r.values
        ? `CASE ${x} ${Object.entries(r.values).map(([from, to]) => `WHEN ${sqlString(from.trim())} THEN ${target_(to)}`).join(' ')} ELSE ${fallback} END`
        : fallback;
    };
    v = r.split
      ? `NULLIF(array_to_string(list_filter(list_transform(string_split(${v}, ${sqlString(r.split)}), x -> ${mapValue(sqlTrim('x'))}), x -> x IS NOT NULL AND x <> ''), ';'), '')`
      : mapValue(v);
    exprs[target] = v;
  }
  const unused = source.columns.map((c) => c.name).filter((n) => !used.has(n) && !consumed.has(n) && !dropped.has(n));
  return { exprs, consumed, dropped, unused, missing, numbered };
}
