// The SQL that turns the loaded HMIS tables into format-1 cases, one row per
// enrollment: `hmis_stays` (every enrollment with its project and its exit, as
// of the export's end) and `hmis_cases` (the contract's columns, all text, plus
// a few __ flags the summary counts). Every choice is explained in README.md.
import type { DuckDBConnection } from '@duckdb/node-api';
import { AGE_BAND, COLUMN_NAMES } from '../../contract/index.ts';
import { sqlIdent, sqlString } from '../../contract/checks.ts';
import { DESTINATIONS, GENDER_COLUMNS, NO_YES_REASONS, PROJECT_TYPES, RACE_COLUMNS, RACE_GENDER_NONE, DOB_NOT_GIVEN, STATE_FIPS } from './codes.ts';
import { contractLanguageCode, LANGUAGE_NOT_GIVEN, PREFERRED_LANGUAGES } from './languages.ts';
import type { ExportInfo } from './validate.ts';

export type Membership = 'heads' | 'all';

const lit = (v: string | number | null) => (v === null ? 'NULL' : typeof v === 'number' ? String(v) : sqlString(v));

/** A small lookup table from constants in code (never from the input). */
async function lookup(c: DuckDBConnection, table: string, columns: string[], rows: (string | number | null)[][]): Promise<void> {
  await c.run(
    `CREATE OR REPLACE TEMP TABLE ${table} AS SELECT * FROM (VALUES ${rows.map((r) => `(${r.map(lit).join(', ')})`).join(', ')}) v(${columns.join(', ')})`,
  );
}

/** Lower-case a-z0-9 runs joined by '-': an id as it may appear in org_id or program. */
const slug = (v: string) => `trim(regexp_replace(lower(${v}), '[^a-z0-9]+', '-', 'g'), '-')`;
/** Codes such as '1', '01' and '1.0' all name code 1. */
const code = (v: string) => `TRY_CAST(TRY_CAST(${v} AS DOUBLE) AS INTEGER)`;

function noYesSql(v: string): string {
  const whens = Object.entries(NO_YES_REASONS).filter(([, x]) => x.value).map(([k, x]) => `WHEN ${k} THEN ${sqlString(x.value!)}`);
  return `CASE ${code(v)} ${whens.join(' ')} END`;
}

function multiSql(columns: readonly (readonly [string, string])[], none: string): string {
  const items = columns.map(([col, value]) => `CASE WHEN ${code(`c.${sqlIdent(col)}`)} = 1 THEN ${sqlString(value)} END`);
  const noneCodes = Object.keys(RACE_GENDER_NONE).join(', ');
  return `coalesce(NULLIF(array_to_string(list_filter([${items.join(', ')}], x -> x IS NOT NULL), ';'), ''), ` +
    `CASE WHEN ${code(`c.${sqlIdent(none)}`)} IN (${noneCodes}) THEN 'not_reported' END)`;
}

function ageBandSql(age: string): string {
  const bands = Object.keys(AGE_BAND).filter((b) => b !== 'not_reported').map((band) => {
    if (band.endsWith('+')) return `WHEN ${age} >= ${parseInt(band)} THEN '${band}'`;
    const [lo, hi] = band.split('-').map(Number);
    return `WHEN ${age} BETWEEN ${lo} AND ${hi} THEN '${band}'`;
  });
  return `CASE ${bands.join(' ')} END`;
}

export interface CaseOptions { membership: Membership; orgId?: string }

/**
 * Builds `hmis_stays` and `hmis_cases`. Expects the tables of files.ts,
 * checked by validate.ts.
 */
