// A case as one export row: its state on the export's cut-off day, in the
// organisation's date precision, as values in contract column order.
import { COLUMN_NAMES } from '../contract/schema.ts';
import { formatDay, formatMonth } from './calendar.ts';
import type { SampleCase } from './case.ts';
import type { Dialect } from './orgs.ts';

/** One value per contract column, in COLUMN_NAMES order; undefined = not recorded. */
export type RowValues = (string | number | undefined)[];

/** Column positions, checked against the contract once at load so a reordered schema fails loudly. */
const EXPECTED = [
  'case_id', 'org_id', 'program', 'service_area', 'intake_decision', 'opened_on', 'closed_on', 'days_to_close',
  'outcome', 'service_level', 'escalation', 'barriers', 'race_ethnicity', 'gender', 'age_band', 'disability',
  'language', 'interpreter_needed', 'income_band', 'county_fips', 'veteran', 'benefit_usd',
] as const;
if (COLUMN_NAMES.length !== EXPECTED.length || EXPECTED.some((c, i) => COLUMN_NAMES[i] !== c))
  throw new Error(`the sample generator's column list no longer matches the contract: ${COLUMN_NAMES.join(', ')}`);
export const COLUMNS_IN_ORDER: readonly string[] = EXPECTED;

/** Columns whose values are numbers (JSON numbers in JSON Lines). */
export const NUMERIC_COLUMNS: ReadonlySet<string> = new Set(['days_to_close', 'benefit_usd']);

/** True when the case is still open on the cut-off day. */
export function isOpenOn(c: SampleCase, cutoffDay: number): boolean {
  return c.closedDay === undefined || c.closedDay > cutoffDay;
}

export function rowAt(c: SampleCase, cutoffDay: number, dialect: Dialect): RowValues {
  const open = isOpenOn(c, cutoffDay);
  const fmt = dialect.datePrecision === 'month' ? formatMonth : formatDay;
  const closed = !open;
  return [
    c.caseId,
    c.orgId,
    c.program,
    c.serviceArea,
    c.intake,
    fmt(c.openedDay),
    closed ? fmt(c.closedDay!) : undefined,
    closed && dialect.daysToClose ? c.closedDay! - c.openedDay : undefined,
    closed ? c.outcome : undefined,
    closed ? c.serviceLevel : undefined,
    closed ? c.escalation : undefined,
    c.barriers === '' ? undefined : c.barriers,
    c.race,
    c.gender,
    c.ageBand,
    c.disability,
    c.language,
    c.interpreter,
    c.incomeBand,
    c.countyFips,
    c.veteran,
    closed ? c.benefitUsd : undefined,
  ];
}
