// What a case looks like in each service area, before any planted effect: how
// often it ends well, how long it runs, the level of service and escalation, and
// the barriers that belong to the area itself (housing_availability in housing,
// immigration_status in immigration, ...).
import type { SERVICE_AREA } from '../contract/codes.ts';
import { weighted, type Weighted } from './rng.ts';

export type ServiceArea = keyof typeof SERVICE_AREA;

export interface AreaProfile {
  /** Favourable probability of the reference profile (white, no language_access or documentation barrier, before any policy change). */
  favourable: number;
  /** Median days from opening to closing of an accepted case at brief_service level. */
  medianDays: number;
  serviceLevels: Weighted<string>;
  escalations: Weighted<string>;
  /** Barriers typical of the area with their prevalence; the planted barriers are set in effects.ts. */
  barriers: readonly (readonly [string, number])[];
}

const levels = (advice: number, brief: number, extended: number, representation: number) =>
  weighted({ advice, brief_service: brief, extended_service: extended, representation });
const escalations = (supervisor: number, appeal: number, legal: number, policy: number) =>
  weighted({ none: 100 - supervisor - appeal - legal - policy, supervisor, formal_appeal: appeal, legal_action: legal, policy_referral: policy });

export const AREAS: Readonly<Record<ServiceArea, AreaProfile>> = {
  housing: {
    favourable: 0.55, medianDays: 45, serviceLevels: levels(25, 35, 25, 15), escalations: escalations(8, 6, 10, 3),
    barriers: [['housing_availability', 0.32], ['cost', 0.12], ['discrimination', 0.04], ['system_complexity', 0.06]],
  },
  income_benefits: {
    favourable: 0.62, medianDays: 60, serviceLevels: levels(30, 40, 20, 10), escalations: escalations(8, 18, 3, 3),
    barriers: [['eligibility_rules', 0.16], ['denial_or_termination', 0.20], ['system_complexity', 0.12]],
  },
  health: {
    favourable: 0.70, medianDays: 40, serviceLevels: levels(35, 45, 15, 5), escalations: escalations(8, 8, 1, 2),
    barriers: [['cost', 0.16], ['eligibility_rules', 0.10], ['denial_or_termination', 0.08]],
  },
  legal: {
    favourable: 0.58, medianDays: 75, serviceLevels: levels(30, 25, 20, 25), escalations: escalations(6, 5, 18, 1),
    barriers: [['system_complexity', 0.14], ['cost', 0.08], ['childcare', 0.03]],
  },
  immigration: {
    favourable: 0.50, medianDays: 150, serviceLevels: levels(25, 25, 20, 30), escalations: escalations(6, 12, 8, 1),
    barriers: [['immigration_status', 0.35], ['system_complexity', 0.15], ['cost', 0.06]],
  },
  education: {
    favourable: 0.65, medianDays: 50, serviceLevels: levels(30, 40, 25, 5), escalations: escalations(6, 3, 1, 1),
    barriers: [['childcare', 0.12], ['cost', 0.06]],
  },
  employment: {
    favourable: 0.52, medianDays: 40, serviceLevels: levels(35, 40, 20, 5), escalations: escalations(5, 3, 2, 1),
    barriers: [['childcare', 0.15], ['discrimination', 0.03]],
  },
  family_safety: {
    favourable: 0.66, medianDays: 35, serviceLevels: levels(20, 40, 25, 15), escalations: escalations(10, 3, 12, 2),
    barriers: [['housing_availability', 0.15], ['childcare', 0.10], ['system_complexity', 0.08]],
  },
  food: {
    favourable: 0.85, medianDays: 14, serviceLevels: levels(40, 50, 10, 0), escalations: escalations(4, 4, 0, 1),
    barriers: [['eligibility_rules', 0.06]],
  },
  disability_services: {
    favourable: 0.60, medianDays: 70, serviceLevels: levels(20, 35, 35, 10), escalations: escalations(8, 10, 2, 3),
    barriers: [['eligibility_rules', 0.12], ['system_complexity', 0.10]],
  },
  other: {
    favourable: 0.60, medianDays: 30, serviceLevels: levels(50, 40, 10, 0), escalations: escalations(5, 2, 1, 1),
    barriers: [['cost', 0.06]],
  },
};

/** Spread of log(days to close) around the area median. */
export const DAYS_SIGMA = 0.85;
/** Longer levels of service take longer to close. */
export const LEVEL_DAYS_FACTOR: Readonly<Record<string, number>> = { advice: 0.2, brief_service: 1, extended_service: 2, representation: 3 };
/** Longest case the sample writes: well inside the contract's 3650. */
export const MAX_DAYS = 1200;

/** Barriers of every area; rural clients meet transportation barriers far more often. */
export const TRANSPORTATION = { rural: 0.22, other: 0.05 };
export const OTHER_BARRIER = 0.02;
export const MAX_BARRIERS = 3;

/** Intake decisions when the request is not turned away for capacity. */
export const OTHER_INTAKE = weighted({
  accepted: 84, waitlisted: 4, turned_away_ineligible: 6, declined_by_client: 2.5, referred_elsewhere: 3.5,
});
/** A waitlisted request either leaves the list after a while (closed, no outcome) or stays open. */
export const WAITLIST_CLOSES = 0.6;
export const WAITLIST_MEDIAN_DAYS = 60;
/** Requests that are not accepted close within days of intake. */
export const NOT_ACCEPTED_MAX_DAYS = 10;

/** Unfavourable outcomes, and how a favourable one splits. */
export const UNFAVOURABLE = weighted({ not_achieved: 50, lost_contact: 25, withdrawn: 15, referred_out: 10 });
export const ACHIEVED_SHARE = 0.7;

/** Monetary benefit on favourable cases: share that record one, median annual USD, spread. */
export const BENEFIT: Readonly<Partial<Record<ServiceArea, { share: number; median: number; sigma: number }>>> = {
  income_benefits: { share: 0.45, median: 5400, sigma: 0.7 },
  legal: { share: 0.25, median: 1800, sigma: 0.9 },
};
