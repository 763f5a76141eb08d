// HUD HMIS FY2024 code lists the importer reads, each code with its label and
// what it becomes in format 1. Sources (see README.md in this folder): HUD FY2024
// HMIS Data Standards Manual and CSV Format Specifications, as transcribed in
// greenriver/hmis-warehouse lib/data/2024_hud_lists.json.
import type { OUTCOME } from '../../contract/index.ts';

export type Outcome = keyof typeof OUTCOME;

/** The hundreds of list 3.12.1, plus the codes below 100 ("other or missing"). */
export type DestinationGroup = 'homeless' | 'institutional' | 'temporary' | 'permanent' | 'other';

export interface Destination {
  label: string;
  group: DestinationGroup;
  outcome: Outcome;
}

/**
 * Exit.Destination (list 3.12.1) → format-1 outcome. Every code of the FY2024
 * list, nothing else: an unlisted code gets no outcome and is reported.
 * Why each group maps as it does is in README.md ("Outcome").
 */
export const DESTINATIONS: Readonly<Record<number, Destination>> = {
  // 100s homeless situations: the client left to homelessness.
  101: { label: 'Emergency shelter, including hotel or motel paid for with emergency shelter voucher, or Host Home shelter', group: 'homeless', outcome: 'not_achieved' },
  116: { label: 'Place not meant for habitation', group: 'homeless', outcome: 'not_achieved' },
  118: { label: 'Safe Haven', group: 'homeless', outcome: 'not_achieved' },
  // 200s institutional situations: not housing.
  204: { label: 'Psychiatric hospital or other psychiatric facility', group: 'institutional', outcome: 'not_achieved' },
  205: { label: 'Substance abuse treatment facility or detox center', group: 'institutional', outcome: 'not_achieved' },
  206: { label: 'Hospital or other residential non-psychiatric medical facility', group: 'institutional', outcome: 'not_achieved' },
  207: { label: 'Jail, prison or juvenile detention facility', group: 'institutional', outcome: 'not_achieved' },
  215: { label: 'Foster care home or foster care group home', group: 'institutional', outcome: 'not_achieved' },
  225: { label: 'Long-term care facility or nursing home', group: 'institutional', outcome: 'not_achieved' },
  // 300s temporary situations: housed, not permanently. A stay with a path or a
  // tenure (transitional housing, family, friends, a non-crisis host home) is
  // partial; a paid motel or a halfway house without homeless criteria is not.
  302: { label: 'Transitional housing for homeless persons (including homeless youth)', group: 'temporary', outcome: 'partially_achieved' },
  312: { label: 'Staying or living with family, temporary tenure', group: 'temporary', outcome: 'partially_achieved' },
  313: { label: 'Staying or living with friends, temporary tenure', group: 'temporary', outcome: 'partially_achieved' },
  314: { label: 'Hotel or motel paid for without emergency shelter voucher', group: 'temporary', outcome: 'not_achieved' },
  327: { label: 'Moved from one HOPWA funded project to HOPWA TH', group: 'temporary', outcome: 'partially_achieved' },
  329: { label: 'Residential project or halfway house with no homeless criteria', group: 'temporary', outcome: 'not_achieved' },
  332: { label: 'Host Home (non-crisis)', group: 'temporary', outcome: 'partially_achieved' },
  // 400s permanent situations: the housing outcome HUD counts as success (SPM 7).
  410: { label: 'Rental by client, no ongoing housing subsidy', group: 'permanent', outcome: 'achieved' },
  411: { label: 'Owned by client, no ongoing housing subsidy', group: 'permanent', outcome: 'achieved' },
  421: { label: 'Owned by client, with ongoing housing subsidy', group: 'permanent', outcome: 'achieved' },
  422: { label: 'Staying or living with family, permanent tenure', group: 'permanent', outcome: 'achieved' },
  423: { label: 'Staying or living with friends, permanent tenure', group: 'permanent', outcome: 'achieved' },
  426: { label: 'Moved from one HOPWA funded project to HOPWA PH', group: 'permanent', outcome: 'achieved' },
  435: { label: 'Rental by client, with ongoing housing subsidy', group: 'permanent', outcome: 'achieved' },
  // Below 100: no classifiable destination. The program does not know where the
  // client went (17's only description is free text, which is never read), so
  // lost_contact; a death ends the case for a reason outside the service: withdrawn.
  8: { label: "Client doesn't know", group: 'other', outcome: 'lost_contact' },
  9: { label: 'Client prefers not to answer', group: 'other', outcome: 'lost_contact' },
  17: { label: 'Other', group: 'other', outcome: 'lost_contact' },
  24: { label: 'Deceased', group: 'other', outcome: 'withdrawn' },
  30: { label: 'No exit interview completed', group: 'other', outcome: 'lost_contact' },
  99: { label: 'Data not collected', group: 'other', outcome: 'lost_contact' },
};

