// Case-outcome export format 1 (CONTRACT.md) as one zod schema. Everything else
// (the checks DuckDB runs, the TypeScript types, the format documentation) is
// derived from the definitions in this file.
import { z } from 'zod';
import {
  AGE_BAND, BARRIER, ESCALATION, GENDER, INCOME_BAND, INTAKE_DECISION, LANGUAGE,
  NOT_REPORTED, OUTCOME, RACE_ETHNICITY, SERVICE_AREA, SERVICE_LEVEL, YES_NO,
  codesOf, type CodeList,
} from './codes.ts';
import { CROSS_RULES, type CrossRule } from './rules.ts';

export interface ColumnMeta {
  label: string;
  /** What the column means, for the format documentation. */
  description: string;
  /** When the column must be filled, in words (the rules enforce the conditional cases). */
  required: 'yes' | 'no' | string;
  /** How to write a valid value: ends every error message about this column. */
  hint: string;
  codes?: CodeList;
  /** A `;`-separated list of codes. */
  multi?: boolean;
  /** A code that may only stand alone in a list. */
  exclusive?: string;
  /** `YYYY-MM-DD` or `YYYY-MM`, checked as a calendar date. */
  dateOrMonth?: boolean;
  /** Values are never echoed in messages, logs or outputs (pseudonymous ids). */
  secret?: boolean;
}

export interface ColumnDef {
  name: string;
  /** The schema of a recorded value; absence is handled by `optional`. */
  schema: z.ZodType;
  optional: boolean;
  meta: ColumnMeta;
}

export const DATE_OR_MONTH = /^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$/;

/** True when a `YYYY-MM-DD` / `YYYY-MM` string names a real calendar day or month. */
export function isCalendarDate(v: string): boolean {
  if (!DATE_OR_MONTH.test(v)) return false;
  if (v.length === 7) return true;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}

function codeColumn<T extends CodeList>(codes: T) {
  return z.enum(codesOf(codes));
}

function codeListColumn<T extends CodeList>(codes: T, exclusive?: string) {
  return z
    .array(z.enum(codesOf(codes)))
    .min(1)
    .superRefine((items, ctx) => {
      if (new Set(items).size !== items.length) ctx.addIssue({ code: 'custom', message: 'a code is listed twice', params: { rule: 'duplicate_code' } });
      if (exclusive && items.includes(exclusive as never) && items.length > 1)
        ctx.addIssue({ code: 'custom', message: `${exclusive} must stand alone`, params: { rule: 'exclusive_code' } });
    });
}

const dateOrMonth = () => z
  .string()
  .regex(DATE_OR_MONTH)
  .refine(isCalendarDate, { message: 'not a calendar date', params: { rule: 'not_a_date' } });

/** Metadata of each column's value schema, looked up by the schema itself. */
export const contractMeta = z.registry<ColumnMeta>();

function required<T extends z.ZodType>(schema: T, meta: ColumnMeta): T {
  contractMeta.add(schema, meta);
  return schema;
}
function optional<T extends z.ZodType>(schema: T, meta: ColumnMeta) {
  contractMeta.add(schema, meta);
  return schema.optional();
}

const hintCodes = (codes: CodeList) => `use one of: ${Object.keys(codes).join(', ')}`;
const hintList = (codes: CodeList, exclusive?: string) =>
  `use a ;-separated list of: ${Object.keys(codes).filter((c) => c !== exclusive).join(', ')}` +
  (exclusive ? `; or ${exclusive} alone` : '');

