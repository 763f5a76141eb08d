// The methodology page's content, generated from the configuration and the
// definitions the pipeline runs, so the page cannot drift from the figures.
import type { Config } from '../config.ts';
import { MEASURES } from '../measures/group-rates.ts';
import { DIMENSION_LABELS } from '../measures/labels.ts';
import { OUTCOME } from '../contract/index.ts';
import { GRID_DAYS } from './published-resolution.ts';

/** `published`: used by a figure on the site today (the others are implemented and tested, not yet shown). */
export interface Method { topic: string; method: string; detail: string; reference: string; published: boolean }

/** Every statistical and disclosure method, with its reference. */
export const METHODS: readonly Method[] = [
  { topic: 'Interval of a rate', method: 'Wilson score interval', detail: 'No continuity correction; stays inside 0–100% and behaves well for small counts and rates near 0 or 1.', reference: 'Wilson (1927); Newcombe (1998), Statistics in Medicine 17:857–872, method 3', published: true },
  { topic: 'Disparity', method: 'Relative rate (rate ratio) with Katz log interval', detail: "A group's rate divided by the reference group's rate at the same funnel stage; with no events in the group, 0.5 is added to each cell (Haldane–Anscombe) and the row says so.", reference: 'Katz et al. (1978), Biometrics 34:469–474; OJJDP Relative Rate Index', published: true },
  { topic: 'Disparity within strata', method: 'Mantel–Haenszel rate ratio with Greenland–Robins interval', detail: 'The same comparison made within each service area × organisation and pooled, so that differences in case mix between services do not pass for differences in how groups are served (Simpson’s paradox). Wald test, Benjamini–Hochberg within the same family.', reference: 'Greenland & Robins (1985), Biometrics 41:55–68; Rothman, Greenland & Lash, Modern Epidemiology (3rd ed.) ch. 15', published: true },
  { topic: 'Test of a disparity', method: "Two-proportion z test, or Fisher's exact test when an expected count is under 5", detail: 'Two-sided; the method used is stated on every row.', reference: 'Agresti (2013), Categorical Data Analysis §3.1; Fisher (1935); Cochran (1954)', published: true },
  { topic: 'Many comparisons', method: 'Benjamini–Hochberg false discovery rate', detail: 'Adjusted within each family: one funnel stage × one breakdown (all groups compared with the same reference). Raw and adjusted p-values are both published.', reference: 'Benjamini & Hochberg (1995), JRSS B 57:289–300', published: true },
  { topic: 'Reliability', method: 'Count and relative standard error', detail: 'Unstable when the denominator is under the minimum count or the RSE reaches the unstable threshold; very unstable past the second threshold. Unstable figures are shown and marked, never hidden behind decimals.', reference: 'NCHS Data Presentation Standards for Proportions (Parker et al. 2017); New Mexico IBIS', published: true },
  { topic: 'Time to resolution', method: 'Kaplan–Meier with Greenwood variance and log-log interval; median and percentiles with Brookmeyer–Crowley intervals', detail: 'Open cases are censored at the as-of day, not dropped.', reference: 'Kaplan & Meier (1958); Kalbfleisch & Prentice (1980); Brookmeyer & Crowley (1982), Biometrics 38:29–41', published: true },
  { topic: 'Barriers and outcomes', method: 'Risk ratio of an unfavourable outcome with vs without each barrier, pooled (Katz interval) and within service area (Mantel–Haenszel)', detail: 'Among closed, accepted cases; Benjamini–Hochberg across barriers, separately for the pooled and within-area families; a barrier whose pooled and within-area intervals lie on opposite sides of 1 is flagged as reversing.', reference: 'Katz et al. (1978); Greenland & Robins (1985); Benjamini & Hochberg (1995)', published: true },
  { topic: 'Change since the last period', method: "Newcombe's hybrid score interval for a difference of proportions", detail: "Built from each quarter's Wilson interval; a change is called clear only when its interval excludes 0. Quarters are those in which cases were opened; the change is between the last two whole quarters (the data miss at most a week of each, as for trends).", reference: 'Newcombe (1998), Statistics in Medicine 17:873–890, method 10', published: true },
  { topic: 'Trends and policy changes', method: 'Weighted least squares on the log-odds; segmented regression for before/after', detail: 'Quarterly series of every funnel stage, overall and by group. The change per quarter is a slope on the log-odds weighted by each quarter\'s denominator, with a t interval; it is labelled rising or falling only when its interval excludes 0, else stable, and refused with fewer than 4 quarters. Quarters the data cover only in part (more than a week missing at either edge) are shown, flagged, and left out of the slope. A dated policy change (listed below) gets a level change and a slope change at its date by segmented regression, with intervals and the Durbin–Watson statistic; with fewer periods with cases than the configured minimum on either side it is refused with the reason, never estimated. Small numbers: the quarterly counts are protected with every other count (a group\'s quarters add up to its total on the Outcomes page, and a quarter\'s groups to the quarter\'s total), and a trend or before/after estimate is published only when every count of every whole period of its series is published (a month, never published itself, must hold 0 or at least k cases), since a slope and its interval are two equations in a hidden quarter\'s two counts.', reference: 'Draper & Smith (1998); Wagner et al. (2002), J Clin Pharm Ther 27:299–309; Clegg et al. (2009), Stat Med 28:3670–3682', published: true },
  { topic: 'Intersections', method: 'Rates by each pair of breakdowns against the pair\'s reference cell', detail: 'Favourable outcome of closed cases in each pair of demographic breakdowns and each demographic breakdown by service area, compared with the cell where both breakdowns are at their reference group; crude and within service area × organisation (Mantel–Haenszel); Benjamini–Hochberg within each pair.', reference: 'Benjamini & Hochberg (1995); Greenland & Robins (1985)', published: false },
  { topic: 'Benefits obtained', method: 'Sum and median of benefit amounts on favourable cases; order-statistic interval for the median', detail: 'Only favourable cases that recorded an amount; how many did is stated. The interval runs between the j-th and (n − j + 1)-th smallest amounts, j from the binomial(n, ½) distribution, so it holds whatever the shape of the amounts; its exact coverage is stated.', reference: 'Conover (1999), Practical Nonparametric Statistics §3.2; Campbell & Gardner (1988), BMJ 296:1454–1456', published: false },
  { topic: 'Small cells', method: 'Primary suppression of counts 1 to k−1', detail: 'Zero is shown. Any rate, interval, ratio or p-value built from a suppressed count is suppressed with it.', reference: 'CMS cell size suppression policy (1–10 never published); HUD Stella P', published: true },
  { topic: 'Time-to-resolution curves and small numbers', method: 'Coarse grid with merged stretches', detail: '', reference: 'Hundepool et al., Statistical Disclosure Control (2012) §5 (tables of magnitudes and frequencies); this project', published: true },
  { topic: 'Recovery by subtraction', method: 'Complementary suppression with a linear-programming attacker audit', detail: 'Every published breakdown that sums to a total (and programs to their organisation) is a constraint; for each suppressed cell the interval an attacker can infer from everything published is computed with HiGHS, and the cell counts as protected only when that interval spans at least k−1 and does not pin the value.', reference: 'Hundepool et al., Statistical Disclosure Control (2012) ch. 4; τ-Argus; sdcTable', published: true },
];

