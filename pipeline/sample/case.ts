// One case, drawn entirely from (seed, org, case index): the client's latent
// traits, the intake decision, barriers, duration and outcome, then what the
// organisation recorded of the traits. Every step consumes a fixed number of
// draws whatever the branch, so `plant: false` yields the same clients with
// only the planted probabilities changed.
import { BARRIER } from '../contract/codes.ts';
import { INTAKE_DAYS } from './calendar.ts';
import type { EffectParams } from './effects.ts';
import type { Gap, OrgDef } from './orgs.ts';
import { caseId } from './orgs.ts';
import {
  AGE_BANDS, AGE_BANDS_OLDER, AGE_BANDS_YOUNGER, DISABILITY_SHARE, DISABILITY_SHARE_DISABILITY_SERVICES,
  GENDERS, GENDERS_FAMILY_SAFETY, INCOME_BANDS, INTERPRETER_IF_ENGLISH, INTERPRETER_IF_OTHER,
  LANGUAGE_BY_RACE, MULTIRACIAL_SHARE, RACES, VETERAN_SHARE, countyByFips,
} from './population.ts';
import { CaseRng, logNormalOf } from './rng.ts';
import {
  ACHIEVED_SHARE, AREAS, BENEFIT, DAYS_SIGMA, LEVEL_DAYS_FACTOR, MAX_BARRIERS, MAX_DAYS, NOT_ACCEPTED_MAX_DAYS,
  OTHER_BARRIER, OTHER_INTAKE, TRANSPORTATION, UNFAVOURABLE, WAITLIST_CLOSES, WAITLIST_MEDIAN_DAYS, type ServiceArea,
} from './services.ts';

/** A case in its final state, with recorded (not latent) traits; `closedDay` may lie beyond the period (still open). */
export interface SampleCase {
  orgId: string;
  caseId: string;
  program: string;
  serviceArea: ServiceArea;
  intake: string;
  openedDay: number;
  /** Undefined when the case never closes (a waitlisted request that stays on the list). */
  closedDay: number | undefined;
  outcome: string | undefined;
  serviceLevel: string | undefined;
  escalation: string | undefined;
  /** `;`-joined in contract order, '' for none. */
  barriers: string;
  race: string | undefined;
  gender: string | undefined;
  ageBand: string | undefined;
  disability: string | undefined;
  language: string | undefined;
  interpreter: string | undefined;
  incomeBand: string | undefined;
  countyFips: string | undefined;
  veteran: string | undefined;
  benefitUsd: number | undefined;
}

export interface OrgStream {
  org: OrgDef;
  /** Position of the org in ORGS: part of each case's seed. */
  orgIndex: number;
  /** Cases of this org: spreads intake evenly over the period. */
  orgCases: number;
}

export interface GeneratorContext {
  seedWord: number;
  effects: EffectParams;
}

// Barriers are drawn as a bit mask in contract order and written through a cache of
// joined lists: no array, sort or join per case, which mattered at ten million cases.
const BARRIER_CODES = Object.keys(BARRIER);
function barrierBit(code: string): number {
  const i = BARRIER_CODES.indexOf(code);
  if (i < 0) throw new Error(`${code} is not a contract barrier`);
  return 1 << i;
}
const BIT = {
  language_access: barrierBit('language_access'), documentation: barrierBit('documentation'),
  digital_access: barrierBit('digital_access'), disability_access: barrierBit('disability_access'),
  wait_time: barrierBit('wait_time'), denial_or_termination: barrierBit('denial_or_termination'),
  transportation: barrierBit('transportation'), other: barrierBit('other'),
};
const AREA_BARRIERS = Object.fromEntries(
  Object.entries(AREAS).map(([area, profile]) => [area, profile.barriers.map(([code, p]) => [barrierBit(code), p] as const)]),
) as Readonly<Record<string, readonly (readonly [number, number])[]>>;
const BITS_SET = Uint8Array.from({ length: 1 << BARRIER_CODES.length }, (_, m) => {
  let n = 0;
  for (let x = m; x; x &= x - 1) n++;
  return n;
});
const barrierTexts: (string | undefined)[] = [];
function barrierText(mask: number): string {
  let text = barrierTexts[mask];
  if (text === undefined) {
    text = BARRIER_CODES.filter((_, i) => mask & (1 << i)).join(';');
    barrierTexts[mask] = text;
  }
  return text;
}

