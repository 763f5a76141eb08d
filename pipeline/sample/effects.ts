// The planted truth: every systemic effect the sample contains, with its exact
// size, and the null model that replaces it with `plant: false`. Cases are drawn
// from these numbers and truth.json is written from them, so the data and its
// documentation cannot disagree.
import { formatDay, dayOf } from './calendar.ts';
import { RURAL_FIPS, type Race } from './population.ts';
import { AREAS, type ServiceArea } from './services.ts';

export interface EffectParams {
  planted: boolean;
  /** Favourable probability multiplier for clients of any of these races (alone or in combination). */
  raceGap: { races: readonly Race[]; reference: Race; ratio: number };
  /** Probability of turned_away_capacity: base, times each factor that applies. */
  capacity: { base: number; ruralRatio: number; interpreterRatio: number };
  /** language_access prevalence by latent interpreter need, and its effect on the outcome. */
  languageAccess: { ifInterpreter: number; otherwise: number; unfavourableRiskRatio: number };
  /** wait_time and disability_access prevalence by disability, and added days to close. */
  disability: { waitTime: { yes: number; no: number }; disabilityAccess: { yes: number; no: number }; extraDays: number };
  /** The Simpson's-paradox barrier: concentrated in one high-base-rate area, harmful within every area. */
  simpson: { barrier: 'documentation'; area: ServiceArea; inArea: number; elsewhere: number; favourableRatio: number };
  /** digital_access prevalence in areas the policy change does not touch. */
  digitalAccessElsewhere: number;
  /** From `fromDay` (by opened_on) the area's digital_access prevalence and favourable base rate change. */
  policy: { area: ServiceArea; fromDay: number; digitalBefore: number; digitalAfter: number; favourableBefore: number; favourableAfter: number };
}

export const POLICY_DATE = '2024-07-01';

export const PLANTED: EffectParams = {
  planted: true,
  raceGap: { races: ['black_african_american', 'american_indian_alaska_native'], reference: 'white', ratio: 0.8 },
  capacity: { base: 0.07, ruralRatio: 1.6, interpreterRatio: 1.6 },
  languageAccess: { ifInterpreter: 0.55, otherwise: 0.03, unfavourableRiskRatio: 1.4 },
  disability: { waitTime: { yes: 0.25, no: 0.10 }, disabilityAccess: { yes: 0.18, no: 0.01 }, extraDays: 30 },
  simpson: { barrier: 'documentation', area: 'food', inArea: 0.6, elsewhere: 0.03, favourableRatio: 0.85 },
  digitalAccessElsewhere: 0.04,
  policy: { area: 'income_benefits', fromDay: dayOf(POLICY_DATE), digitalBefore: 0.05, digitalAfter: 0.25, favourableBefore: AREAS.income_benefits.favourable, favourableAfter: 0.50 },
};

/**
 * The null data set: every group, county and period gets the same probabilities,
 * set near the pooled values of the planted data so the marginal distributions
 * stay about the same.
 */
export const NULL_EFFECTS: EffectParams = {
  planted: false,
  raceGap: { ...PLANTED.raceGap, ratio: 1 },
  capacity: { base: 0.08, ruralRatio: 1, interpreterRatio: 1 },
  languageAccess: { ifInterpreter: 0.09, otherwise: 0.09, unfavourableRiskRatio: 1 },
  disability: { waitTime: { yes: 0.13, no: 0.13 }, disabilityAccess: { yes: 0.05, no: 0.05 }, extraDays: 0 },
  simpson: { ...PLANTED.simpson, inArea: 0.09, elsewhere: 0.09, favourableRatio: 1 },
  digitalAccessElsewhere: 0.04,
  policy: { ...PLANTED.policy, digitalBefore: 0.10, digitalAfter: 0.10, favourableBefore: 0.59, favourableAfter: 0.59 },
};

export function effectsFor(plant: boolean): EffectParams {
  return plant ? PLANTED : NULL_EFFECTS;
}

