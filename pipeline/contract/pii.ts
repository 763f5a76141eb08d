// The direct-identifier guard (CONTRACT.md, "What is refused outright"; HIPAA Safe
// Harbor identifiers). A file that trips it is refused whole. Findings name the
// column and line, never the value.
import { sqlIdent, sqlString } from './checks.ts';

export interface PiiFinding {
  column: string;
  /** 'name' when the column's name gives it away, else the kind of value seen. */
  by: 'name' | 'value';
  kind: string;
  /** First line with a matching value (value findings only). */
  line?: number;
}

/** Splits `ClientFirstName`, `client-first name` and `CLIENT_FIRST_NAME` alike into tokens. */
export function nameTokens(column: string): string[] {
  return column
    .trim()
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

interface NameRule { kind: string; test(tokens: string[], joined: string): boolean }
const has = (t: string[], ...words: string[]) => words.some((w) => t.includes(w));

const NAME_RULES: NameRule[] = [
  { kind: "a person's name", test: (t, j) =>
    has(t, 'surname', 'firstname', 'lastname', 'fname', 'lname', 'fullname', 'middlename', 'givenname', 'familyname') ||
    /(^|_)(first|last|middle|full|given|family|maiden|client|person|participant|customer|patient|applicant)_name(s)?($|_)/.test(j) ||
    j === 'name' || j === 'names' },
  { kind: 'a street address or ZIP code', test: (t, j) =>
    has(t, 'address', 'addr', 'street', 'zip', 'zipcode', 'postcode', 'postal') || /(^|_)(address|street)_?(line)?_?\d?($|_)/.test(j) },
  { kind: 'a phone number', test: (t) => has(t, 'phone', 'telephone', 'mobile', 'cellphone', 'tel', 'fax') },
  { kind: 'an e-mail address', test: (t, j) => has(t, 'email', 'emails', 'emailaddress') || /e_mail/.test(j) },
  { kind: 'a Social Security number', test: (t, j) => has(t, 'ssn', 'ssns') || /social_security/.test(j) },
  { kind: 'a birth date', test: (t, j) => has(t, 'dob', 'birthdate', 'birthday') || /birth_?(date|day)|date_of_birth/.test(j) },
  { kind: 'an exact age', test: (t) => has(t, 'age', 'ages') && !has(t, 'band', 'bands', 'group', 'range', 'bracket', 'category', 'cat') },
];

/** The identifier kind a column's name reveals, if any. */
export function identifierColumnKind(column: string): string | undefined {
  const tokens = nameTokens(column);
  const joined = tokens.join('_');
  return NAME_RULES.find((r) => r.test(tokens, joined))?.kind;
}

/** Value patterns (RE2 syntax, used by DuckDB and, unchanged, by JavaScript in tests). */
export const VALUE_PATTERNS: readonly { kind: string; pattern: string }[] = [
  { kind: 'a Social Security number', pattern: '(^|[^0-9])[0-9]{3}[- ][0-9]{2}[- ][0-9]{4}([^0-9]|$)' },
  { kind: 'an e-mail address', pattern: '[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}' },
  { kind: 'a phone number', pattern: '(^|[^0-9])(\\+?1[ .-]?)?(\\([0-9]{3}\\) ?|[0-9]{3}[ .-])[0-9]{3}[ .-][0-9]{4}([^0-9]|$)' },
  {
    kind: 'a street address',
    pattern: '(?i)(^|[^0-9])[0-9]{1,6}[a-z]? +([a-z0-9.]+ +){1,4}(street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|court|ct|way|place|pl|terrace|ter|circle|cir|highway|hwy|parkway|pkwy)\\.?( |,|#|$)',
  },
];

const ANY_VALUE_PATTERN = VALUE_PATTERNS.map((p) => `(${p.pattern.replace('(?i)', '')})`).join('|');

/**
 * SQL that is true for a row when any of the given text columns holds a value
 * that looks like a direct identifier. One regular expression over the joined
 * row keeps the common case (no identifier anywhere) to a single pass.
 */
export function anyIdentifierSql(columns: string[]): string {
  if (columns.length === 0) return 'false';
  const joined = `concat_ws(chr(31), ${columns.map(sqlIdent).join(', ')})`;
  return `regexp_matches(${joined}, ${sqlString(`(?i)${ANY_VALUE_PATTERN}`)})`;
}

/** SQL selecting (column, kind, first line) for every identifier pattern found in `table`. */
export function identifierFindingsSql(table: string, columns: string[], lineColumn = '__line'): string {
  const parts = columns.flatMap((c) =>
    VALUE_PATTERNS.map((p) =>
      `SELECT ${sqlString(c)} AS column_name, ${sqlString(p.kind)} AS kind, min(${sqlIdent(lineColumn)}) AS line ` +
      `FROM ${table} WHERE regexp_matches(${sqlIdent(c)}, ${sqlString(p.pattern)}) HAVING count(*) > 0`,
    ),
  );
  return parts.join('\nUNION ALL\n');
}

/** A refusal message a person can act on. */
export function describeFindings(findings: PiiFinding[]): string {
  const lines = findings.map((f) =>
    f.by === 'name'
      ? `column '${f.column}' is named like ${f.kind}`
      : `column '${f.column}' holds a value that looks like ${f.kind} (first at line ${f.line})`,
  );
  return (
    `it carries direct identifiers, which this project never loads: ${lines.join('; ')}. ` +
    'Remove these columns or values from the export (or drop or derive them with a mapping file: --mapping) and ingest again. Nothing from this file was loaded.'
  );
}
