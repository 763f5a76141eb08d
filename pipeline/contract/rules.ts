// Cross-column rules of CONTRACT.md as small typed conditions. Each condition
// compiles both to SQL (run by DuckDB over a whole file) and to JavaScript (the
// zod schema's refinement), so the two checks cannot drift apart.
import type { ContractContext } from './schema.ts';

/** How SQL names a column's trimmed text and its typed forms. */
export interface SqlNames {
  text(column: string): string;
  /** The column as a DATE (first day for a month), NULL when absent. */
  date(column: string): string;
  /** 'day' or 'month', NULL when absent. */
  precision(column: string): string;
  /** The as-of date as a SQL DATE expression. */
  asOf: string;
}

export interface Condition {
  /** Columns the condition reads; the rule is only judged when each of them is valid on its own. */
  columns: string[];
  sql(n: SqlNames): string;
  js(row: Record<string, unknown>, ctx: ContractContext): boolean;
}

export interface CrossRule {
  id: string;
  /** The column the error is reported against. */
  column: string;
  when: Condition;
  message: string;
}

const isSet = (v: unknown) => v !== undefined && v !== null && v !== '';
const sqlString = (s: string) => `'${s.replaceAll("'", "''")}'`;

export const present = (c: string): Condition => ({
  columns: [c], sql: (n) => `(${n.text(c)} IS NOT NULL)`, js: (r) => isSet(r[c]),
});
export const absent = (c: string): Condition => ({
  columns: [c], sql: (n) => `(${n.text(c)} IS NULL)`, js: (r) => !isSet(r[c]),
});
export const equals = (c: string, value: string): Condition => ({
  columns: [c], sql: (n) => `(${n.text(c)} IS NOT DISTINCT FROM ${sqlString(value)})`, js: (r) => r[c] === value,
});
export const not = (x: Condition): Condition => ({
  columns: x.columns, sql: (n) => `(NOT ${x.sql(n)})`, js: (r, ctx) => !x.js(r, ctx),
});
export const and = (...xs: Condition[]): Condition => ({
  columns: [...new Set(xs.flatMap((x) => x.columns))],
  sql: (n) => `(${xs.map((x) => x.sql(n)).join(' AND ')})`,
  js: (r, ctx) => xs.every((x) => x.js(r, ctx)),
});

const monthOf = (v: string) => v.slice(0, 7);

/**
 * `a` falls before `b`. A month means its first day for ordering, so when either
 * side is month-precise both are compared as months: 2024-03 closes no earlier
 * than 2024-03-15 opened, it is the same month.
 */
export const dateBefore = (a: string, b: string): Condition => ({
  columns: [a, b],
  sql: (n) =>
    `(CASE WHEN ${n.precision(a)} = 'day' AND ${n.precision(b)} = 'day' THEN ${n.date(a)} < ${n.date(b)} ` +
    `ELSE date_trunc('month', ${n.date(a)}) < date_trunc('month', ${n.date(b)}) END)`,
  js: (r) => {
    const x = r[a] as string | undefined, y = r[b] as string | undefined;
    if (!x || !y) return false;
    return x.length === 10 && y.length === 10 ? x < y : monthOf(x) < monthOf(y);
  },
});

/** The date lies after the as-of day (for a month: the month starts after it). */
export const inFuture = (c: string): Condition => ({
  columns: [c],
  sql: (n) => `(${n.date(c)} > ${n.asOf})`,
  js: (r, ctx) => {
    const v = r[c] as string | undefined;
    return !!v && (v.length === 7 ? `${v}-01` : v) > ctx.asOf;
  },
});

/** A day count given beside two exact dates that does not equal their difference. */
export const daysDisagree = (days: string, from: string, to: string): Condition => ({
  columns: [days, from, to],
  sql: (n) =>
    `(${n.text(days)} IS NOT NULL AND ${n.precision(from)} = 'day' AND ${n.precision(to)} = 'day' ` +
    `AND TRY_CAST(${n.text(days)} AS BIGINT) <> date_diff('day', ${n.date(from)}, ${n.date(to)}))`,
  js: (r) => {
    const d = r[days], x = r[from] as string | undefined, y = r[to] as string | undefined;
    if (typeof d !== 'number' || x?.length !== 10 || y?.length !== 10) return false;
    return d !== Math.round((Date.parse(`${y}T00:00:00Z`) - Date.parse(`${x}T00:00:00Z`)) / 86_400_000);
  },
});

/** CONTRACT.md, "Rules across columns" and the conditions in the column table. */
export const CROSS_RULES: readonly CrossRule[] = [
  {
    id: 'outcome_without_closing',
    column: 'outcome',
    when: and(present('outcome'), absent('closed_on')),
    message: 'outcome is given but closed_on is empty: an open case has no outcome yet. Fill closed_on or clear outcome.',
  },
  {
    id: 'outcome_not_accepted',
    column: 'outcome',
    when: and(present('outcome'), not(equals('intake_decision', 'accepted'))),
    message: 'outcome is given but intake_decision is not accepted: only accepted cases have an outcome. Clear outcome or correct intake_decision.',
  },
  {
    id: 'outcome_missing',
    column: 'outcome',
    when: and(present('closed_on'), equals('intake_decision', 'accepted'), absent('outcome')),
    message: 'outcome is empty but the case was accepted and closed: a closed, accepted case needs an outcome.',
  },
  {
    id: 'closed_before_opened',
    column: 'closed_on',
    when: dateBefore('closed_on', 'opened_on'),
    message: 'closed_on is before opened_on. Check both dates.',
  },
  {
    id: 'closed_in_future',
    column: 'closed_on',
    when: inFuture('closed_on'),
    message: 'closed_on is in the future. Check the date, or leave it empty while the case is open.',
  },
  {
    id: 'days_disagree_with_dates',
    column: 'days_to_close',
    when: daysDisagree('days_to_close', 'opened_on', 'closed_on'),
    message: 'days_to_close does not equal the days between opened_on and closed_on. Correct one of them, or leave days_to_close empty.',
  },
];
