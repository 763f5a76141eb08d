// The figures of every scope other than all cases (each service area,
// organisation and program, and each report's filter), protected together with
// all cases and with what ties them: all cases = the sum of the service-area
// scopes = the sum of the organisation scopes, and an organisation = the sum of
// its programs' scopes, for every count of every group. Without these links a
// count hidden on one organisation's page could be recovered by subtracting the
// others from the all-cases page.
import type { DuckDBConnection } from '@duckdb/node-api';
import { link as same, ref, sumOf, type CellRef, type Constraint } from '../disclosure/index.ts';
import type { GroupRate } from '../measures/group-rates.ts';
import { groupLabel } from '../measures/labels.ts';
import { scopeFile, scopeFilterOf, scopeLabel, type ScopeFilter, type ScopeKind } from '../measures/scopes.ts';
import { rows as query } from './json-rows.ts';
import { cellKey, COUNT_COLUMNS, funnelFragment, funnelStatus, type FunnelCounts } from './protect-funnel.ts';
import type { Publication, PublicationFragment, PublishedFile } from './publication.ts';
import { isSmallSlice, SMALL } from './small-slices.ts';
import { publishGroupRates, type PublishedRate } from './published-rates.ts';

interface ScopeData {
  id: string;
  kind: ScopeKind;
  funnel: FunnelCounts[];
  rates: GroupRate[];
}

/** `small_slice`: under disclosure.min_slice_requests requests, so only the scope's own totals are shown, no breakdown. */
export interface PublishedScope { id: string; kind: ScopeKind; label: string; filter: ScopeFilter; file: string; small_slice: boolean }

const codeLabel = (key: string, code: string) => (key === 'service_area' ? groupLabel('service_area', code) : code);

/** The scopes of one kind whose counts add up to a total: service areas and organisations to all cases, an organisation's programs to it. */
function families(scopes: readonly ScopeData[]): { total: ScopeData | 'all'; parts: ScopeData[]; what: string; pool: string }[] {
  const out: ReturnType<typeof families> = [];
  for (const kind of ['service_area', 'organisation'] as const) {
    const parts = scopes.filter((s) => s.kind === kind);
    if (parts.length) out.push({ total: 'all', parts, what: `all cases = sum of ${kind} scopes`, pool: `${kind}=${SMALL}` });
  }
  for (const org of scopes.filter((s) => s.kind === 'organisation')) {
    const orgId = scopeFilterOf(org.id).organisation![0];
    const parts = scopes.filter((s) => s.kind === 'program' && scopeFilterOf(s.id).program![0].startsWith(`${orgId}/`));
    if (parts.length) out.push({ total: org, parts, what: `${org.id} = sum of its program scopes`, pool: `program=${orgId}/${SMALL}` });
  }
  return out;
}

/** The pooled breakdowns of a family's small scopes (`members`), as one unpublished scope. */
export interface ScopePool extends ScopeData { members: string[] }

const requestsOf = (s: ScopeData) => s.funnel.find((r) => r.dimension === 'all')?.requests;
const isSmall = (s: ScopeData, minRequests: number) => { const n = requestsOf(s); return n !== undefined && isSmallSlice(n, minRequests); };

/**
 * A scope under `minRequests` requests shows its own totals only: its
 * breakdowns are withheld (small-slices.ts), and where its family (the service
 * areas, the organisations, an organisation's programs) has large scopes too,
 * the withheld breakdowns are pooled into one unpublished scope (`…=(small)`)
 * whose counts are their sums, so that the family still adds up.
 */
export function poolSmallScopes(scopes: readonly ScopeData[], minRequests: number): { scopes: ScopeData[]; pools: ScopePool[]; withheld: CellRef[] } {
  const small = new Set(scopes.filter((s) => isSmall(s, minRequests)).map((s) => s.id));
  const shown = scopes.map((s) => (small.has(s.id) ? { ...s, funnel: s.funnel.filter((r) => r.dimension === 'all') } : s));
  const withheld = scopes.filter((s) => small.has(s.id)).flatMap((s) => s.funnel.filter((r) => r.dimension !== 'all')
    .flatMap((r) => COUNT_COLUMNS.map((column) => ref(column, cellKey(r.dimension, r.group_code, s.id)))));
  const pools: ScopePool[] = [];
  for (const f of families(scopes)) {
    const members = f.parts.filter((p) => small.has(p.id));
    // Every part small: nothing of theirs is shown below the totals, so there is nothing to pool (small-slices.ts).
    if (!members.length || members.length === f.parts.length) continue;
    const sums = new Map<string, FunnelCounts>();
    for (const r of members.flatMap((m) => m.funnel)) {
      const key = `${r.dimension}|${r.group_code}`;
      const sum = sums.get(key) ?? { dimension: r.dimension, group_code: r.group_code, requests: 0, accepted: 0, turned_away_capacity: 0, closed_accepted: 0, favourable: 0 };
      for (const column of COUNT_COLUMNS) sum[column] += r[column];
      sums.set(key, sum);
    }
    pools.push({ id: f.pool, kind: members[0].kind, funnel: [...sums.values()], rates: [], members: members.map((m) => m.id) });
  }
  return { scopes: shown, pools, withheld };
}

