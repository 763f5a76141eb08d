// Reading an HMIS CSV export folder into DuckDB tables: which files must be
// there, which columns each must have, and the physical line of every record
// (for errors a person can find). Only the columns the importer needs are
// materialised: names and SSNs are never copied out of the files.
import type { DuckDBConnection } from '@duckdb/node-api';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { sqlIdent, sqlString } from '../../contract/checks.ts';
import { InputError, safeMessage } from '../../errors.ts';
import { readCsvHeader } from '../../ingest/source.ts';
import { GENDER_COLUMNS, RACE_COLUMNS } from './codes.ts';

/** The 24 files of the FY2024 HMIS CSV format. */
export const HMIS_FILES = [
  'Affiliation', 'Assessment', 'AssessmentQuestions', 'AssessmentResults', 'CEParticipation', 'Client',
  'CurrentLivingSituation', 'Disabilities', 'EmploymentEducation', 'Enrollment', 'Event', 'Exit', 'Export',
  'Funder', 'HealthAndDV', 'HMISParticipation', 'IncomeBenefits', 'Inventory', 'Organization', 'Project',
  'ProjectCoC', 'Services', 'User', 'YouthEducationStatus',
] as const;

export interface FileSpec {
  /** File name without `.csv`. */
  name: (typeof HMIS_FILES)[number];
  /** The DuckDB table it is read into. */
  table: string;
  required: boolean;
  /** Columns the importer reads; any other column stays in the file. */
  columns: readonly string[];
}

/** The files the importer reads. The six required ones are what a case needs. */
export const READ_FILES: readonly FileSpec[] = [
  { name: 'Export', table: 'hmis_export', required: true, columns: ['ExportID', 'SourceID', 'SourceName', 'ExportStartDate', 'ExportEndDate', 'SoftwareName', 'CSVVersion'] },
  { name: 'Organization', table: 'hmis_organization', required: true, columns: ['OrganizationID', 'DateDeleted'] },
  { name: 'Project', table: 'hmis_project', required: true, columns: ['ProjectID', 'OrganizationID', 'ProjectType', 'DateDeleted'] },
  {
    name: 'Client', table: 'hmis_client', required: true,
    columns: [
      'PersonalID', 'DOB', 'DOBDataQuality', ...RACE_COLUMNS.map(([c]) => c), 'RaceNone',
      ...GENDER_COLUMNS.map(([c]) => c), 'GenderNone', 'VeteranStatus', 'DateDeleted',
    ],
  },
  {
    name: 'Enrollment', table: 'hmis_enrollment', required: true,
    columns: ['EnrollmentID', 'PersonalID', 'ProjectID', 'EntryDate', 'HouseholdID', 'RelationshipToHoH', 'EnrollmentCoC', 'DisablingCondition', 'TranslationNeeded', 'PreferredLanguage', 'DateDeleted'],
  },
  { name: 'Exit', table: 'hmis_exit', required: true, columns: ['ExitID', 'EnrollmentID', 'ExitDate', 'Destination', 'DateDeleted'] },
  { name: 'ProjectCoC', table: 'hmis_project_coc', required: false, columns: ['ProjectID', 'CoCCode', 'Geocode', 'DateDeleted'] },
];

/**
 * Both sample sets quote differently (every string, or only some fields): the
 * dialect is stated, never sniffed, and every column is read as VARCHAR. A
 * sniffer misreads a file with one ragged row; this reports the row instead.
 */
const CSV_DIALECT = `header = true, auto_detect = false, all_varchar = true, delim = ',', quote = '"', escape = '"', strict_mode = true, null_padding = false`;

const REJECTS: Record<string, string> = {
  'TOO MANY COLUMNS': 'the record has more fields than the header (quote fields that contain a comma)',
  'MISSING COLUMNS': 'the record has fewer fields than the header',
  'UNQUOTED VALUE': 'a field has a stray quote character',
  'INVALID ENCODING': 'the record is not valid UTF-8',
  'INVALID UNICODE': 'the record is not valid UTF-8',
  'LINE SIZE OVER MAXIMUM': 'the record is longer than the reader allows',
};

export interface LoadedFile {
  spec: FileSpec;
  /** Path of the file read, or undefined when an optional file is absent or empty. */
  path?: string;
  rows: number;
  /** Records marked deleted (DateDeleted) and left out. */
  deleted: number;
}

export interface LoadedFolder {
  files: Record<string, LoadedFile>;
  warnings: string[];
}

