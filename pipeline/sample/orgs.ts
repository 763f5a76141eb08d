// The four organisations of the sample and how each one exports: real exports
// differ in format, delimiter, header spelling, date precision and in what they
// leave unrecorded, and the ingest has to cope with all of it.
import { weighted, type Weighted } from './rng.ts';
import type { ServiceArea } from './services.ts';

export type ExportFormat = 'csv' | 'jsonl' | 'parquet';

export interface Dialect {
  format: ExportFormat;
  /** CSV only. */
  delimiter: ',' | ';';
  bom: boolean;
  /** CSV line ending: spreadsheet exports on Windows write CRLF. */
  crlf: boolean;
  /** Header spelling: the contract's names, or upper/mixed case with stray spaces. */
  header: 'contract' | 'messy';
  /** Month precision coarsens dates for de-identification and adds days_to_close. */
  datePrecision: 'day' | 'month';
  /** Whether days_to_close is exported (always with month precision). */
  daysToClose: boolean;
}

/** How often an optional trait is left empty (not recorded) or answered `not_reported`. */
export interface Gap {
  empty: number;
  notReported: number;
}

export type RecordedField =
  | 'race_ethnicity' | 'gender' | 'age_band' | 'disability' | 'language'
  | 'interpreter_needed' | 'income_band' | 'county_fips' | 'veteran';

export interface OrgDef {
  id: string;
  /** Prefix of the pseudonymous case ids, e.g. MLA-000123. */
  prefix: string;
  /** Share of all sample cases. */
  share: number;
  description: string;
  areas: Weighted<ServiceArea>;
  programs: Readonly<Partial<Record<ServiceArea, Weighted<string>>>>;
  counties: Weighted<string>;
  dialect: Dialect;
  gaps: Readonly<Record<RecordedField, Gap>>;
}

const gap = (empty: number, notReported = 0): Gap => ({ empty, notReported });

const CSV_PLAIN: Dialect = { format: 'csv', delimiter: ',', bom: false, crlf: false, header: 'contract', datePrecision: 'day', daysToClose: false };

