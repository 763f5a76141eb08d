// Scopes: the sets of cases a page or report is about. `all` is every case; the
// site adds one scope per service area, organisation and program (discovered in
// the data), and each report adds the scope its filters select. Every measure of
// group_rates is computed again within each scope (scope_group_rates), and the
// publish step protects all scopes together with the links between them.
import { sqlString } from '../contract/checks.ts';
import { InputError } from '../errors.ts';

export const FILTER_KEYS = ['service_area', 'organisation', 'program', 'county'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];

/** Codes per key; a case is in the scope when it matches every key given (any of the codes of a key). Program codes are `org_id/program`. */
export type ScopeFilter = Partial<Record<FilterKey, string[]>>;

export type ScopeKind = 'all' | 'service_area' | 'organisation' | 'program' | 'report';

export interface Scope { id: string; kind: ScopeKind; label: string; filter: ScopeFilter }

const CODE = /^[A-Za-z0-9_.\-/]+$/;

/** The canonical id of a filter: keys and codes sorted, `key=a+b;key2=c`; `all` when it filters nothing. */
export function scopeId(filter: ScopeFilter): string {
  const parts: string[] = [];
  for (const key of FILTER_KEYS) {
    const codes = filter[key];
    if (!codes || codes.length === 0) continue;
    for (const code of codes) {
      if (!CODE.test(code)) throw new InputError(`scope filter ${key}: '${code.slice(0, 40)}' is not a code (letters, digits, _ . - / only).`);
    }
    parts.push(`${key}=${[...new Set(codes)].sort().join('+')}`);
  }
  return parts.length ? parts.join(';') : 'all';
}

/** The file a scope's figures are published in, under the published folder. */
export function scopeFile(id: string): string {
  return `scopes/${id.replace(/[^A-Za-z0-9_.=+;-]/g, '~')}.json`;
}

/** The report scopes as SQL rows for the int_scopes model (codes were checked by scopeId). */
export function scopeFiltersSql(filters: readonly ScopeFilter[]): string {
  const list = (codes?: string[]) => (codes?.length ? `[${[...new Set(codes)].sort().map(sqlString).join(', ')}]::VARCHAR[]` : 'NULL::VARCHAR[]');
  const unique = new Map(filters.map((f) => [scopeId(f), f] as const));
  unique.delete('all');
  const rows = [...unique].map(([id, f]) => `(${sqlString(id)}, ${list(f.service_area)}, ${list(f.organisation)}, ${list(f.program)}, ${list(f.county)})`);
  const columns = 'scope_id, service_areas, organisations, programs, counties';
  return rows.length
    ? `select * from (values ${rows.join(', ')}) as t(${columns})`
    : `select NULL::VARCHAR as scope_id, NULL::VARCHAR[] as service_areas, NULL::VARCHAR[] as organisations, NULL::VARCHAR[] as programs, NULL::VARCHAR[] as counties where false`;
}

/** The filter a canonical scope id stands for (the inverse of scopeId). */
export function scopeFilterOf(id: string): ScopeFilter {
  if (id === 'all') return {};
  const filter: ScopeFilter = {};
  for (const part of id.split(';')) {
    const [key, codes] = part.split('=');
    if (!(FILTER_KEYS as readonly string[]).includes(key) || !codes) throw new Error(`not a scope id: ${id}`);
    filter[key as FilterKey] = codes.split('+');
  }
  return filter;
}

const KEY_LABELS: Record<FilterKey, string> = { service_area: 'Service area', organisation: 'Organisation', program: 'Program', county: 'County' };

/** A scope's name for people, e.g. "Service area: Housing" or "Service area: Benefits; County: 53033, 53053". */
export function scopeLabel(id: string, label: (key: FilterKey, code: string) => string = (_, code) => code): string {
  if (id === 'all') return 'All cases';
  return Object.entries(scopeFilterOf(id)).map(([key, codes]) => `${KEY_LABELS[key as FilterKey]}: ${codes!.map((c) => label(key as FilterKey, c)).join(', ')}`).join('; ');
}
