// Parameters of the SQL models, filled in by a typed builder: only known names,
// only values checked against the contract, always as quoted SQL literals.
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
  };
  return sql.replace(/\{\{\s*([a-z_]+)\s*\}\}/g, (_, name: string) => {
    if (!(name in values)) throw new Error(`${file}: unknown parameter {{ ${name} }}; known: ${Object.keys(values).join(', ')}`);
    return values[name];
  });
}