export const ORGS: readonly OrgDef[] = [
  {
    id: 'metro-legal-aid',
    prefix: 'MLA',
    share: 0.35,
    description: 'Urban civil legal aid: consumer and family law, immigration, benefits appeals. Plain comma CSV; leaves about 10% of race empty.',
    areas: weighted({ legal: 50, immigration: 25, income_benefits: 25 }),
    programs: {
      legal: weighted({ consumer_debt: 40, family_law: 35, record_expungement: 25 }),
      immigration: weighted({ daca_renewal: 35, asylum_representation: 30, naturalization_clinic: 35 }),
      income_benefits: weighted({ ssi_appeals: 55, unemployment_appeals: 45 }),
    },
    counties: weighted([['53033', 52], ['53053', 20], ['53061', 19], ['53063', 5], ['53077', 2], ['53047', 1], ['53001', 1]]),
    dialect: CSV_PLAIN,
    gaps: {
      race_ethnicity: gap(0.10, 0.03), gender: gap(0.05, 0.01), age_band: gap(0.03), disability: gap(0.08, 0.02),
      language: gap(0.02), interpreter_needed: gap(0.02), income_band: gap(0.04, 0.02), county_fips: gap(0.01), veteran: gap(0.06, 0.02),
    },
  },
  {
    id: 'eastside-housing',
    prefix: 'EH',
    share: 0.25,
    description: 'Housing stability and family safety. Semicolon CSV from a spreadsheet: UTF-8 BOM, CRLF, mixed-case headers with stray spaces; answers not_reported for about 25% of race.',
    areas: weighted({ housing: 75, family_safety: 25 }),
    programs: {
      housing: weighted({ eviction_defense: 45, rental_assistance: 35, shelter_navigation: 20 }),
      family_safety: weighted({ dv_advocacy: 60, protection_orders: 40 }),
    },
    counties: weighted([['53033', 55], ['53061', 28], ['53053', 17]]),
    dialect: { format: 'csv', delimiter: ';', bom: true, crlf: true, header: 'messy', datePrecision: 'day', daysToClose: false },
    gaps: {
      race_ethnicity: gap(0.01, 0.25), gender: gap(0, 0.04), age_band: gap(0, 0.03), disability: gap(0, 0.10),
      language: gap(0, 0.03), interpreter_needed: gap(0, 0.03), income_band: gap(0, 0.06), county_fips: gap(0.02), veteran: gap(0, 0.08),
    },
  },
  {
    id: 'benefits-bridge',
    prefix: 'BB',
    share: 0.25,
    description: 'Benefits, food, health coverage and disability services. JSON Lines from a case-management API, with days_to_close beside exact dates.',
    areas: weighted({ income_benefits: 40, food: 30, health: 18, disability_services: 12 }),
    programs: {
      income_benefits: weighted({ ssi_ssdi_help: 40, tanf_navigation: 30, tax_credit_clinic: 30 }),
      food: weighted({ snap_outreach: 70, wic_enrollment: 30 }),
      health: weighted({ medicaid_enrollment: 65, medical_debt: 35 }),
      disability_services: weighted({ dvr_navigation: 55, developmental_disability_support: 45 }),
    },
    counties: weighted([['53053', 30], ['53063', 30], ['53077', 14], ['53005', 10], ['53021', 8], ['53047', 4], ['53001', 4]]),
    dialect: { format: 'jsonl', delimiter: ',', bom: false, crlf: false, header: 'contract', datePrecision: 'day', daysToClose: true },
    gaps: {
      race_ethnicity: gap(0.04, 0.06), gender: gap(0.02, 0.02), age_band: gap(0.01), disability: gap(0.03, 0.03),
      language: gap(0.03), interpreter_needed: gap(0.04), income_band: gap(0.02, 0.01), county_fips: gap(0), veteran: gap(0.30, 0.02),
    },
  },
  {
    id: 'valley-community-services',
    prefix: 'VCS',
    share: 0.15,
    description: 'Rural multi-service agency in central and north-central Washington. Parquet; dates coarsened to months with days_to_close; does not record veteran status.',
    areas: weighted({ housing: 15, income_benefits: 20, food: 20, employment: 12, education: 8, health: 15, other: 10 }),
    programs: {
      housing: weighted({ rural_housing_repair: 50, rental_assistance: 50 }),
      income_benefits: weighted({ benefits_checkup: 100 }),
      food: weighted({ mobile_food: 55, snap_outreach: 45 }),
      employment: weighted({ farmworker_jobs: 70, job_readiness: 30 }),
      education: weighted({ ged_support: 60, esl_classes: 40 }),
      health: weighted({ community_health_worker: 100 }),
      other: weighted({ general_assistance: 100 }),
    },
    counties: weighted([['53077', 32], ['53047', 22], ['53001', 16], ['53021', 15], ['53005', 15]]),
    dialect: { format: 'parquet', delimiter: ',', bom: false, crlf: false, header: 'contract', datePrecision: 'month', daysToClose: true },
    gaps: {
      race_ethnicity: gap(0.08, 0.08), gender: gap(0.04, 0.02), age_band: gap(0.05), disability: gap(0.10, 0.05),
      language: gap(0.01), interpreter_needed: gap(0.06, 0.02), income_band: gap(0.06, 0.03), county_fips: gap(0), veteran: gap(1),
    },
  },
];

/** Cases per organisation: shares of the total by largest remainder, so they sum to exactly `cases`. */
export function splitCases(cases: number, orgs: readonly OrgDef[] = ORGS): number[] {
  const exact = orgs.map((o) => o.share * cases);
  const counts = exact.map(Math.floor);
  let left = cases - counts.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left === 0) break;
    counts[i]++;
    left--;
  }
  return counts;
}

/** `MLA-000123`: zero-padded to six digits, longer when an org has a million cases or more. */
export function caseId(org: OrgDef, index: number): string {
  return `${org.prefix}-${String(index + 1).padStart(6, '0')}`;
}
