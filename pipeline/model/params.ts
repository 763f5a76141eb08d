// Parameters of the SQL models, filled in by a typed builder: only known names,
// only values checked against the contract, always as quoted SQL literals; and
// the few SQL fragments several models share, so that they are written once.
import { OUTCOME } from '../contract/index.ts';
import { sqlString } from '../contract/checks.ts';
import { InputError } from '../errors.ts';
import { scopeFiltersSql, type ScopeFilter } from '../measures/scopes.ts';

export interface ModelParams {
  /** Outcome codes counted as favourable (CONTRACT.md default: achieved, partially_achieved). */
  favourableOutcomes: readonly string[];
  /** Open cases are censored at this day, YYYY-MM-DD. */
  asOf: string;
  /** Scopes the reports ask for, besides the site's (every service area, organisation and program). */
  scopeFilters?: readonly ScopeFilter[];
}

/**
 * The service funnel's counts, defined once for every model that counts it: each
 * stage and the case flag (from staging.stg_cases) that puts a case in it.
 */
export const FUNNEL_STAGES = [
  { name: 'requests', flag: null },
  { name: 'accepted', flag: 'is_accepted' },
  { name: 'turned_away_capacity', flag: 'is_turned_away_capacity' },
  { name: 'closed_accepted', flag: 'is_closed_accepted' },
  { name: 'favourable', flag: 'is_favourable' },
] as const;

/** SQL fragments shared by several models: `{{ funnel_counts }}` counts case rows, `{{ funnel_sums }}` adds up counted rows. */
const FRAGMENTS: Record<string, string> = {
  funnel_counts: FUNNEL_STAGES.map((s) => `count(*)${s.flag ? ` filter (where ${s.flag})` : ''} as ${s.name}`).join(',\n        '),
  funnel_sums: FUNNEL_STAGES.map((s) => `sum(${s.name})::bigint as ${s.name}`).join(',\n        '),
};

export function renderSql(sql: string, params: ModelParams, file: string): string {
  for (const o of params.favourableOutcomes) {
    if (!(o in OUTCOME)) throw new InputError(`favourable outcome '${o}' is not an outcome code: use ${Object.keys(OUTCOME).join(', ')}.`);
  }
  if (params.favourableOutcomes.length === 0) throw new InputError('at least one outcome must count as favourable.');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(params.asOf)) throw new InputError(`as-of day '${params.asOf}' is not YYYY-MM-DD.`);
  const values: Record<string, string> = {
    favourable_outcomes: params.favourableOutcomes.map(sqlString).join(', '),
    as_of: `DATE ${sqlString(params.asOf)}`,
    report_scopes: scopeFiltersSql(params.scopeFilters ?? []),
    ...FRAGMENTS,
  };
  return sql.replace(/\{\{\s*([a-z_]+)\s*\}\}/g, (_, name: string) => {
    if (!(name in values)) throw new Error(`${file}: unknown parameter {{ ${name} }}; known: ${Object.keys(values).join(', ')}`);
    return values[name];
  });
}
