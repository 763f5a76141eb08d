// HMIS CSV (FY2024) → format 1: reads a whole export folder with DuckDB and
// writes one Parquet file of cases (one row per enrollment, every contract
// column as text) and one of returns to homelessness, keyed by the same
// pseudonymous case id. Direct identifiers are read only inside SQL and never
// written. What each column means and why is in README.md next to this file.
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { sqlString } from '../../contract/checks.ts';
import { OUTCOME } from '../../contract/index.ts';
import { InputError } from '../../errors.ts';
import { buildCases, format1SelectSql, type Membership } from './cases.ts';
import { loadFolder } from './files.ts';
import { buildReturns, observedThrough, returnsSelectSql } from './returns.ts';
import { checkExport } from './validate.ts';

export type { Membership } from './cases.ts';

export interface HmisImportOptions {
  /** 'heads' (default): heads of household only (RelationshipToHoH = 1); 'all': every household member. */
  membership?: Membership;
  /** One org_id for every case, instead of one per HMIS organisation. */
  orgId?: string;
  /** Where returns.parquet goes; default: next to the cases file. */
  returnsFile?: string;
  /** The load's as-of day (YYYY-MM-DD): returns are looked for up to it when it is before the export's end. */
  asOf?: string;
}

export interface HmisImportSummary {
  folder: string;
  casesFile: string;
  returnsFile: string;
  membership: Membership;
  export: { exportId: string; sourceId: string | null; sourceName: string | null; softwareName: string | null; csvVersion: string; startDate: string | null; endDate: string };
  /** Data rows read per file (deleted records excluded). */
  rows: Record<string, number>;
  /** Records marked deleted (DateDeleted) and left out, per file. */
  deleted: Record<string, number>;
  cases: number;
  open: number;
  closed: number;
  outcomes: Record<string, number>;
  /** Cases whose exit falls after ExportEndDate and which are therefore open. */
  exitsAfterExportEnd: number;
  /** Closed cases whose Destination is not in list 3.12.1 (no outcome: the contract check quarantines them). */
  unknownDestinations: number;
  /** Enrollments with more than one Exit row (the latest is used). */
  severalExits: number;
  /** Exit rows whose enrollment is not in Enrollment.csv (ignored). */
  orphanExits: number;
  /** Households with no head of household (no case with membership 'heads') and with several heads (a case each). */
  householdsWithoutHead: number;
  householdsWithSeveralHeads: number;
  /** Cases whose date of birth could not be read, or gives an age below 0 or over 120 at entry (age_band left empty). */
  unusableBirthDates: number;
  /** Cases with nothing recorded, per optional column the importer fills. */
  notRecorded: Record<string, number>;
  returns: { exitsToPermanent: number; spm2Exits: number; returned6m: number; returned12m: number; returned24m: number; unobserved24m: number };
  /** The last day on which a return could be seen: ExportEndDate, or the as-of day if earlier. */
  returnsObservedThrough: string;
  warnings: string[];
  seconds: number;
}

const ORG_ID = /^[a-z0-9-]{2,32}$/;
const FILLED = ['race_ethnicity', 'gender', 'age_band', 'disability', 'language', 'interpreter_needed', 'county_fips', 'veteran'] as const;

