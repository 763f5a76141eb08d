// Text to typed warehouse values, derived from the schema: dates (with their
// precision), whole numbers, numbers and ;-lists. Applied only to rows that
// passed every check.
import { z } from 'zod';
import { COLUMNS } from './schema.ts';
import { sqlIdent, sqlPrecision } from './checks.ts';

/** SELECT list turning the text columns of a checked row into the `cases` columns. */
export function typedSelectSql(col: (name: string) => string = sqlIdent): string {
  return COLUMNS.flatMap((c) => {
    const v = col(c.name);
    const json = z.toJSONSchema(c.schema, { unrepresentable: 'any' }) as { type?: string };
    // Checked rows only: every date is a real calendar date, every list a list of codes (no spaces inside).
    if (c.meta.dateOrMonth) return [`CAST(CASE WHEN length(${v}) = 7 THEN ${v} || '-01' ELSE ${v} END AS DATE) AS ${c.name}`, `${sqlPrecision(v)} AS ${c.name.replace(/_on$/, '')}_precision`];
    if (json.type === 'integer') return [`CAST(${v} AS INTEGER) AS ${c.name}`];
    if (json.type === 'number') return [`CAST(${v} AS DOUBLE) AS ${c.name}`];
    if (json.type === 'array') return [`string_split(replace(${v}, ' ', ''), ';') AS ${c.name}`];
    return [`${v} AS ${c.name}`];
  }).join(',\n  ');
}
