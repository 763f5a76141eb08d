// truth.json: what the sample contains, machine-readable, so tests and later
// statistics can check that they recover exactly what was planted.
import { relative, sep } from 'node:path';
import { DEFAULT_FAVOURABLE_OUTCOMES } from '../contract/codes.ts';
import { PERIOD_END, PERIOD_START } from './calendar.ts';
import { OUTCOME_MODEL, nullModel, truthEffects, type EffectParams } from './effects.ts';
import type { WrittenFile } from './exports.ts';
import type { OrgDef } from './orgs.ts';
import { COUNTIES } from './population.ts';
import { AREAS, DAYS_SIGMA, LEVEL_DAYS_FACTOR } from './services.ts';

export const SYNTHETIC_STATEMENT = 'This is synthetic data made by a random generator. It describes no real people, cases or organisations.';

export interface TruthInput {
  outDir: string;
  seed: number;
  cases: number;
  layout: 'orgs' | 'single-csv';
  effects: EffectParams;
  orgs: readonly { org: OrgDef; cases: number }[];
  files: readonly WrittenFile[];
}

/** A file's path relative to the output directory, with forward slashes, so the directory can move. */
export function relativePath(outDir: string, path: string): string {
  return relative(outDir, path).split(sep).join('/');
}

export function buildTruth(t: TruthInput): Record<string, unknown> {
  const e = t.effects;
  return {
    synthetic: true,
    statement: SYNTHETIC_STATEMENT,
    generator: 'advocacy-analytics pipeline/sample',
    seed: t.seed,
    cases: t.cases,
    rows: t.files.reduce((n, f) => n + f.rows, 0),
    layout: t.layout,
    planted: e.planted,
    period: { from: PERIOD_START, to: PERIOD_END, intake: 'weekdays, spread evenly over the period' },
    favourable_outcomes: DEFAULT_FAVOURABLE_OUTCOMES,
    counties: COUNTIES.map((c) => ({ county_fips: c.fips, name: c.name, rural: c.rural })),
    orgs: t.orgs.map(({ org, cases }) => ({
      org_id: org.id,
      case_id_prefix: `${org.prefix}-`,
      cases,
      service_areas: org.areas.items,
      description: org.description,
      format: org.dialect.format,
      ...(org.dialect.format === 'csv'
        ? { delimiter: org.dialect.delimiter, bom: org.dialect.bom, line_ending: org.dialect.crlf ? 'crlf' : 'lf', header: org.dialect.header }
        : {}),
      date_precision: org.dialect.datePrecision,
      days_to_close: org.dialect.daysToClose,
      recording_gaps: org.gaps,
    })),
    files: t.files.map((f) => ({
      path: relativePath(t.outDir, f.path),
      ...(f.orgId ? { org_id: f.orgId } : {}),
      format: f.format,
      rows: f.rows,
      update_rows: f.updates,
      as_of: f.asOf,
    })),
    model: {
      outcome: OUTCOME_MODEL,
      favourable_base: Object.fromEntries(Object.entries(AREAS).map(([a, p]) => [a, p.favourable])),
      days_to_close: {
        accepted: `round(median_days(service_area) × level_factor(service_level) × exp(${DAYS_SIGMA} × N(0,1))) plus the disability days when planted, at most 1200`,
        median_days: Object.fromEntries(Object.entries(AREAS).map(([a, p]) => [a, p.medianDays])),
        level_factor: LEVEL_DAYS_FACTOR,
        not_accepted: '0–10 days; waitlisted requests leave the list after a log-normal wait (median 60 days) or stay open',
      },
      updates: 'A case open on an export\'s cut-off day appears again in the next year\'s file of its organisation with its new state (latest export wins). Cases still open on 2024-12-31 stay open (censored).',
    },
    effects: truthEffects(e),
    ...(e.planted ? {} : { null_model: nullModel(e) }),
  };
}