async function rows(c: DuckDBConnection, sql: string): Promise<Record<string, unknown>[]> {
  return (await c.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
}

/** Finds `<name>.csv` in the folder, ignoring the case of the name. */
function locate(folder: string, entries: string[], name: string): string | undefined {
  const hit = entries.find((e) => e.toLowerCase() === `${name.toLowerCase()}.csv`);
  return hit ? join(folder, hit) : undefined;
}

function listFolder(folder: string): string[] {
  let st;
  try { st = statSync(folder); } catch { throw new InputError(`${folder}: no such folder. Give the folder of an HMIS CSV export.`); }
  if (!st.isDirectory()) throw new InputError(`${folder}: not a folder. Give the folder of an HMIS CSV export (unzip it first).`);
  return readdirSync(folder);
}

/**
 * Reads the export's files into tables (`hmis_export`, `hmis_client`, …): each
 * column the importer needs as trimmed text (NULL when empty), plus `__line`, the
 * physical line of the record in its file. Deleted records are left out.
 */
export async function loadFolder(c: DuckDBConnection, folder: string): Promise<LoadedFolder> {
  const entries = listFolder(folder);
  const warnings: string[] = [];
  const files: Record<string, LoadedFile> = {};

  const missing = READ_FILES.filter((f) => f.required && !locate(folder, entries, f.name)).map((f) => `${f.name}.csv`);
  if (missing.length) {
    throw new InputError(
      `${folder}: ${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} missing. An HMIS CSV export has Export, Organization, Project, Client, Enrollment and Exit ` +
        '(and 18 more files); export the whole FY2024 HMIS CSV set into one folder and try again.',
    );
  }
  // A 0-byte file has no header: fatal for a file cases need, "no rows" for any other.
  for (const name of HMIS_FILES) {
    const path = locate(folder, entries, name);
    if (!path || statSync(path).size > 0) continue;
    const spec = READ_FILES.find((f) => f.name === name);
    if (spec?.required) {
      throw new InputError(`${path}: the file is empty (0 bytes), but a header row is expected. Export ${name}.csv again; it must have at least its header.`);
    }
    warnings.push(`${name}.csv is empty (0 bytes, not even a header); it is optional, so it is read as a file with no rows.`);
  }

  for (const spec of READ_FILES) {
    const path = locate(folder, entries, spec.name);
    if (!path || statSync(path).size === 0) {
      if (!path) warnings.push(`${spec.name}.csv is missing; it is optional, so it is read as a file with no rows.`);
      await c.run(`CREATE OR REPLACE TABLE ${spec.table} AS SELECT ${spec.columns.map((col) => `NULL::VARCHAR AS ${sqlIdent(col)}`).join(', ')}, NULL::BIGINT AS __line LIMIT 0`);
      files[spec.name] = { spec, rows: 0, deleted: 0 };
      continue;
    }
    files[spec.name] = await loadFile(c, spec, path);
  }
  return { files, warnings };
}

async function loadFile(c: DuckDBConnection, spec: FileSpec, path: string): Promise<LoadedFile> {
  const header = readCsvHeader(path, ',').fields;
  const idents = header.map((_, i) => `c${i}`);
  // DuckDB matches identifiers ignoring case; so does this (FY2024 files disagree on "WorkplaceViolenceThreats").
  const identOf = new Map<string, string>();
  header.forEach((h, i) => { if (!identOf.has(h.toLowerCase())) identOf.set(h.toLowerCase(), idents[i]); });
  const absent = spec.columns.filter((col) => !identOf.has(col.toLowerCase()));
  if (absent.length) {
    throw new InputError(
      `${path} line 1: the header has no ${absent.join(', ')} column${absent.length > 1 ? 's' : ''}, which the FY2024 HMIS CSV format requires in ${spec.name}.csv. ` +
        'Export the file in the FY2024 format (Export.csv CSVVersion 2024).',
    );
  }
  const read = `read_csv(${sqlString(path)}, columns = {${idents.map((i) => `'${i}': 'VARCHAR'`).join(', ')}}, ${CSV_DIALECT}, ` +
    `store_rejects = true, rejects_table = 'hmis_rejects', rejects_scan = 'hmis_reject_scans')`;
  // A line break inside a quoted field moves every later record down a line:
  // count them over every column (names included, read and never kept) so lines
  // in messages match an editor's.
  const all = `concat_ws('', ${idents.map((i) => `r.${i}`).join(', ')})`;
  const select = spec.columns.map((col) => `NULLIF(trim(r.${identOf.get(col.toLowerCase())}), '') AS ${sqlIdent(col)}`).join(', ');
  await c.run('DROP TABLE IF EXISTS hmis_rejects; DROP TABLE IF EXISTS hmis_reject_scans');
  try {
    await c.run(`CREATE OR REPLACE TEMP TABLE hmis_raw AS SELECT ${select}, length(${all}) - length(replace(${all}, chr(10), '')) AS __breaks FROM ${read} r`);
  } catch (error) {
    throw new InputError(`${path}: cannot be read (${safeMessage(error)}). Check the file for broken quoting or rows with the wrong number of fields.`);
  }
  const [bad] = await rows(c, `SELECT count(DISTINCT line) AS n, min(line) AS first, arg_min(error_type, line) AS kind FROM hmis_rejects`);
  if (Number(bad.n) > 0) {
    const n = Number(bad.n);
    throw new InputError(
      `${path} line ${bad.first}${n > 1 ? ` (and ${n - 1} more line${n > 2 ? 's' : ''})` : ''}: ${REJECTS[String(bad.kind)] ?? 'the record cannot be read'}. ` +
        'Every record of an HMIS CSV file must have the fields of its header; export the file again.',
    );
  }
  await c.run(
    `CREATE OR REPLACE TABLE ${spec.table} AS
     SELECT * EXCLUDE (__breaks, __rid), 2 + (__rid - min(__rid) OVER ()) + coalesce(sum(__breaks) OVER (ORDER BY __rid ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS __line
     FROM (SELECT rowid AS __rid, * FROM hmis_raw)`,
  );
  await c.run('DROP TABLE hmis_raw');
  const deletable = spec.columns.includes('DateDeleted');
  const [counts] = await rows(c, `SELECT count(*) AS n, ${deletable ? `count(*) FILTER (WHERE "DateDeleted" IS NOT NULL)` : '0'} AS deleted FROM ${spec.table}`);
  const deleted = Number(counts.deleted);
  if (deleted) await c.run(`DELETE FROM ${spec.table} WHERE "DateDeleted" IS NOT NULL`);
  return { spec, path, rows: Number(counts.n) - deleted, deleted };
}