/** The curve rule in words, from the grid the publish step uses, so the page cannot drift from it. */
export function curveRule(k: number): string {
  return `A Kaplan–Meier curve steps down at every day a case closed; with the number of accepted cases, each step gives how many closed that day. So a curve is published only for groups whose number of accepted cases is published, only at days ${GRID_DAYS.join(', ')}, only while at least ${k} cases are still open, and with days left out (merged) until the closings before the first shown day, between any two shown days and after the last shown day are each 0 or at least ${k}. A group with no such day gets no curve. Medians and percentiles are published for the same groups.`;
}

export function methodologyDocument(config: Config) {
  const methods = METHODS.map((m) => (m.topic === 'Time-to-resolution curves and small numbers' ? { ...m, detail: curveRule(config.disclosure.k) } : m));
  return {
    favourable_outcomes: config.measures.favourable_outcomes.map((code) => ({ code, label: OUTCOME[code as keyof typeof OUTCOME] })),
    confidence_level: config.measures.confidence_level,
    min_group_share: config.measures.min_group_share,
    reference_groups: Object.entries(config.measures.reference_groups).map(([dimension, rule]) => ({ dimension, label: DIMENSION_LABELS[dimension] ?? 'every other breakdown', rule })),
    reliability: config.reliability,
    disclosure: config.disclosure,
    measures: MEASURES.map((m) => ({ id: m.id, label: m.label, numerator: m.numerator, denominator: m.denominator })),
    policy_changes: config.measures.policy_changes.map((p) => ({ ...p, service_area: p.service_area ?? 'all' })),
    dimensions: Object.entries(DIMENSION_LABELS).filter(([d]) => d !== 'all').map(([id, label]) => ({ id, label })),
    methods,
    curve_grid_days: [...GRID_DAYS],
  };
}