/** The outcome model in words: truth.json and the README quote it. */
export const OUTCOME_MODEL = [
  'Among accepted cases the favourable probability is p = base(service_area, period) × race_factor × documentation_factor;',
  'then, when the case has the language_access barrier, p = 1 − unfavourable_risk_ratio × (1 − p).',
  'race_factor applies once when any listed race is among the client\'s races (alone or in combination).',
  'Favourable splits 70/30 into achieved / partially_achieved; unfavourable into not_achieved 50, lost_contact 25, withdrawn 15, referred_out 10.',
  'Effects act on the client\'s latent traits; empty and not_reported answers are applied afterwards, independently of everything else.',
].join(' ');

/** 0.55 → '55%', without binary floating-point noise. */
const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;

/** One planted effect as truth.json states it. */
export type TruthEffect = Record<string, unknown> & { id: string; description: string };

export function truthEffects(e: EffectParams): TruthEffect[] {
  if (!e.planted) return [];
  const policyDate = formatDay(e.policy.fromDay);
  return [
    ...e.raceGap.races.map((group) => ({
      id: group === 'black_african_american' ? 'race_outcome_gap' : `race_outcome_gap_${group}`,
      description: `Favourable rate of ${group} clients (alone or in combination) is ${e.raceGap.ratio} times that of ${e.raceGap.reference} clients with the same other traits, in every service area and organisation.`,
      kind: 'outcome_disparity', group, group_definition: 'alone_or_in_combination', reference: e.raceGap.reference,
      measure: 'favourable_rate', planted_rate_ratio: e.raceGap.ratio, within: 'service_area',
      note: 'Conditional ratio of the outcome model. Crude within-area ratios stay close to it because language_access, the only other outcome factor that differs by race, is rare.',
    })),
    {
      id: 'race_null_hispanic_latino',
      description: 'Known null: hispanic_latino clients have exactly the favourable probability of white clients with the same other traits.',
      kind: 'known_null', group: 'hispanic_latino', reference: 'white', measure: 'favourable_rate', planted_rate_ratio: 1, within: 'service_area',
      note: 'Hispanic clients more often need an interpreter, so a crude comparison picks up a small language_access effect.',
    },
    {
      id: 'gender_null',
      description: 'Known null: no gender group differs in any probability; family_safety serves mostly women, so only pooled comparisons across areas can differ.',
      kind: 'known_null', group: 'any gender', reference: 'woman', measure: 'favourable_rate', planted_rate_ratio: 1, within: 'service_area',
    },
    {
      id: 'capacity_rural',
      description: `Requests from rural (nonmetropolitan) counties are turned away for capacity ${e.capacity.ruralRatio} times as often.`,
      kind: 'capacity_barrier', group: 'rural county', group_counties: RURAL_FIPS, reference: 'other counties',
      measure: 'turned_away_capacity_rate', planted_rate_ratio: e.capacity.ruralRatio, base_probability: e.capacity.base,
      note: 'P(turned_away_capacity) = base × 1.6 if rural × 1.6 if interpreter needed, the same base in every organisation and area.',
    },
    {
      id: 'capacity_interpreter',
      description: `Requests from clients who need an interpreter are turned away for capacity ${e.capacity.interpreterRatio} times as often.`,
      kind: 'capacity_barrier', group: 'interpreter_needed=yes', reference: 'interpreter_needed=no',
      measure: 'turned_away_capacity_rate', planted_rate_ratio: e.capacity.interpreterRatio, base_probability: e.capacity.base,
    },
    {
      id: 'language_access_barrier',
      description: `The language_access barrier is recorded on ${pct(e.languageAccess.ifInterpreter)} of cases needing an interpreter and ${pct(e.languageAccess.otherwise)} of the others.`,
      kind: 'barrier_pattern', barrier: 'language_access', group: 'interpreter_needed=yes', reference: 'interpreter_needed=no',
      measure: 'barrier_prevalence', planted_prevalence: e.languageAccess.ifInterpreter, reference_prevalence: e.languageAccess.otherwise,
    },
    {
      id: 'language_access_outcome',
      description: `Accepted cases with the language_access barrier are ${e.languageAccess.unfavourableRiskRatio} times as likely to end unfavourably.`,
      kind: 'barrier_effect', barrier: 'language_access', measure: 'unfavourable_rate', planted_risk_ratio: e.languageAccess.unfavourableRiskRatio,
      formula: 'p_favourable = 1 − 1.4 × (1 − p_favourable_without_barrier)',
    },
    {
      id: 'disability_barriers',
      description: 'wait_time and disability_access barriers are more frequent for clients with a disability.',
      kind: 'barrier_pattern', group: 'disability=yes', reference: 'disability=no', measure: 'barrier_prevalence',
      barriers: { wait_time: e.disability.waitTime, disability_access: e.disability.disabilityAccess },
    },
    {
      id: 'disability_days_to_close',
      description: `Accepted cases of clients with a disability take ${e.disability.extraDays} more days to close: the same log-normal draw plus ${e.disability.extraDays} days, so the median moves by exactly that within any stratum.`,
      kind: 'duration_gap', group: 'disability=yes', reference: 'disability=no', measure: 'median_days_to_close',
      planted_difference_days: e.disability.extraDays, applies_to: 'accepted cases',
    },
    {
      id: 'simpson_documentation',
      description: `Simpson's paradox: the documentation barrier multiplies the favourable rate by ${e.simpson.favourableRatio} within every service area, but ${pct(e.simpson.inArea)} of ${e.simpson.area} cases have it against ${pct(e.simpson.elsewhere)} elsewhere, and ${e.simpson.area} has the highest base rate, so pooled over areas documentation looks associated with better outcomes.`,
      kind: 'simpsons_paradox', barrier: e.simpson.barrier, measure: 'favourable_rate',
      planted_rate_ratio_within_area: e.simpson.favourableRatio, concentrated_in: e.simpson.area,
      prevalence_in_area: e.simpson.inArea, prevalence_elsewhere: e.simpson.elsewhere,
      expected_pooled_direction: 'higher favourable rate with the barrier', stratify_by: 'service_area',
    },
    {
      id: 'policy_change_2024_07',
      description: `From ${policyDate} (by opened_on) ${e.policy.area} cases in every organisation meet the digital_access barrier ${pct(e.policy.digitalAfter)} of the time instead of ${pct(e.policy.digitalBefore)}, and their favourable base rate drops from ${e.policy.favourableBefore} to ${e.policy.favourableAfter}.`,
      kind: 'policy_change', date: policyDate, date_column: 'opened_on', service_area: e.policy.area,
      barrier: 'digital_access', prevalence_before: e.policy.digitalBefore, prevalence_after: e.policy.digitalAfter,
      measure: 'favourable_rate', favourable_base_before: e.policy.favourableBefore, favourable_base_after: e.policy.favourableAfter,
      planted_rate_ratio: Math.round((e.policy.favourableAfter / e.policy.favourableBefore) * 10_000) / 10_000,
      note: 'The drop applies to all income_benefits cases opened on or after the date, with or without digital_access; digital_access has no outcome effect of its own. Cases opened late in 2024 are more often still open (censored).',
    },
  ];
}

/** The null model as truth.json states it. */
export function nullModel(e: EffectParams): Record<string, unknown> {
  return {
    statement: 'NULL data set: no planted disparity, barrier effect or policy change. Every race, gender, county, disability and interpreter group has the same probabilities; the only differences are by organisation and service area, as in the planted data.',
    turned_away_capacity_probability: e.capacity.base,
    barrier_prevalence: {
      language_access: e.languageAccess.ifInterpreter, documentation: e.simpson.elsewhere,
      wait_time: e.disability.waitTime.yes, disability_access: e.disability.disabilityAccess.yes,
      digital_access: { [e.policy.area]: e.policy.digitalBefore, other_areas: e.digitalAccessElsewhere },
    },
    favourable_base: { [e.policy.area]: e.policy.favourableBefore, note: 'other areas as in model.favourable_base' },
  };
}
