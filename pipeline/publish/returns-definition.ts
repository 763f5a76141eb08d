// What a "return to homelessness" is, in words, built from the constants the
// HMIS importer and the return-rate measures run with (windows, the 14-day
// rule, which project types and destinations take part), so the Returns page
// and the methodology page state the rule the figures were computed by.
import { DESTINATIONS, PERMANENT_DESTINATIONS, PROJECT_TYPES, type Spm2Role } from '../importers/hmis/codes.ts';
import { PH_TRANSFER_DAYS, RETURN_WINDOWS } from '../importers/hmis/returns.ts';
import { RETURN_FAMILY } from '../measures/return-rates.ts';

/** How to load the data the returns need; quoted on the page when there is none. */
export const HMIS_INGEST_COMMAND = 'npm run pipeline -- ingest --format hmis <folder>';

export interface ReturnsDefinition {
  windows: { measure: string; label: string; days: number; months: number }[];
  ph_transfer_days: number;
  homeless_projects: string[];
  permanent_housing_projects: string[];
  other_projects: string[];
  permanent_destinations: { code: number; label: string }[];
  ingest_command: string;
  /** The rule in plain sentences, one paragraph each. */
  paragraphs: string[];
}

const projects = (role: Spm2Role) => Object.values(PROJECT_TYPES).filter((p) => p.spm2 === role).map((p) => p.label);
const list = (xs: readonly string[]) => (xs.length < 2 ? xs.join('') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`);

export function returnsDefinition(): ReturnsDefinition {
  const windows = RETURN_FAMILY.measures.map((m) => {
    const days = RETURN_WINDOWS[m.id as keyof typeof RETURN_WINDOWS];
    return { measure: m.id, label: m.label, days, months: Math.round(days / 30.42) };
  });
  const homeless = projects('homeless');
  const housing = projects('permanent_housing');
  const other = projects(null);
  const destinations = PERMANENT_DESTINATIONS.map((code) => ({ code, label: DESTINATIONS[code].label }));
  const months = windows.map((w) => w.months);
  const paragraphs = [
    `Returns to homelessness follow HUD's System Performance Measure 2. The cases followed are exits to a permanent destination (the permanent situations of HMIS list 3.12.1, codes ${destinations.map((d) => d.code).join(', ')}) from the projects Measure 2 covers: homeless projects (${list(homeless)}) and permanent housing projects (${list(housing)}). Exits from ${list(other)} projects are not exits from homelessness and are not followed.`,
    `A return is the person's first later enrollment in the same export (any project, any household role) in a homeless project starting on or after the exit day, or in a permanent housing project starting more than ${PH_TRANSFER_DAYS} days after the exit. This is the ${PH_TRANSFER_DAYS}-day rule: entering permanent housing within ${PH_TRANSFER_DAYS} days of the exit, or while another permanent housing stay is under way or ended less than ${PH_TRANSFER_DAYS} days before, is a move between housing projects, not a return. Enrollments in other projects are never returns.`,
    `The rate for each window (within ${list(months.map(String))} months: ${list(windows.map((w) => `${w.days}`))} days after the exit) is out of the exits whose whole window is over by the end of the export (or the day the data were judged as of, if earlier). Open windows are not counted: an exit whose window is still open is in neither the numerator nor the denominator, even if a return was already seen, because returns show up early and non-returns only when the window ends; counting them would push the rate up.`,
    `Each case is one enrollment of a head of household (the importer's default; an export loaded with --membership all counts every household member). Lower is better: a ratio above 1 means the group returned more often than the reference group.`,
    'Returns need HMIS exports: data in the project\'s own case format carries no returns, and its marts of returns are simply empty.',
  ];
  return {
    windows, ph_transfer_days: PH_TRANSFER_DAYS, homeless_projects: homeless, permanent_housing_projects: housing, other_projects: other,
    permanent_destinations: destinations, ingest_command: HMIS_INGEST_COMMAND, paragraphs,
  };
}
