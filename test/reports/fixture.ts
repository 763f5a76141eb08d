// A small publication written the way the publish step writes one (manifest,
// group_rates.json, a scope), with figures chosen by hand so the expected text
// can be written down: 256 of 412 is 62.1%, shown with the interval 58.0%–66.0%.
// Intervals are stated, not computed: the ledger only formats what the
// publication says. One group is suppressed, one unstable.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PublishedRate } from '../../pipeline/publish/published-rates.ts';

const LABELS: Record<string, string> = {
  accepted_of_requests: 'Accepted', favourable_of_closed: 'Favourable outcome (of closed, accepted)', turned_away_capacity_of_requests: 'Turned away for lack of capacity', closed_of_accepted: 'Closed (of accepted)',
};
const DIM: Record<string, string> = { all: 'All cases', interpreter_needed: 'Interpreter needed', quarter: 'Quarter opened', service_area: 'Service area' };
const GROUP: Record<string, string> = { yes: 'Yes', no: 'No', not_recorded: 'Not recorded', all: 'All cases', income_benefits: 'Income and public benefits', housing: 'Housing' };

interface Spec { num: number | null; den: number | null; lower?: number; upper?: number; status?: PublishedRate['rate_status']; reason?: PublishedRate['suppression_reason']; ref?: boolean; ratio?: [number, number, number] }

export function row(measure: string, dimension: string, group: string, s: Spec): PublishedRate {
  const hidden = s.status === 'suppressed';
  const rate = hidden || s.num === null || !s.den ? null : s.num / s.den;
  return {
    measure, measure_label: LABELS[measure], dimension, dimension_label: DIM[dimension], group_code: group, group_label: GROUP[group] ?? group,
    numerator: hidden ? null : s.num, denominator: hidden ? null : s.den, requests: hidden ? null : s.den,
    rate, rate_lower: rate === null ? null : s.lower ?? rate - 0.02, rate_upper: rate === null ? null : s.upper ?? rate + 0.02, confidence_level: 0.95,
    rate_status: s.status ?? 'ok', suppression_reason: hidden ? s.reason ?? 'primary' : null, reliability: hidden ? 'suppressed' : s.status === 'unstable' ? 'unstable' : 'ok',
    is_reference: !!s.ref, reference_group: dimension === 'all' ? null : 'no', reference_rule: dimension === 'all' ? 'none (all cases)' : 'largest group',
    rate_ratio: s.ref ? 1 : s.ratio?.[0] ?? null, ratio_lower: s.ref ? 1 : s.ratio?.[1] ?? null, ratio_upper: s.ref ? 1 : s.ratio?.[2] ?? null,
    ratio_status: dimension === 'all' ? 'not_compared' : hidden ? 'suppressed' : s.ratio || s.ref ? s.status ?? 'ok' : 'not_compared',
    ratio_suppression_reason: hidden ? s.reason ?? 'primary' : null,
    test_method: s.ratio ? 'two_proportion_z' : null, p_value: s.ratio ? 0.0004 : null, p_adjusted: s.ratio ? 0.0008 : null,
    adjusted_ratio: s.ratio ? s.ratio[0] + 0.01 : null, adjusted_lower: s.ratio ? s.ratio[1] + 0.01 : null, adjusted_upper: s.ratio ? s.ratio[2] + 0.01 : null,
    adjusted_p: s.ratio ? 0.001 : null, adjusted_p_bh: s.ratio ? 0.002 : null, adjusted_for: s.ratio ? 'service area and organisation' : null,
    comparison_family: `${measure} by ${dimension}`, note: s.ref ? 'reference group' : null,
  };
}

const QUARTERS = ['2023-Q1', '2023-Q2', '2023-Q3', '2023-Q4', '2024-Q1', '2024-Q2', '2024-Q3', '2024-Q4'];

