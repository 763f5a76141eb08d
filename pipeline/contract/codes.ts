// Code lists of case-outcome export format 1, each code with the label pages and
// reports show. Sources: OMB SPD 15 (2024), HUD HMIS Data Standards FY2024,
// LSC Case Service Report, as cited in CONTRACT.md.
import { iso6393 } from 'iso-639-3';

export type CodeList = Readonly<Record<string, string>>;

export const SERVICE_AREA = {
  housing: 'Housing',
  income_benefits: 'Income and benefits',
  health: 'Health',
  legal: 'Legal',
  immigration: 'Immigration',
  education: 'Education',
  employment: 'Employment',
  family_safety: 'Family safety',
  food: 'Food',
  disability_services: 'Disability services',
  other: 'Other',
} as const satisfies CodeList;

export const INTAKE_DECISION = {
  accepted: 'Accepted',
  waitlisted: 'Waitlisted',
  turned_away_capacity: 'Turned away: no capacity',
  turned_away_ineligible: 'Turned away: ineligible',
  declined_by_client: 'Declined by client',
  referred_elsewhere: 'Referred elsewhere',
} as const satisfies CodeList;

export const OUTCOME = {
  achieved: 'Achieved',
  partially_achieved: 'Partially achieved',
  not_achieved: 'Not achieved',
  withdrawn: 'Withdrawn',
  lost_contact: 'Lost contact',
  referred_out: 'Referred out',
} as const satisfies CodeList;

/** Favourable unless a report says otherwise (CONTRACT.md). */
export const DEFAULT_FAVOURABLE_OUTCOMES = ['achieved', 'partially_achieved'] as const;

export const SERVICE_LEVEL = {
  advice: 'Advice',
  brief_service: 'Brief service',
  extended_service: 'Extended service',
  representation: 'Representation',
} as const satisfies CodeList;

export const ESCALATION = {
  none: 'None',
  supervisor: 'Supervisor',
  formal_appeal: 'Formal appeal',
  legal_action: 'Legal action',
  policy_referral: 'Policy referral',
} as const satisfies CodeList;

export const BARRIER = {
  wait_time: 'Wait time',
  documentation: 'Documentation',
  eligibility_rules: 'Eligibility rules',
  denial_or_termination: 'Denial or termination',
  language_access: 'Language access',
  disability_access: 'Disability access',
  digital_access: 'Digital access',
  transportation: 'Transportation',
  cost: 'Cost',
  childcare: 'Childcare',
  housing_availability: 'Housing availability',
  discrimination: 'Discrimination',
  system_complexity: 'System complexity',
  immigration_status: 'Immigration status',
  other: 'Other',
} as const satisfies CodeList;

/** The explicit "client declined / not asked" answer: a group of its own, never dropped. */
export const NOT_REPORTED = 'not_reported' as const;
const NOT_REPORTED_LABEL = 'Not reported';

export const RACE_ETHNICITY = {
  american_indian_alaska_native: 'American Indian or Alaska Native',
  asian: 'Asian',
  black_african_american: 'Black or African American',
  hispanic_latino: 'Hispanic or Latino',
  middle_eastern_north_african: 'Middle Eastern or North African',
  native_hawaiian_pacific_islander: 'Native Hawaiian or Pacific Islander',
  white: 'White',
  not_reported: NOT_REPORTED_LABEL,
} as const satisfies CodeList;

export const GENDER = {
  woman: 'Woman',
  man: 'Man',
  transgender: 'Transgender',
  non_binary: 'Non-binary',
  culturally_specific: 'Culturally specific identity',
  different_identity: 'Different identity',
  questioning: 'Questioning',
  not_reported: NOT_REPORTED_LABEL,
} as const satisfies CodeList;

export const AGE_BAND = {
  '0-17': '0–17',
  '18-24': '18–24',
  '25-34': '25–34',
  '35-44': '35–44',
  '45-54': '45–54',
  '55-64': '55–64',
  '65-74': '65–74',
  '75+': '75 and over',
  not_reported: NOT_REPORTED_LABEL,
} as const satisfies CodeList;

export const YES_NO = {
  yes: 'Yes',
  no: 'No',
  not_reported: NOT_REPORTED_LABEL,
} as const satisfies CodeList;

export const INCOME_BAND = {
  fpl_0_50: 'Under 50% of poverty level',
  fpl_50_100: '50–100% of poverty level',
  fpl_100_150: '100–150% of poverty level',
  fpl_150_200: '150–200% of poverty level',
  fpl_200_plus: '200% of poverty level and over',
  not_reported: NOT_REPORTED_LABEL,
} as const satisfies CodeList;

/** ISO 639-3 codes and the ISO 639-1 two-letter codes that map to them, named. */
export const LANGUAGE: CodeList = Object.freeze(
  Object.fromEntries([
    ...iso6393.flatMap((l) => [[l.iso6393, l.name] as const, ...(l.iso6391 ? [[l.iso6391, l.name] as const] : [])]),
    [NOT_REPORTED, NOT_REPORTED_LABEL],
  ]),
);

export function codesOf<T extends CodeList>(list: T): [keyof T & string, ...(keyof T & string)[]] {
  const codes = Object.keys(list) as (keyof T & string)[];
  if (codes.length === 0) throw new Error('empty code list');
  return codes as [keyof T & string, ...(keyof T & string)[]];
}