export async function buildCases(c: DuckDBConnection, info: ExportInfo, options: CaseOptions): Promise<void> {
  const end = `DATE ${sqlString(info.exportEndDate)}`;
  const ns = sqlString(info.namespace);

  await lookup(c, 'hmis_destination', ['code', 'dest_group', 'outcome'],
    Object.entries(DESTINATIONS).map(([k, d]) => [Number(k), d.group, d.outcome]));
  await lookup(c, 'hmis_project_type', ['code', 'slug', 'spm2'],
    Object.entries(PROJECT_TYPES).map(([k, t]) => [Number(k), t.slug, t.spm2]));
  await lookup(c, 'hmis_language', ['code', 'language'], [
    ...Object.entries(PREFERRED_LANGUAGES).filter(([, l]) => l.iso6393).map(([k, l]) => [Number(k), contractLanguageCode(l.iso6393!)]),
    ...Object.keys(LANGUAGE_NOT_GIVEN).map((k) => [Number(k), 'not_reported']),
  ]);

  // One exit per enrollment (the latest, should an export hold two), and exits
  // after the export's end read as still open: the export's picture is taken on
  // ExportEndDate, as HUD's reports treat such clients as stayers.
  await c.run(`
    CREATE OR REPLACE TEMP TABLE hmis_stays AS
    WITH exits AS (
      SELECT *, TRY_CAST(left("ExitDate", 10) AS DATE) AS exit_day,
             row_number() OVER (PARTITION BY "EnrollmentID" ORDER BY TRY_CAST(left("ExitDate", 10) AS DATE) DESC NULLS LAST, __line DESC) AS nth,
             count(*) OVER (PARTITION BY "EnrollmentID") AS exits
      FROM hmis_exit
    )
    SELECT e.*, e.__line AS enrollment_line,
           TRY_CAST(left(e."EntryDate", 10) AS DATE) AS entry_day,
           p."OrganizationID", ${code('p."ProjectType"')} AS project_type, t.slug AS type_slug, t.spm2,
           x."EnrollmentID" IS NOT NULL AS has_exit,
           coalesce(x.exits, 0) AS exit_rows,
           x."ExitDate" AS exit_raw,
           coalesce(x.exit_day > ${end}, false) AS exit_after_end,
           x."EnrollmentID" IS NOT NULL AND NOT coalesce(x.exit_day > ${end}, false) AS closed,
           CASE WHEN NOT coalesce(x.exit_day > ${end}, false) THEN x.exit_day END AS exit_day,
           ${code('x."Destination"')} AS destination,
           d.dest_group, d.outcome AS dest_outcome
    FROM hmis_enrollment e
    JOIN hmis_project p USING ("ProjectID")
    LEFT JOIN hmis_project_type t ON t.code = ${code('p."ProjectType"')}
    LEFT JOIN exits x ON x."EnrollmentID" = e."EnrollmentID" AND x.nth = 1
    LEFT JOIN hmis_destination d ON d.code = ${code('x."Destination"')}`);

  // org_id: the given one, else the source's and the organisation's ids as a slug;
  // a hash when a slug would be too long or two organisations would share one.
  const orgSlug = `${slug(ns)} || '-org' || ${slug('o."OrganizationID"')}`;
  const orgHash = `'hmis-' || left(sha256(${ns} || chr(31) || o."OrganizationID"), 16)`;
  await c.run(`
    CREATE OR REPLACE TEMP TABLE hmis_org AS
    WITH s AS (SELECT o."OrganizationID", ${orgSlug} AS slug, ${orgHash} AS hashed FROM hmis_organization o),
    clash AS (SELECT count(DISTINCT slug) < count(*) OR bool_or(NOT regexp_full_match(slug, '[a-z0-9][a-z0-9-]{1,31}')) AS clashes FROM s)
    SELECT "OrganizationID", ${options.orgId ? sqlString(options.orgId) : `CASE WHEN (SELECT clashes FROM clash) THEN hashed ELSE slug END`} AS org_id FROM s`);

  // county_fips: a HUD geocode written SS9CCC is county CCC of state SS; any
  // other geocode (a city's) has no one county. Taken from the project's
  // ProjectCoC row for the enrollment's CoC, else its only rows; ambiguous → empty.
  const states = STATE_FIPS.map(sqlString).join(', ');
  await c.run(`
    CREATE OR REPLACE TEMP TABLE hmis_county AS
    WITH g AS (
      SELECT "ProjectID", "CoCCode",
             CASE WHEN regexp_full_match("Geocode", '[0-9]{2}9[0-9]{3}') AND left("Geocode", 2) IN (${states}) AND right("Geocode", 3) <> '000'
                  THEN left("Geocode", 2) || right("Geocode", 3) END AS county
      FROM hmis_project_coc
    )
    SELECT "ProjectID", "CoCCode", GROUPING("CoCCode") = 1 AS whole_project,
           CASE WHEN count(*) = count(county) AND count(DISTINCT county) = 1 THEN any_value(county) END AS county
    FROM g GROUP BY GROUPING SETS (("ProjectID", "CoCCode"), ("ProjectID"))`);

  const age = `(year(s.entry_day) - year(birth_day) - CASE WHEN strftime(s.entry_day, '%m%d') < strftime(birth_day, '%m%d') THEN 1 ELSE 0 END)`;
  const program = `coalesce(s.type_slug, 'type' || coalesce(CAST(s.project_type AS VARCHAR), 'unknown')) || '_' || ${slug('s."ProjectID"')}`;
  const projected: Record<string, string> = {
    case_id: `'hmis-' || left(sha256(${ns} || chr(31) || s."EnrollmentID"), 20)`,
    org_id: 'o.org_id',
    program: `CASE WHEN length(${program}) <= 48 THEN ${program} ELSE 'p' || left(sha256(s."ProjectID"), 16) END`,
    service_area: `'housing'`,
    intake_decision: `'accepted'`,
    opened_on: `coalesce(strftime(s.entry_day, '%Y-%m-%d'), s."EntryDate")`,
    closed_on: `CASE WHEN s.closed THEN coalesce(strftime(s.exit_day, '%Y-%m-%d'), s.exit_raw) END`,
    outcome: `CASE WHEN s.closed THEN s.dest_outcome END`,
    race_ethnicity: multiSql(RACE_COLUMNS, 'RaceNone'),
    gender: multiSql(GENDER_COLUMNS, 'GenderNone'),
    age_band: `CASE WHEN birth_day IS NULL THEN CASE WHEN c."DOB" IS NULL AND ${code('c."DOBDataQuality"')} IN (${DOB_NOT_GIVEN.join(', ')}) THEN 'not_reported' END
                    WHEN s.entry_day IS NULL OR ${age} < 0 OR ${age} > 120 THEN NULL ELSE ${ageBandSql(age)} END`,
    disability: noYesSql('s."DisablingCondition"'),
    language: 'l.language',
    interpreter_needed: noYesSql('s."TranslationNeeded"'),
    county_fips: `CASE WHEN kc."ProjectID" IS NOT NULL THEN kc.county ELSE kp.county END`,
    veteran: noYesSql('c."VeteranStatus"'),
  };
  const columns = COLUMN_NAMES.map((n) => `CAST(${projected[n] ?? 'NULL'} AS VARCHAR) AS ${sqlIdent(n)}`);
  const heads = options.membership === 'heads' ? `WHERE ${code('s."RelationshipToHoH"')} = 1` : '';
  await c.run(`
    CREATE OR REPLACE TEMP TABLE hmis_cases AS
    SELECT ${columns.join(',\n           ')},
           s."EnrollmentID" AS __enrollment_id, s."PersonalID" AS __personal_id, s.exit_after_end AS __exit_after_end,
           s.closed AND s.dest_outcome IS NULL AS __unknown_destination, s.exit_rows > 1 AS __several_exits,
           birth_day IS NULL AND c."DOB" IS NOT NULL AS __dob_unreadable,
           birth_day IS NOT NULL AND (s.entry_day IS NULL OR ${age} < 0 OR ${age} > 120) AS __age_out_of_range
    FROM (SELECT *, TRY_CAST(left("DOB", 10) AS DATE) AS birth_day FROM hmis_client) c
    JOIN hmis_stays s USING ("PersonalID")
    JOIN hmis_org o USING ("OrganizationID")
    LEFT JOIN hmis_language l ON l.code = ${code('s."PreferredLanguage"')}
    LEFT JOIN hmis_county kc ON kc."ProjectID" = s."ProjectID" AND NOT kc.whole_project AND kc."CoCCode" = s."EnrollmentCoC"
    LEFT JOIN hmis_county kp ON kp."ProjectID" = s."ProjectID" AND kp.whole_project
    ${heads}`);
}

/** SELECT of the format-1 columns only, in contract order, ordered by case id (same data, same bytes). */
export function format1SelectSql(): string {
  return `SELECT ${COLUMN_NAMES.map(sqlIdent).join(', ')} FROM hmis_cases ORDER BY case_id`;
}