async function one(c: DuckDBConnection, sql: string): Promise<Record<string, unknown>> {
  return ((await c.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[])[0] ?? {};
}
const num = (v: unknown) => Number(v ?? 0);

/** Writes a query to Parquet through a temporary file renamed into place, so a crash leaves no half file. */
async function writeParquet(c: DuckDBConnection, select: string, file: string): Promise<void> {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  try {
    await c.run(`COPY (${select}) TO ${sqlString(tmp)} (FORMAT parquet)`);
    renameSync(tmp, file);
  } finally {
    if (existsSync(tmp)) rmSync(tmp, { force: true });
  }
}

/**
 * Converts the HMIS CSV export in `folder` to a format-1 Parquet file `outFile`
 * and a returns-to-homelessness Parquet file (`returns.parquet` beside it unless
 * `options.returnsFile` says otherwise). Throws InputError, naming the file and
 * line, when the export cannot be converted.
 */
export async function hmisToFormat1(folder: string, outFile: string, options: HmisImportOptions = {}): Promise<HmisImportSummary> {
  const started = Date.now();
  const membership = options.membership ?? 'heads';
  if (membership !== 'heads' && membership !== 'all') throw new InputError(`membership '${String(membership)}' is not one of heads, all.`);
  if (options.orgId !== undefined && !ORG_ID.test(options.orgId)) {
    throw new InputError(`orgId '${options.orgId.slice(0, 40)}' is not a valid org_id: use 2–32 characters of a–z, 0–9 or -.`);
  }
  if (options.asOf !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(options.asOf)) throw new InputError(`as-of day '${options.asOf.slice(0, 20)}' is not YYYY-MM-DD.`);
  const casesFile = resolve(outFile);
  const returnsFile = resolve(options.returnsFile ?? join(dirname(casesFile), 'returns.parquet'));
  if (casesFile === returnsFile) throw new InputError(`${outFile}: the cases file and the returns file must differ; name the cases file something other than returns.parquet.`);

  // An in-memory database of its own: nothing of the export outlives the call.
  const instance = await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false', autoload_known_extensions: 'true' });
  const c = await instance.connect();
  try {
    const loaded = await loadFolder(c, folder);
    const info = await checkExport(c, loaded);
    await buildCases(c, info, { membership, orgId: options.orgId });
    const through = observedThrough(info, options.asOf);
    await buildReturns(c, through);

    const counts = await one(c, `
      SELECT count(*) AS cases, count(closed_on) AS closed,
             count(*) FILTER (WHERE __exit_after_end) AS after_end,
             count(*) FILTER (WHERE __unknown_destination) AS unknown_destination,
             count(*) FILTER (WHERE __several_exits) AS several_exits,
             count(*) FILTER (WHERE __dob_unreadable OR __age_out_of_range) AS unusable_dob,
             ${FILLED.map((col) => `count(*) FILTER (WHERE ${col} IS NULL) AS nr_${col}`).join(', ')},
             ${Object.keys(OUTCOME).map((o) => `count(*) FILTER (WHERE outcome = '${o}') AS o_${o}`).join(', ')}
      FROM hmis_cases`);
    const households = await one(c, `
      SELECT count(*) FILTER (WHERE heads = 0) AS without, count(*) FILTER (WHERE heads > 1) AS several
      FROM (SELECT "HouseholdID", count(*) FILTER (WHERE TRY_CAST("RelationshipToHoH" AS INTEGER) = 1) AS heads FROM hmis_enrollment GROUP BY ALL)`);
    const orphanExits = num((await one(c, `SELECT count(*) AS n FROM hmis_exit WHERE "EnrollmentID" IS NULL OR "EnrollmentID" NOT IN (SELECT "EnrollmentID" FROM hmis_enrollment)`)).n);
    const returns = await one(c, `
      SELECT count(*) FILTER (WHERE exit_to_permanent) AS exits, count(*) FILTER (WHERE spm2_exit) AS spm2,
             count(*) FILTER (WHERE returned_6m) AS r6, count(*) FILTER (WHERE returned_12m) AS r12, count(*) FILTER (WHERE returned_24m) AS r24,
             count(*) FILTER (WHERE exit_to_permanent AND returned_24m IS NULL) AS unobserved
      FROM hmis_returns`);

    const cases = num(counts.cases);
    if (cases === 0) {
      throw new InputError(`${folder}: the export has no ${membership === 'heads' ? 'enrollment of a head of household (RelationshipToHoH = 1)' : 'enrollment'}, so there is no case to load.`);
    }
    const warnings = [...loaded.warnings];
    // Counted phrasing ("…: 3.") reads right for one and for many.
    const say = (n: number, text: string) => { if (n > 0) warnings.push(`${text}: ${n.toLocaleString('en-US')}.`); };
    say(num(counts.after_end), `Cases whose exit falls after the export's end date (${info.exportEndDate}), loaded as still open on that day`);
    say(num(counts.unknown_destination), 'Closed cases whose Destination is not in HUD list 3.12.1 (no outcome, so ingest quarantines them; correct the Destination in Exit.csv)');
    say(num(counts.several_exits), 'Enrollments with more than one Exit row (the latest exit is used)');
    say(orphanExits, 'Exit rows whose enrollment is not in Enrollment.csv (ignored)');
    say(num(households.without), `Households with no head of household${membership === 'heads' ? ' (none of their members is a case)' : ''}`);
    say(num(households.several), 'Households with more than one head of household (each head is a case of its own)');
    say(num(counts.unusable_dob), 'Cases whose date of birth cannot be read or gives an age below 0 or over 120 at entry (age band left empty)');
    for (const [name, f] of Object.entries(loaded.files)) say(f.deleted, `${name}.csv records marked deleted (DateDeleted), left out`);

    await writeParquet(c, format1SelectSql(), casesFile);
    await writeParquet(c, returnsSelectSql(), returnsFile);

    return {
      folder, casesFile, returnsFile, membership,
      export: { exportId: info.exportId, sourceId: info.sourceId, sourceName: info.sourceName, softwareName: info.softwareName, csvVersion: info.csvVersion, startDate: info.exportStartDate, endDate: info.exportEndDate },
      rows: Object.fromEntries(Object.entries(loaded.files).map(([k, f]) => [k, f.rows])),
      deleted: Object.fromEntries(Object.entries(loaded.files).map(([k, f]) => [k, f.deleted])),
      cases, closed: num(counts.closed), open: cases - num(counts.closed),
      outcomes: Object.fromEntries(Object.keys(OUTCOME).map((o) => [o, num(counts[`o_${o}`])])),
      exitsAfterExportEnd: num(counts.after_end),
      unknownDestinations: num(counts.unknown_destination),
      severalExits: num(counts.several_exits),
      orphanExits,
      householdsWithoutHead: num(households.without),
      householdsWithSeveralHeads: num(households.several),
      unusableBirthDates: num(counts.unusable_dob),
      notRecorded: Object.fromEntries(FILLED.map((col) => [col, num(counts[`nr_${col}`])])),
      returnsObservedThrough: through,
      returns: { exitsToPermanent: num(returns.exits), spm2Exits: num(returns.spm2), returned6m: num(returns.r6), returned12m: num(returns.r12), returned24m: num(returns.r24), unobserved24m: num(returns.unobserved) },
      warnings,
      seconds: (Date.now() - started) / 1000,
    };
  } finally {
    c.closeSync();
    instance.closeSync();
  }
}