/** Columns in the order of CONTRACT.md. */
const SHAPE = {
  case_id: required(z.string().regex(/^[A-Za-z0-9_-]{4,64}$/), {
    label: 'Case id', required: 'yes', secret: true,
    description: 'Pseudonymous case identifier, unique within org_id. Never published.',
    hint: 'use 4–64 characters of A–Z, a–z, 0–9, _ or -',
  }),
  org_id: required(z.string().regex(/^[a-z0-9-]{2,32}$/), {
    label: 'Organisation', required: 'yes',
    description: 'The reporting organisation.',
    hint: 'use 2–32 characters of a–z, 0–9 or -',
  }),
  program: required(z.string().regex(/^[a-z0-9_-]{1,48}$/), {
    label: 'Program', required: 'yes',
    description: "The organisation's program code.",
    hint: 'use 1–48 characters of a–z, 0–9, _ or -',
  }),
  service_area: required(codeColumn(SERVICE_AREA), {
    label: 'Service area', required: 'yes', codes: SERVICE_AREA,
    description: 'The kind of help the case is about.', hint: hintCodes(SERVICE_AREA),
  }),
  intake_decision: required(codeColumn(INTAKE_DECISION), {
    label: 'Intake decision', required: 'yes', codes: INTAKE_DECISION,
    description: 'What happened to the request. Turned-away requests are cases too: capacity is a systemic barrier.',
    hint: hintCodes(INTAKE_DECISION),
  }),
  opened_on: required(dateOrMonth(), {
    label: 'Opened on', required: 'yes', dateOrMonth: true,
    description: 'Date the request was made. Month precision is allowed for de-identification; a month means its first day for ordering.',
    hint: 'use YYYY-MM-DD or YYYY-MM',
  }),
  closed_on: optional(dateOrMonth(), {
    label: 'Closed on', required: 'if closed', dateOrMonth: true,
    description: 'Date the case closed; empty while it is open. Not before opened_on, not in the future.',
    hint: 'use YYYY-MM-DD or YYYY-MM, or leave empty while the case is open',
  }),
  days_to_close: optional(z.number().int().min(0).max(3650), {
    label: 'Days to close', required: 'no',
    description: 'Days from opening to closing; use when dates are coarsened to months. Must agree with the dates when both are exact.',
    hint: 'use a whole number from 0 to 3650',
  }),
  outcome: optional(codeColumn(OUTCOME), {
    label: 'Outcome', required: 'if closed and accepted', codes: OUTCOME,
    description: 'Result of a closed, accepted case. Favourable = achieved or partially_achieved unless a report says otherwise.',
    hint: hintCodes(OUTCOME),
  }),
  service_level: optional(codeColumn(SERVICE_LEVEL), {
    label: 'Service level', required: 'no', codes: SERVICE_LEVEL,
    description: 'Level of service given (LSC closing categories).', hint: hintCodes(SERVICE_LEVEL),
  }),
  escalation: optional(codeColumn(ESCALATION), {
    label: 'Escalation', required: 'no', codes: ESCALATION,
    description: 'Highest level the case reached.', hint: hintCodes(ESCALATION),
  }),
  barriers: optional(codeListColumn(BARRIER), {
    label: 'Barriers', required: 'no', codes: BARRIER, multi: true,
    description: 'Barriers the client met in the systems the case dealt with.', hint: hintList(BARRIER),
  }),
  race_ethnicity: optional(codeListColumn(RACE_ETHNICITY, NOT_REPORTED), {
    label: 'Race and ethnicity', required: 'no', codes: RACE_ETHNICITY, multi: true, exclusive: NOT_REPORTED,
    description: 'Combined question, select all that apply (SPD 15). Analyses offer "alone", "alone or in combination" and "multiracial".',
    hint: hintList(RACE_ETHNICITY, NOT_REPORTED),
  }),
  gender: optional(codeListColumn(GENDER, NOT_REPORTED), {
    label: 'Gender', required: 'no', codes: GENDER, multi: true, exclusive: NOT_REPORTED,
    description: 'Gender (HMIS FY2024), select all that apply.', hint: hintList(GENDER, NOT_REPORTED),
  }),
  age_band: optional(codeColumn(AGE_BAND), {
    label: 'Age band', required: 'no', codes: AGE_BAND,
    description: 'Age band at intake; never an exact age or birth date.', hint: hintCodes(AGE_BAND),
  }),
  disability: optional(codeColumn(YES_NO), {
    label: 'Disability', required: 'no', codes: YES_NO,
    description: 'Whether the client has a disability.', hint: hintCodes(YES_NO),
  }),
  language: optional(codeColumn(LANGUAGE), {
    label: 'Preferred language', required: 'no', codes: LANGUAGE,
    description: 'Preferred language as an ISO 639-1 or 639-3 code.',
    hint: 'use a lower-case ISO 639-1 or 639-3 code (en, es, spa, vie, …) or not_reported',
  }),
  interpreter_needed: optional(codeColumn(YES_NO), {
    label: 'Interpreter needed', required: 'no', codes: YES_NO,
    description: 'Limited English proficiency: an interpreter was needed.', hint: hintCodes(YES_NO),
  }),
  income_band: optional(codeColumn(INCOME_BAND), {
    label: 'Income band', required: 'no', codes: INCOME_BAND,
    description: 'Household income as a percent of the federal poverty level.', hint: hintCodes(INCOME_BAND),
  }),
  county_fips: optional(z.string().regex(/^\d{5}$/), {
    label: 'County', required: 'no',
    description: 'County FIPS code: geography for maps; nothing finer.', hint: 'use the 5-digit county FIPS code, e.g. 53033',
  }),
  veteran: optional(codeColumn(YES_NO), {
    label: 'Veteran', required: 'no', codes: YES_NO,
    description: 'Veteran status.', hint: hintCodes(YES_NO),
  }),
  benefit_usd: optional(z.number().min(0).max(10_000_000), {
    label: 'Benefit (USD per year)', required: 'no',
    description: 'Monetary value obtained (benefits won, debt avoided), annualised.',
    hint: 'use a number from 0 to 10000000, with a dot for decimals and no thousands separator',
  }),
};

/** The case object: the typed form of one row. */
export const caseObject = z.object(SHAPE).strict();
export type CaseRecord = z.infer<typeof caseObject>;
export type ColumnName = keyof typeof SHAPE & string;

/** Columns in the order of CONTRACT.md, with their value schema and metadata. */
export const COLUMNS: readonly ColumnDef[] = Object.entries(caseObject.shape).map(([name, s]) => {
  const isOptional = s instanceof z.ZodOptional;
  const schema = (isOptional ? (s as z.ZodOptional).unwrap() : s) as z.ZodType;
  const meta = contractMeta.get(schema);
  if (!meta) throw new Error(`contract column ${name} has no metadata`);
  return { name, schema, optional: isOptional, meta };
});

export const COLUMN_NAMES = COLUMNS.map((c) => c.name) as ColumnName[];
export const REQUIRED_COLUMNS = COLUMNS.filter((c) => !c.optional).map((c) => c.name);

/** Everything the cross-column rules need beyond the row. */
export interface ContractContext {
  /** The day the export is checked, `YYYY-MM-DD`; closing dates after it are errors. */
  asOf: string;
}

/** The row schema: one case as typed values, with the cross-column rules. */
export function caseSchema(ctx: ContractContext) {
  return caseObject.superRefine((row, issues) => {
    for (const rule of CROSS_RULES) {
      if (rule.when.js(row as Record<string, unknown>, ctx))
        issues.addIssue({ code: 'custom', path: [rule.column], message: rule.message, params: { rule: rule.id } });
    }
  });
}

export { CROSS_RULES, type CrossRule };
