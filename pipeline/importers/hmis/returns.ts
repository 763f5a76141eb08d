// Returns to homelessness after an exit to permanent housing, in the manner of
// HUD System Performance Measure 2, for every case of the export: one row per
// case in `hmis_returns`. The rule, with its sources, is in README.md
// ("Returns to homelessness").
import type { DuckDBConnection } from '@duckdb/node-api';
import { sqlString } from '../../contract/checks.ts';
import { PERMANENT_DESTINATIONS } from './codes.ts';
import type { ExportInfo } from './validate.ts';

/** Follow-up windows in days: within 6, 12 and 24 months (HUD's 180, 365 and 730). */
export const RETURN_WINDOWS = { returned_6m: 180, returned_12m: 365, returned_24m: 730 } as const;
/** A permanent-housing entry this soon after an exit is a move, not a return. */
export const PH_TRANSFER_DAYS = 14;

export const RETURNS_COLUMNS = ['case_id', 'exit_to_permanent', 'returned_6m', 'returned_12m', 'returned_24m', 'days_to_return', 'spm2_exit'] as const;

/**
 * The last day on which a return can be seen: the export's end, or the as-of day
 * when that is earlier (a load judged as of a past day must not see past it).
 */
export function observedThrough(info: ExportInfo, asOf?: string): string {
  return asOf !== undefined && asOf < info.exportEndDate ? asOf : info.exportEndDate;
}

/** Builds `hmis_returns` from `hmis_stays` and `hmis_cases` (cases.ts), looking for returns up to `through` (YYYY-MM-DD). */
export async function buildReturns(c: DuckDBConnection, through: string): Promise<void> {
  const end = `DATE ${sqlString(through)}`;
  const longest = RETURN_WINDOWS.returned_24m;
  await c.run(`
    CREATE OR REPLACE TEMP TABLE hmis_returns AS
    WITH exits AS (
      SELECT k.case_id, s."EnrollmentID", s."PersonalID", s.exit_day, s.spm2
      FROM hmis_cases k JOIN hmis_stays s ON s."EnrollmentID" = k.__enrollment_id
      WHERE s.closed AND s.exit_day IS NOT NULL AND s.destination IN (${PERMANENT_DESTINATIONS.join(', ')})
    ),
    -- Every later stay of the same person (any project, any household role) that
    -- starts on or after the exit day and within the longest window.
    later AS (
      SELECT x.case_id, x.exit_day, f."EnrollmentID" AS f_id, f."PersonalID", f.entry_day, f.spm2 AS f_role
      FROM exits x JOIN hmis_stays f ON f."PersonalID" = x."PersonalID" AND f."EnrollmentID" <> x."EnrollmentID"
      WHERE f.entry_day >= x.exit_day AND f.entry_day <= x.exit_day + ${longest} AND f.entry_day <= ${end}
        AND f.spm2 IS NOT NULL
    ),
    -- A permanent-housing stay counts only when it starts more than ${PH_TRANSFER_DAYS} days after the
    -- exit, and not between the day after another PH stay's entry and ${PH_TRANSFER_DAYS} days after
    -- that stay's exit (or the export's end while it is open): a move between PH projects.
    qualifying AS (
      SELECT l.* FROM later l
      WHERE l.f_role = 'homeless'
         OR (l.f_role = 'permanent_housing' AND l.entry_day > l.exit_day + ${PH_TRANSFER_DAYS}
             AND NOT EXISTS (
               SELECT 1 FROM hmis_stays g
               WHERE g."PersonalID" = l."PersonalID" AND g."EnrollmentID" <> l.f_id AND g.spm2 = 'permanent_housing'
                 AND l.entry_day BETWEEN g.entry_day + 1 AND least(coalesce(g.exit_day + ${PH_TRANSFER_DAYS}, ${end}), ${end})))
    ),
    first_return AS (
      SELECT case_id, min(entry_day) AS return_day FROM qualifying GROUP BY case_id
    ),
    final AS (
      SELECT k.case_id,
             x.case_id IS NOT NULL AS exit_to_permanent,
             CAST(date_diff('day', x.exit_day, r.return_day) AS INTEGER) AS days_to_return,
             x.exit_day,
             coalesce(x.spm2 IS NOT NULL, false) AS spm2_exit
      FROM hmis_cases k
      LEFT JOIN exits x USING (case_id)
      LEFT JOIN first_return r USING (case_id)
    )
    SELECT case_id, exit_to_permanent,
           ${Object.entries(RETURN_WINDOWS).map(([name, days]) =>
             // Known only once the whole window lies inside what the export shows, as Measure 2 follows only exits
             // made 730 days before the report's end. A return already seen in an open window is not counted:
             // returns show up early and non-returns only at the window's end, so counting it would bias rates up.
             `CASE WHEN NOT exit_to_permanent OR exit_day + ${days} > ${end} THEN NULL ELSE coalesce(days_to_return <= ${days}, false) END AS ${name}`).join(',\n           ')},
           days_to_return, spm2_exit
    FROM final`);
}

export function returnsSelectSql(): string {
  return `SELECT ${RETURNS_COLUMNS.join(', ')} FROM hmis_returns ORDER BY case_id`;
}