/** Adds a barrier with probability p unless three are already listed; always one draw. */
function addBarrier(rng: CaseRng, mask: number, bit: number, p: number): number {
  return rng.chance(p) && BITS_SET[mask] < MAX_BARRIERS ? mask | bit : mask;
}

/** `;`-joined race lists in SPD 15 order, by the indexes of the two races drawn. */
const RACE_ORDER: Readonly<Record<string, number>> = Object.fromEntries(RACES.map((r, i) => [r, i]));
const RACE_TEXT: readonly (readonly string[])[] = RACES.map((a, i) => RACES.map((b, j) => (i === j ? a : i < j ? `${a};${b}` : `${b};${a}`)));
const OLDER_AREAS = new Set<ServiceArea>(['income_benefits', 'health', 'disability_services']);
const YOUNGER_AREAS = new Set<ServiceArea>(['education', 'family_safety']);

/** What the organisation wrote down: the value, nothing, or not_reported. One draw. */
function record(rng: CaseRng, value: string, g: Gap): string | undefined {
  const u = rng.u();
  if (u < g.empty) return undefined;
  if (u < g.empty + g.notReported) return 'not_reported';
  return value;
}

export function generateCase(ctx: GeneratorContext, s: OrgStream, index: number): SampleCase {
  const { effects: e } = ctx;
  const { org } = s;
  const rng = new CaseRng(ctx.seedWord, s.orgIndex, index);

  // Where and when: case ids rise with the opening day, as in a case-management system.
  const county = countyByFips(rng.pick(org.counties));
  const openedDay = INTAKE_DAYS[Math.floor(((index + rng.u()) * INTAKE_DAYS.length) / s.orgCases)];
  const serviceArea = rng.pick(org.areas);
  const area = AREAS[serviceArea];
  const program = rng.pick(org.programs[serviceArea]!);

  // Latent traits of the client.
  const race1 = rng.pick(county.race);
  const race2 = rng.pick(county.race);
  const multiracial = rng.chance(MULTIRACIAL_SHARE) && race2 !== race1;
  const raceText = RACE_TEXT[RACE_ORDER[race1]][RACE_ORDER[multiracial ? race2 : race1]];
  const language = rng.pick(LANGUAGE_BY_RACE[race1]);
  const interpreter = rng.chance(language === 'en' ? INTERPRETER_IF_ENGLISH : INTERPRETER_IF_OTHER);
  const gender = rng.pick(serviceArea === 'family_safety' ? GENDERS_FAMILY_SAFETY : GENDERS);
  const ageBand = rng.pick(OLDER_AREAS.has(serviceArea) ? AGE_BANDS_OLDER : YOUNGER_AREAS.has(serviceArea) ? AGE_BANDS_YOUNGER : AGE_BANDS);
  const disabled = rng.chance(serviceArea === 'disability_services' ? DISABILITY_SHARE_DISABILITY_SERVICES : DISABILITY_SHARE);
  const incomeBand = rng.pick(INCOME_BANDS);
  const veteran = rng.chance(VETERAN_SHARE) && ageBand !== '0-17';

  // Intake: capacity first (the planted barrier), then the other decisions.
  const capacityP = e.capacity.base * (county.rural ? e.capacity.ruralRatio : 1) * (interpreter ? e.capacity.interpreterRatio : 1);
  const turnedAway = rng.chance(capacityP);
  const otherIntake = rng.pick(OTHER_INTAKE);
  const intake = turnedAway ? 'turned_away_capacity' : otherIntake;

  // Barriers in priority order: the planted ones first, so the cap of three never drops them.
  const policyPeriod = serviceArea === e.policy.area && openedDay >= e.policy.fromDay;
  let b = 0;
  b = addBarrier(rng, b, BIT.language_access, interpreter ? e.languageAccess.ifInterpreter : e.languageAccess.otherwise);
  b = addBarrier(rng, b, BIT.documentation, serviceArea === e.simpson.area ? e.simpson.inArea : e.simpson.elsewhere);
  b = addBarrier(rng, b, BIT.digital_access, serviceArea !== e.policy.area ? e.digitalAccessElsewhere : policyPeriod ? e.policy.digitalAfter : e.policy.digitalBefore);
  b = addBarrier(rng, b, BIT.disability_access, disabled ? e.disability.disabilityAccess.yes : e.disability.disabilityAccess.no);
  b = addBarrier(rng, b, BIT.wait_time, disabled ? e.disability.waitTime.yes : e.disability.waitTime.no);
  for (const [bit, p] of AREA_BARRIERS[serviceArea]) b = addBarrier(rng, b, bit, p);
  b = addBarrier(rng, b, BIT.transportation, county.rural ? TRANSPORTATION.rural : TRANSPORTATION.other);
  b = addBarrier(rng, b, BIT.other, OTHER_BARRIER);
  const hasLanguageAccess = (b & BIT.language_access) !== 0;
  const hasDocumentation = (b & BIT.documentation) !== 0;
  const hasDenial = (b & BIT.denial_or_termination) !== 0;

  // Duration.
  const serviceLevel = rng.pick(area.serviceLevels);
  const daysU1 = rng.u(), daysU2 = rng.u();
  const quickDays = Math.floor(rng.u() ** 2 * (NOT_ACCEPTED_MAX_DAYS + 1));
  const waitlistCloses = rng.chance(WAITLIST_CLOSES);
  const waitU1 = rng.u(), waitU2 = rng.u();
  let days: number | undefined;
  if (intake === 'accepted') {
    const drawn = logNormalOf(area.medianDays * LEVEL_DAYS_FACTOR[serviceLevel], DAYS_SIGMA, daysU1, daysU2);
    days = Math.min(MAX_DAYS, Math.round(drawn) + (disabled ? e.disability.extraDays : 0));
  } else if (intake === 'waitlisted') {
    days = waitlistCloses ? Math.min(MAX_DAYS, Math.round(logNormalOf(WAITLIST_MEDIAN_DAYS, 0.6, waitU1, waitU2))) : undefined;
  } else {
    days = quickDays;
  }

  // Outcome of an accepted case (shown only once it has closed).
  let p = policyPeriod ? e.policy.favourableAfter : serviceArea === e.policy.area ? e.policy.favourableBefore : area.favourable;
  if (e.raceGap.races.includes(race1) || (multiracial && e.raceGap.races.includes(race2))) p *= e.raceGap.ratio;
  if (hasDocumentation) p *= e.simpson.favourableRatio;
  if (hasLanguageAccess) p = 1 - e.languageAccess.unfavourableRiskRatio * (1 - p);
  p = Math.min(0.99, Math.max(0.01, p));
  const favourable = rng.chance(p);
  const achieved = rng.chance(ACHIEVED_SHARE);
  const unfavourable = rng.pick(UNFAVOURABLE);
  const accepted = intake === 'accepted';
  const outcome = !accepted ? undefined : favourable ? (achieved ? 'achieved' : 'partially_achieved') : unfavourable;

  // Escalation: a denial or termination often goes to a formal appeal.
  const drawnEscalation = rng.pick(area.escalations);
  const appeal = rng.chance(0.4);
  const escalation = !accepted ? undefined : hasDenial && appeal && drawnEscalation === 'none' ? 'formal_appeal' : drawnEscalation;

  const benefit = BENEFIT[serviceArea];
  const hasBenefit = rng.chance(benefit?.share ?? 0);
  const amountU1 = rng.u(), amountU2 = rng.u();
  const benefitUsd = accepted && favourable && benefit && hasBenefit
    ? Math.round(logNormalOf(benefit.median, benefit.sigma, amountU1, amountU2)) : undefined;

  // What the organisation recorded.
  const g = org.gaps;
  return {
    orgId: org.id,
    caseId: caseId(org, index),
    program,
    serviceArea,
    intake,
    openedDay,
    closedDay: days === undefined ? undefined : openedDay + days,
    outcome,
    serviceLevel: accepted ? serviceLevel : undefined,
    escalation,
    barriers: barrierText(b),
    race: record(rng, raceText, g.race_ethnicity),
    gender: record(rng, gender, g.gender),
    ageBand: record(rng, ageBand, g.age_band),
    disability: record(rng, disabled ? 'yes' : 'no', g.disability),
    language: record(rng, language, g.language),
    interpreter: record(rng, interpreter ? 'yes' : 'no', g.interpreter_needed),
    incomeBand: record(rng, incomeBand, g.income_band),
    countyFips: record(rng, county.fips, g.county_fips),
    veteran: record(rng, veteran ? 'yes' : 'no', g.veteran),
    benefitUsd,
  };
}
