// Checks that an HMIS export hangs together before any case is built: the
// format year, one Export row, unique keys, and every enrollment's client and
// project present. Messages name the file and the line, never an id: PersonalIDs
// are identifiers, and the other ids are no use to the person fixing the export.
import type { DuckDBConnection } from '@duckdb/node-api';
import { sqlIdent } from '../../contract/checks.ts';
import { InputError } from '../../errors.ts';
import type { LoadedFolder } from './files.ts';

export interface ExportInfo {
  exportId: string;
  sourceId: string | null;
  sourceName: string | null;
  softwareName: string | null;
  csvVersion: string;
  exportStartDate: string | null;
  /** ExportEndDate as YYYY-MM-DD: the day the export's picture is taken. */
  exportEndDate: string;
  /** What case and organisation ids are namespaced by: SourceID, else SourceName. */
  namespace: string;
}

async function rows(c: DuckDBConnection, sql: string): Promise<Record<string, unknown>[]> {
  return (await c.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
}

const str = (v: unknown) => (v === null || v === undefined ? null : String(v));
const echo = (v: string) => (v.length > 40 ? `${v.slice(0, 40)}…` : v);

/** "line 7" or "line 7 (3 records in all, at lines 7, 9, 12)". */
function where(lines: number[], total: number, what: string): string {
  if (total <= 1) return `line ${lines[0]}`;
  return `line ${lines[0]} (${total} ${what} in all, at lines ${lines.join(', ')}${total > lines.length ? ', …' : ''})`;
}

async function offending(c: DuckDBConnection, sql: string): Promise<{ lines: number[]; total: number }> {
  const [r] = await rows(c, `SELECT count(*) AS n, list(__line ORDER BY __line)[1:5] AS lines FROM (${sql})`);
  return { total: Number(r.n), lines: ((r.lines as unknown[] | null) ?? []).map(Number) };
}

export async function checkExport(c: DuckDBConnection, loaded: LoadedFolder): Promise<ExportInfo> {
  const path = (name: string) => loaded.files[name].path!;
  const exports = await rows(c, `SELECT * FROM hmis_export ORDER BY __line`);
  if (exports.length !== 1) {
    throw new InputError(`${path('Export')}: the file has ${exports.length} data rows; an HMIS export describes itself in exactly one. Export the data again.`);
  }
  const e = exports[0];
  const line = Number(e.__line);
  const version = str(e.CSVVersion);
  if (!version || !/^2024(\D|$)/.test(version)) {
    throw new InputError(
      `${path('Export')} line ${line}: CSVVersion is ${version ? `'${echo(version)}'` : 'empty'}, but this importer reads the FY2024 HMIS CSV format (CSVVersion '2024 v1.x'). ` +
        'Export the data in the FY2024 format, or convert it first.',
    );
  }
  const end = str(e.ExportEndDate);
  const endDay = end && /^\d{4}-\d{2}-\d{2}/.test(end) ? end.slice(0, 10) : null;
  if (!endDay || Number.isNaN(Date.parse(`${endDay}T00:00:00Z`))) {
    throw new InputError(`${path('Export')} line ${line}: ExportEndDate ${end ? `'${echo(end)}'` : '(empty)'} is not a date written YYYY-MM-DD. The importer needs it to tell open from closed enrollments.`);
  }
  const namespace = str(e.SourceID) ?? str(e.SourceName);
  if (!namespace) {
    throw new InputError(`${path('Export')} line ${line}: SourceID and SourceName are both empty, so this export's ids cannot be kept apart from another export's. Fill in SourceID.`);
  }

  const unique = async (file: string, table: string, key: string) => {
    const dup = await offending(c, `SELECT __line FROM ${table} WHERE ${sqlIdent(key)} IN (SELECT ${sqlIdent(key)} FROM ${table} GROUP BY ALL HAVING count(*) > 1)`);
    if (dup.total) throw new InputError(`${path(file)} ${where(dup.lines, dup.total, 'records')}: ${key} is not unique; each ${key} must appear once. Export the file again.`);
    const empty = await offending(c, `SELECT __line FROM ${table} WHERE ${sqlIdent(key)} IS NULL`);
    if (empty.total) throw new InputError(`${path(file)} ${where(empty.lines, empty.total, 'records')}: ${key} is empty; every record needs one.`);
  };
  await unique('Organization', 'hmis_organization', 'OrganizationID');
  await unique('Project', 'hmis_project', 'ProjectID');
  await unique('Client', 'hmis_client', 'PersonalID');
  await unique('Enrollment', 'hmis_enrollment', 'EnrollmentID');

  const orphans = async (file: string, sql: string, message: string) => {
    const o = await offending(c, sql);
    if (o.total) throw new InputError(`${path(file)} ${where(o.lines, o.total, 'records')}: ${message}`);
  };
  await orphans('Project', `SELECT __line FROM hmis_project p WHERE p."OrganizationID" IS NULL OR p."OrganizationID" NOT IN (SELECT "OrganizationID" FROM hmis_organization)`,
    "the project's OrganizationID is not in Organization.csv. Every project must belong to an organisation of the same export.");
  await orphans('Enrollment', `SELECT __line FROM hmis_enrollment e WHERE e."PersonalID" IS NULL OR e."PersonalID" NOT IN (SELECT "PersonalID" FROM hmis_client)`,
    "the enrollment's PersonalID is not in Client.csv. Every enrollment must belong to a client of the same export: export Client.csv and Enrollment.csv together.");
  await orphans('Enrollment', `SELECT __line FROM hmis_enrollment e WHERE e."ProjectID" IS NULL OR e."ProjectID" NOT IN (SELECT "ProjectID" FROM hmis_project)`,
    "the enrollment's ProjectID is not in Project.csv. Every enrollment must belong to a project of the same export.");

  return {
    exportId: String(e.ExportID ?? ''),
    sourceId: str(e.SourceID),
    sourceName: str(e.SourceName),
    softwareName: str(e.SoftwareName),
    csvVersion: version,
    exportStartDate: str(e.ExportStartDate)?.slice(0, 10) ?? null,
    exportEndDate: endDay,
    namespace,
  };
}
