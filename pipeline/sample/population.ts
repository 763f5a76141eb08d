// Who comes to the organisations: counties and the latent traits of clients.
// Shares are rough, plausible figures for people seeking help in Washington
// State (client populations skew poorer and more diverse than the census); they
// are made up for the sample, not estimates of anything.
import { weighted, type Weighted } from './rng.ts';

export interface County {
  fips: string;
  name: string;
  /** Nonmetropolitan (OMB 2023 delineation): where the planted capacity barrier is stronger. */
  rural: boolean;
  /** Weights of single races in the combined SPD 15 question. */
  race: Weighted<Race>;
}

export const RACES = [
  'american_indian_alaska_native', 'asian', 'black_african_american', 'hispanic_latino',
  'middle_eastern_north_african', 'native_hawaiian_pacific_islander', 'white',
] as const;
export type Race = (typeof RACES)[number];

function county(fips: string, name: string, rural: boolean, race: readonly number[]): County {
  return { fips, name, rural, race: weighted(RACES.map((r, i) => [r, race[i]] as const)) };
}

// Race weights in RACES order: aian, asian, black, hispanic, mena, nhpi, white.
export const COUNTIES: readonly County[] = [
  county('53033', 'King', false, [1.5, 16, 14, 12, 2, 1.5, 53]),
  county('53053', 'Pierce', false, [2, 8, 12, 12, 1, 3, 62]),
  county('53061', 'Snohomish', false, [1.5, 11, 6, 12, 1, 1, 67.5]),
  county('53063', 'Spokane', false, [3, 3, 4, 7, 1, 1, 81]),
  county('53077', 'Yakima', false, [6, 1, 1.5, 50, 0.5, 0.3, 40.7]),
  county('53005', 'Benton', false, [1.5, 3, 2, 22, 0.5, 0.5, 70.5]),
  county('53021', 'Franklin', false, [1.2, 2, 2.5, 52, 0.5, 0.3, 41.5]),
  county('53047', 'Okanogan', true, [15, 1, 0.7, 20, 0.3, 0.2, 62.8]),
  county('53001', 'Adams', true, [1, 0.5, 0.5, 63, 0.2, 0.1, 34.7]),
];

const BY_FIPS = new Map(COUNTIES.map((c) => [c.fips, c]));

export function countyByFips(fips: string): County {
  const c = BY_FIPS.get(fips);
  if (!c) throw new Error(`unknown sample county ${fips}`);
  return c;
}

export const RURAL_FIPS = COUNTIES.filter((c) => c.rural).map((c) => c.fips);

/** Share of clients who mark more than one race in the combined question. */
export const MULTIRACIAL_SHARE = 0.07;

/** Preferred language given the client's (first) race: ISO 639-1 codes. */
export const LANGUAGE_BY_RACE: Readonly<Record<Race, Weighted<string>>> = {
  american_indian_alaska_native: weighted({ en: 98, es: 2 }),
  asian: weighted({ en: 38, vi: 20, zh: 18, tl: 12, ko: 12 }),
  black_african_american: weighted({ en: 84, so: 10, am: 4, ti: 2 }),
  hispanic_latino: weighted({ en: 45, es: 55 }),
  middle_eastern_north_african: weighted({ en: 50, ar: 50 }),
  native_hawaiian_pacific_islander: weighted({ en: 85, sm: 15 }),
  white: weighted({ en: 93, ru: 3.5, uk: 3.5 }),
};

/** Chance an interpreter is needed: limited English proficiency follows the language. */
export const INTERPRETER_IF_ENGLISH = 0.01;
export const INTERPRETER_IF_OTHER = 0.7;

export const GENDERS = weighted([
  ['woman', 57.5], ['man', 39], ['woman;transgender', 0.5], ['man;transgender', 0.4], ['non_binary', 1.2],
  ['non_binary;transgender', 0.3], ['culturally_specific', 0.3], ['different_identity', 0.2], ['questioning', 0.2],
  ['woman;non_binary', 0.4],
] as const);

/** Survivors seeking family-safety help are mostly women. */
export const GENDERS_FAMILY_SAFETY = weighted([
  ['woman', 86], ['man', 11], ['woman;transgender', 0.8], ['non_binary', 1.4], ['questioning', 0.3],
  ['culturally_specific', 0.5],
] as const);

export const AGE_BANDS = weighted({ '0-17': 1, '18-24': 11, '25-34': 22, '35-44': 21, '45-54': 16, '55-64': 14, '65-74': 10, '75+': 5 });
/** Benefits and health programs see more older clients. */
export const AGE_BANDS_OLDER = weighted({ '0-17': 0.5, '18-24': 7, '25-34': 15, '35-44': 16, '45-54': 17, '55-64': 20, '65-74': 16, '75+': 8.5 });
/** Education and family-safety programs see some minors and young adults. */
export const AGE_BANDS_YOUNGER = weighted({ '0-17': 9, '18-24': 24, '25-34': 27, '35-44': 20, '45-54': 11, '55-64': 6, '65-74': 2, '75+': 1 });

export const INCOME_BANDS = weighted({ fpl_0_50: 31, fpl_50_100: 31, fpl_100_150: 20, fpl_150_200: 11, fpl_200_plus: 7 });

/** Share of clients with a disability; disability-services programs serve mostly disabled clients. */
export const DISABILITY_SHARE = 0.22;
export const DISABILITY_SHARE_DISABILITY_SERVICES = 0.85;

export const VETERAN_SHARE = 0.055;