/** Permanent destinations (400s): the exits Measure 2 follows. */
export const PERMANENT_DESTINATIONS = Object.entries(DESTINATIONS)
  .filter(([, d]) => d.group === 'permanent')
  .map(([code]) => Number(code));

/** How a project type takes part in Measure 2 (returns to homelessness). */
export type Spm2Role = 'homeless' | 'permanent_housing' | null;

export interface ProjectType {
  label: string;
  /** Program code prefix in format 1 (`es_ee_1234`). */
  slug: string;
  spm2: Spm2Role;
}

/** Project.ProjectType (list 2.02.6). Code 5 is not used. */
export const PROJECT_TYPES: Readonly<Record<number, ProjectType>> = {
  0: { label: 'Emergency Shelter - Entry Exit', slug: 'es_ee', spm2: 'homeless' },
  1: { label: 'Emergency Shelter - Night-by-Night', slug: 'es_nbn', spm2: 'homeless' },
  2: { label: 'Transitional Housing', slug: 'th', spm2: 'homeless' },
  3: { label: 'PH - Permanent Supportive Housing', slug: 'psh', spm2: 'permanent_housing' },
  4: { label: 'Street Outreach', slug: 'so', spm2: 'homeless' },
  6: { label: 'Services Only', slug: 'sso', spm2: null },
  7: { label: 'Other', slug: 'other', spm2: null },
  8: { label: 'Safe Haven', slug: 'sh', spm2: 'homeless' },
  9: { label: 'PH - Housing Only', slug: 'ph_ho', spm2: 'permanent_housing' },
  10: { label: 'PH - Housing with Services (no disability required for entry)', slug: 'ph_hs', spm2: 'permanent_housing' },
  11: { label: 'Day Shelter', slug: 'day_shelter', spm2: null },
  12: { label: 'Homelessness Prevention', slug: 'hp', spm2: null },
  13: { label: 'PH - Rapid Re-Housing', slug: 'rrh', spm2: 'permanent_housing' },
  14: { label: 'Coordinated Entry', slug: 'ce', spm2: null },
};

/** Client race and ethnicity columns (FY2024, 1 = yes) → format-1 codes, in format-1 order. */
export const RACE_COLUMNS = [
  ['AmIndAKNative', 'american_indian_alaska_native'],
  ['Asian', 'asian'],
  ['BlackAfAmerican', 'black_african_american'],
  ['HispanicLatinaeo', 'hispanic_latino'],
  ['MidEastNAfrican', 'middle_eastern_north_african'],
  ['NativeHIPacific', 'native_hawaiian_pacific_islander'],
  ['White', 'white'],
] as const;

/** Client gender columns (FY2024, 1 = yes) → format-1 codes, in format-1 order. */
export const GENDER_COLUMNS = [
  ['Woman', 'woman'],
  ['Man', 'man'],
  ['Transgender', 'transgender'],
  ['NonBinary', 'non_binary'],
  ['CulturallySpecific', 'culturally_specific'],
  ['DifferentIdentity', 'different_identity'],
  ['Questioning', 'questioning'],
] as const;

/** List 1.6 (RaceNone, GenderNone): every code is an explicit "no answer". */
export const RACE_GENDER_NONE: Readonly<Record<number, string>> = {
  8: "Client doesn't know",
  9: 'Client prefers not to answer',
  99: 'Data not collected',
};

/**
 * List 1.8 (NoYesReasonsForMissingData) → format-1 yes/no: 8 and 9 are the
 * client's answer (not_reported); 99 means nobody asked, so nothing is recorded.
 * Used for DisablingCondition, VeteranStatus and TranslationNeeded.
 */
export const NO_YES_REASONS: Readonly<Record<number, { label: string; value: 'yes' | 'no' | 'not_reported' | null }>> = {
  0: { label: 'No', value: 'no' },
  1: { label: 'Yes', value: 'yes' },
  8: { label: "Client doesn't know", value: 'not_reported' },
  9: { label: 'Client prefers not to answer', value: 'not_reported' },
  99: { label: 'Data not collected', value: null },
};

/** DOBDataQuality (list 3.03.2) codes that mean the client gave no date of birth. */
export const DOB_NOT_GIVEN = [8, 9] as const;

/**
 * State FIPS codes (50 states, DC, and the territories HUD CoCs cover), for
 * checking the state part of a county geocode.
 */
export const STATE_FIPS = [
  '01', '02', '04', '05', '06', '08', '09', '10', '11', '12', '13', '15', '16', '17', '18', '19', '20', '21', '22', '23',
  '24', '25', '26', '27', '28', '29', '30', '31', '32', '33', '34', '35', '36', '37', '38', '39', '40', '41', '42', '44',
  '45', '46', '47', '48', '49', '50', '51', '53', '54', '55', '56', '60', '66', '69', '72', '78',
] as const;