/**
 * Links between scopes: each site partition (service areas, organisations) adds
 * up to all cases; programs to their organisation. A family's small scopes take
 * part with their totals; their breakdowns through the family's pool, whose
 * totals are the small scopes' totals.
 */
export function scopeLinks(all: readonly FunnelCounts[], scopes: readonly ScopeData[], pools: readonly ScopePool[] = []): Constraint[] {
  const constraints: Constraint[] = [];
  const groups = (s: ScopeData) => new Set(s.funnel.map((r) => `${r.dimension}|${r.group_code}`));
  for (const { total, parts, what, pool: poolId } of families(scopes)) {
    const pool = pools.find((p) => p.id === poolId);
    const keys = total === 'all' ? new Set(all.map((r) => `${r.dimension}|${r.group_code}`)) : groups(total);
    const partKeys = parts.map(groups);
    const poolKeys = pool ? groups(pool) : new Set<string>();
    // Scopes count only some breakdowns (see mart_scope_funnel_strata): link those.
    const dimensions = new Set([...parts, ...(pool ? [pool] : [])].flatMap((p) => p.funnel.map((r) => r.dimension)));
    for (const key of keys) {
      const [dimension, group] = key.split('|');
      if (!dimensions.has(dimension)) continue;
      const present = parts.filter((_, i) => partKeys[i].has(key));
      // The pool stands for its members' breakdowns; their totals are parts of their own.
      if (dimension !== 'all' && poolKeys.has(key)) present.push(pool!);
      // A breakdown shown by none of the parts (all small, none pooled) adds up to nothing that is published.
      if (!present.length) continue;
      for (const column of COUNT_COLUMNS) {
        constraints.push(sumOf(
          ref(column, cellKey(dimension, group, total === 'all' ? 'all' : total.id)),
          present.map((p) => ref(column, cellKey(dimension, group, p.id))),
          `${column} ${dimension}=${group}: ${what}`,
        ));
      }
    }
    if (pool) {
      for (const column of COUNT_COLUMNS) {
        constraints.push(sumOf(ref(column, cellKey('all', 'all', pool.id)), pool.members.map((m) => ref(column, cellKey('all', 'all', m))), `${column}: ${pool.id} = sum of its small scopes`));
      }
    }
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
  fragment: ({ all, scopes }, config): PublicationFragment => {
    const { scopes: shown, pools, withheld } = poolSmallScopes(scopes, config.disclosure.min_slice_requests);
    const parts = shown.map((s) => funnelFragment(s.funnel, s.id));
    const pooled = pools.map((p) => funnelFragment(p.funnel, p.id));
    return {
      cells: [...parts.flatMap((p) => p.cells), ...pooled.flatMap((p) => p.cells.map((c) => ({ ...c, unpublished: true })))],
      constraints: [...parts, ...pooled].flatMap((p) => p.constraints).concat(scopeLinks(all, shown, pools)),
      withheld,
    };
  },
  files: ({ scopes }, status, config) => {
    const files: PublishedFile[] = [];
    const index: PublishedScope[] = [];
    for (const s of scopes) {
      const file = scopeFile(s.id);
      const rows: (PublishedRate & { scope: string })[] = publishGroupRates(s.rates, funnelStatus(status, s.id)).map((r) => ({ scope: s.id, ...r }));
      files.push({ name: file, body: rows, rows: rows.length });
      index.push({ id: s.id, kind: s.kind, label: scopeLabel(s.id, codeLabel), filter: scopeFilterOf(s.id), file, small_slice: isSmall(s, config.disclosure.min_slice_requests) });
    }
    index.unshift({ id: 'all', kind: 'all', label: scopeLabel('all'), filter: {}, file: 'group_rates.json', small_slice: false });
    files.push({ name: 'scopes.json', body: index, rows: index.length });
    return files;
  },
};
