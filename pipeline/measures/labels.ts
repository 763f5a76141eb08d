// Human labels for dimensions and groups, from the contract's code lists.
import { AGE_BAND, GENDER, INCOME_BAND, RACE_ETHNICITY, SERVICE_AREA, YES_NO } from '../contract/index.ts';

export const DIMENSION_LABELS: Record<string, string> = {
  all: 'All cases',
  race_ethnicity_aoic: 'Race and ethnicity (alone or in combination)',
  race_ethnicity_alone: 'Race and ethnicity (alone; multiracial as one group)',
  gender: 'Gender (alone or in combination)',
  age_band: 'Age band',
  disability: 'Disability',
  interpreter_needed: 'Interpreter needed',
  income_band: 'Income band',
  veteran: 'Veteran',
  service_area: 'Service area',
  program: 'Program',
  organisation: 'Organisation',
  county: 'County',
  quarter: 'Quarter opened',
};

const CODES: Record<string, Record<string, string>> = {
  race_ethnicity_aoic: RACE_ETHNICITY, race_ethnicity_alone: { ...RACE_ETHNICITY, multiracial: 'Multiracial' },
  gender: GENDER, age_band: AGE_BAND, disability: YES_NO, interpreter_needed: YES_NO, veteran: YES_NO,
  income_band: INCOME_BAND, service_area: SERVICE_AREA,
};

/** Groups that say who was not asked or did not answer: shown, never used as a reference. */
export const MISSING_GROUPS = new Set(['not_reported', 'not_recorded']);

export function groupLabel(dimension: string, group: string): string {
  if (group === 'not_recorded') return 'Not recorded';
  if (dimension === 'all') return 'All cases';
  return CODES[dimension]?.[group] ?? group;
}