/** The rows of one scope: interpreter need at two funnel stages, plus the breakdowns the checks read. */
export function scopeRows(scale = 1): PublishedRate[] {
  const n = (v: number) => Math.round(v * scale);
  return [
    row('favourable_of_closed', 'all', 'all', { num: n(2100), den: n(3600) }),
    row('favourable_of_closed', 'interpreter_needed', 'no', { num: n(1800), den: n(3000), ref: true }),
    row('favourable_of_closed', 'interpreter_needed', 'yes', { num: 256, den: 412, lower: 0.58, upper: 0.66, ratio: [1.04, 0.97, 1.11] }),
    row('favourable_of_closed', 'interpreter_needed', 'not_recorded', { num: null, den: null, status: 'suppressed' }),
    row('accepted_of_requests', 'all', 'all', { num: n(5000), den: n(6000) }),
    row('accepted_of_requests', 'interpreter_needed', 'no', { num: n(4300), den: n(5100), ref: true }),
    row('accepted_of_requests', 'interpreter_needed', 'yes', { num: 600, den: 880, ratio: [0.81, 0.77, 0.85] }),
    row('accepted_of_requests', 'interpreter_needed', 'not_recorded', { num: 14, den: 20, lower: 0.48, upper: 0.86, status: 'unstable', ratio: [0.83, 0.6, 1.1] }),
    row('turned_away_capacity_of_requests', 'all', 'all', { num: n(500), den: n(6000) }),
    row('turned_away_capacity_of_requests', 'interpreter_needed', 'no', { num: n(400), den: n(5100), ref: true }),
    row('turned_away_capacity_of_requests', 'interpreter_needed', 'yes', { num: 90, den: 880, ratio: [1.3, 1.05, 1.6] }),
    ...QUARTERS.map((q) => row('accepted_of_requests', 'quarter', q, { num: n(600), den: n(750) })),
    row('accepted_of_requests', 'service_area', 'income_benefits', { num: n(2500), den: n(3000) }),
    row('accepted_of_requests', 'service_area', 'housing', { num: n(2500), den: n(3000) }),
  ];
}

export const MANIFEST = {
  k: 11, cells_protected: 100, publications: ['group_rates'], suppressed_share: 0.01,
  favourable_outcomes: ['achieved', 'partially_achieved'], confidence_level: 0.95,
  reliability: { min_count: 30, unstable_rse: 0.3, very_unstable_rse: 0.5 },
  data: { first_opened: '2023-01-01', last_opened: '2024-12-31', last_load: '2025-01-15 10:00:00', loads: 3 },
  warehouse_schema: 2, code_version: '0.1.0+fixture', files: [],
};

export const BENEFITS_SCOPE = { id: 'service_area=income_benefits', label: 'Service area: Income and public benefits', kind: 'service_area', filter: { service_area: ['income_benefits'] }, file: 'scopes/service_area=income_benefits.json' };

export const HOUSING_SCOPE = { id: 'service_area=housing', label: 'Service area: Housing', kind: 'service_area', filter: { service_area: ['housing'] }, file: 'scopes/service_area=housing.json' };

/** Writes the publication to a new temporary folder and returns it. */
export function writePublication({ withScopes = true } = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'reports-pub-'));
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(MANIFEST));
  writeFileSync(join(dir, 'group_rates.json'), JSON.stringify(scopeRows(3)));
  if (withScopes) {
    mkdirSync(join(dir, 'scopes'));
    writeFileSync(join(dir, 'scopes.json'), JSON.stringify([{ ...BENEFITS_SCOPE }, { ...HOUSING_SCOPE }]));
    for (const scope of [BENEFITS_SCOPE, HOUSING_SCOPE]) writeFileSync(join(dir, scope.file), JSON.stringify(scopeRows(1).map((r) => ({ ...r, scope: scope.id }))));
  }
  return dir;
}

/** Writes report definitions (file name → YAML) to a new temporary folder. */
export function writeReports(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'reports-def-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}
