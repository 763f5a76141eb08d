// The figures of every scope other than all cases (each service area,
// organisation and program, and each report's filter), protected together with
// all cases and with what ties them: all cases = the sum of the service-area
// scopes = the sum of the organisation scopes, and an organisation = the sum of
// its programs' scopes, for every count of every group. Without these links a
// count hidden on one organisation's page could be recovered by subtracting the
// others from the all-cases page.
import type { DuckDBConnection } from '@duckdb/node-api';
import { link as same, ref, sumOf, type Constraint, type Fragment } from '../disclosure/index.ts';
import type { GroupRate } from '../measures/group-rates.ts';
import { groupLabel } from '../measures/labels.ts';
import { scopeFile, scopeFilterOf, scopeLabel, type ScopeFilter, type ScopeKind } from '../measures/scopes.ts';
import { rows as query } from './json-rows.ts';
import { cellKey, COUNT_COLUMNS, funnelFragment, funnelStatus, type FunnelCounts } from './protect-funnel.ts';
import type { Publication, PublishedFile } from './publication.ts';
import { publishGroupRates, type PublishedRate } from './published-rates.ts';

interface ScopeData {
  id: string;
  kind: ScopeKind;
  funnel: FunnelCounts[];
  rates: GroupRate[];
}

export interface PublishedScope { id: string; kind: ScopeKind; label: string; filter: ScopeFilter; file: string }

const codeLabel = (key: string, code: string) => (key === 'service_area' ? groupLabel('service_area', code) : code);

/** Links between scopes: each site partition (service areas, organisations) adds up to all cases; programs to their organisation. */
export function scopeLinks(all: readonly FunnelCounts[], scopes: readonly ScopeData[]): Constraint[] {
  const constraints: Constraint[] = [];
  const groups = (s: ScopeData) => new Set(s.funnel.map((r) => `${r.dimension}|${r.group_code}`));
  const link = (total: ScopeData | 'all', parts: readonly ScopeData[], what: string) => {
    const keys = total === 'all' ? new Set(all.map((r) => `${r.dimension}|${r.group_code}`)) : groups(total);
    const partKeys = parts.map(groups);
    // Scopes count only some breakdowns (see mart_scope_funnel_strata): link those.
    const dimensions = new Set(parts.flatMap((p) => p.funnel.map((r) => r.dimension)));
    for (const key of keys) {
      const [dimension, group] = key.split('|');
      if (!dimensions.has(dimension)) continue;
      const present = parts.filter((_, i) => partKeys[i].has(key));
      for (const column of COUNT_COLUMNS) {
        constraints.push(sumOf(
          ref(column, cellKey(dimension, group, total === 'all' ? 'all' : total.id)),
          present.map((p) => ref(column, cellKey(dimension, group, p.id))),
          `${column} ${dimension}=${group}: ${what}`,
        ));
      }
    }
  };
  for (const kind of ['service_area', 'organisation'] as const) {
    const parts = scopes.filter((s) => s.kind === kind);
    if (parts.length) link('all', parts, `all cases = sum of ${kind} scopes`);
  }
  for (const org of scopes.filter((s) => s.kind === 'organisation')) {
    const orgId = scopeFilterOf(org.id).organisation![0];
    const programs = scopes.filter((s) => s.kind === 'program' && scopeFilterOf(s.id).program![0].startsWith(`${orgId}/`));
    if (programs.length) link(org, programs, `${org.id} = sum of its program scopes`);
  }
  // A site scope's own totals are the all-cases page's counts of that service
  // area, organisation or program: the same numbers under two keys, so equal.
  const oneWay = new Set(all.map((r) => `${r.dimension}|${r.group_code}`));
  for (const s of scopes) {
    if (s.kind !== 'service_area' && s.kind !== 'organisation' && s.kind !== 'program') continue;
    const code = scopeFilterOf(s.id)[s.kind]![0];
    if (!oneWay.has(`${s.kind}|${code}`) || !s.funnel.some((r) => r.dimension === 'all')) continue;
    for (const column of COUNT_COLUMNS) {
      constraints.push(same(ref(column, cellKey(s.kind, code)), ref(column, cellKey('all', 'all', s.id)), `${column}: ${s.id} = the all-cases ${s.kind} count`));
    }
  }
  return constraints;
}

export const scopesPublication: Publication<{ all: FunnelCounts[]; scopes: ScopeData[] }> = {
  name: 'scopes',
  read: async (c: DuckDBConnection) => {
    const all = await query<FunnelCounts>(c, `SELECT * FROM marts.mart_funnel_counts ORDER BY dimension, group_code`);
    const funnel = await query<FunnelCounts & { scope_id: string; scope_kind: ScopeKind }>(c, `SELECT * FROM marts.mart_scope_funnel_counts ORDER BY scope_id, dimension, group_code`);
    const rates = await query<GroupRate & { scope_id: string }>(c, `SELECT * FROM marts.scope_group_rates ORDER BY scope_id, measure, dimension, group_code`);
    const scopes = new Map<string, ScopeData>();
    for (const r of funnel) {
      if (!scopes.has(r.scope_id)) scopes.set(r.scope_id, { id: r.scope_id, kind: r.scope_kind, funnel: [], rates: [] });
      scopes.get(r.scope_id)!.funnel.push(r);
    }
    for (const r of rates) scopes.get(r.scope_id)?.rates.push(r);
    return { all, scopes: [...scopes.values()] };
  },
  fragment: ({ all, scopes }): Fragment => {
    const parts = scopes.map((s) => funnelFragment(s.funnel, s.id));
    return { cells: parts.flatMap((p) => p.cells), constraints: [...parts.flatMap((p) => p.constraints), ...scopeLinks(all, scopes)] };
  },
  files: ({ scopes }, status) => {
    const files: PublishedFile[] = [];
    const index: PublishedScope[] = [];
    for (const s of scopes) {
      const file = scopeFile(s.id);
      const rows: (PublishedRate & { scope: string })[] = publishGroupRates(s.rates, funnelStatus(status, s.id)).map((r) => ({ scope: s.id, ...r }));
      files.push({ name: file, body: rows, rows: rows.length });
      index.push({ id: s.id, kind: s.kind, label: scopeLabel(s.id, codeLabel), filter: scopeFilterOf(s.id), file });
    }
    index.unshift({ id: 'all', kind: 'all', label: scopeLabel('all'), filter: {}, file: 'group_rates.json' });
    files.push({ name: 'scopes.json', body: index, rows: index.length });
    return files;
  },
};
