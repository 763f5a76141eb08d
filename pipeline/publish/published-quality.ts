// Data quality as it may be published: each ingest run's row counts, quarantined
// rows by rule, and how often each demographic field is missing in each
// organisation's cases. Run and quarantine counts are about files, not people,
// but a quarantined row is a person's case, so they go through the same
// protection as everything else: 1..k−1 is shown as "fewer than k", and a count
// that would give one away by subtraction (read = loaded + updated + quarantined)
// is hidden too. Files are named by file name only, never by path.
// Missingness counts are the funnel's `requests` within each organisation
// (not recorded / not reported groups): the same cells an organisation page shows,
// linked to the all-cases funnel by Σ organisations = all.
import { ref, sumOf, type Cell, type CellStatus, type Constraint } from '../disclosure/index.ts';
import { DIMENSION_LABELS } from '../measures/labels.ts';
import { cellKey } from './protect-funnel.ts';
import { rateSuppressionReason, type FigureStatus, type SuppressionReason } from './published-rates.ts';
import type { Publication, PublicationFragment, StatusOf } from './publication.ts';
import { isSmallSlice, poolTwoWay } from './small-slices.ts';
import { rows as query } from './json-rows.ts';

export const INGEST_ROWS = 'ingest_rows';
export const QUARANTINE_ROWS = 'quarantine_rows';
const RUN_COUNTS = ['read', 'loaded', 'updated', 'quarantined'] as const;
/** The demographic fields whose missingness is published (race once: alone and in combination share their missing groups). */
export const DEMOGRAPHIC_FIELDS = ['race_ethnicity_alone', 'gender', 'age_band', 'disability', 'interpreter_needed', 'income_band', 'veteran', 'county'] as const;
export const MISSING_CODES = ['not_recorded', 'not_reported'] as const;

export interface IngestRun {
  run_id: number; file_name: string; format: string; status: string; as_of: string; started: string; duration_ms: number;
  read: number | null; loaded: number | null; updated: number | null; quarantined: number | null;
}
export interface QuarantineRule { rule: string; rows: number }
export interface MissingCount { org_id: string; dimension: string; group_code: string; requests: number }
export interface QualityData { runs: IngestRun[]; rules: QuarantineRule[]; missing: MissingCount[]; orgs: { org_id: string; requests: number }[] }

const orgScope = (org: string) => `organisation=${org}`;
const runKey = (run: number, count: string) => `run=${run}|${count}`;

export function qualityFragment({ runs, rules, missing, orgs }: QualityData, minRequests = 0): PublicationFragment {
  const cells: Cell[] = [];
  const constraints: Constraint[] = [];
  for (const r of runs) {
    if (r.read === null) continue; // a refused file: nothing was read into the warehouse
    for (const c of RUN_COUNTS) cells.push({ table: INGEST_ROWS, key: runKey(r.run_id, c), value: r[c] ?? 0 });
    constraints.push(sumOf(ref(INGEST_ROWS, runKey(r.run_id, 'read')), ['loaded', 'updated', 'quarantined'].map((c) => ref(INGEST_ROWS, runKey(r.run_id, c))), `rows of run ${r.run_id}`));
  }
  cells.push({ table: QUARANTINE_ROWS, key: 'all', value: rules.reduce((s, r) => s + r.rows, 0) });
  for (const r of rules) cells.push({ table: QUARANTINE_ROWS, key: `rule=${r.rule}`, value: r.rows });
  if (rules.length) constraints.push(sumOf(ref(QUARANTINE_ROWS, 'all'), rules.map((r) => ref(QUARANTINE_ROWS, `rule=${r.rule}`)), 'quarantined rows by rule'));
  // Missing groups by organisation: the organisation pages' own cells, withheld
  // with the rest of a small organisation's breakdowns (small-slices.ts).
  const cols = [...new Set(missing.map((m) => `${m.dimension}\u0000${m.group_code}`))];
  const byCell = new Map(missing.map((m) => [`${m.org_id}\u0000${m.dimension}\u0000${m.group_code}`, m.requests]));
  const requests = new Map(orgs.map((o) => [o.org_id, o.requests]));
  const split = (col: string) => col.split('\u0000') as [string, string];
  const pooled = poolTwoWay({
    name: 'missing groups by organisation', tables: ['requests'], rows: [...new Set(missing.map((m) => m.org_id))], cols,
    key: (org, col) => cellKey(...split(col), orgScope(org)),
    value: (_t, org, col) => byCell.get(`${org}\u0000${col}`),
    colTotal: (table, col) => ref(table, cellKey(...split(col))),
    smallRow: (org) => isSmallSlice(requests.get(org) ?? 0, minRequests), smallCol: () => false,
    label: (table, _side, col) => `${table} ${split(col).join('=')} by organisation`,
  });
  cells.push(...pooled.cells);
  constraints.push(...pooled.constraints);
  return { cells, constraints, withheld: pooled.withheld };
}

const hidden = (s: CellStatus) => s.state === 'suppressed';

export interface PublishedRun {
  run: number; file_name: string; format: string; status: string; as_of: string; started: string; duration_ms: number;
  read_count: number | null; loaded_count: number | null; updated_count: number | null; quarantined_count: number | null; suppressed: string[];
}
export interface PublishedRule { rule: string; rows_count: number | null; status: FigureStatus }
export interface PublishedMissing {
  org_id: string; dimension: string; dimension_label: string; group_code: string;
  missing_count: number | null; requests: number | null; share: number | null; status: FigureStatus;
  /** `small_slice`: the organisation is under disclosure.min_slice_requests requests, so its breakdowns are withheld. */
  suppression_reason: SuppressionReason | null;
}

export function publishQuality(data: QualityData, status: StatusOf, minCount: number): { runs: PublishedRun[]; rules: PublishedRule[]; missing: PublishedMissing[] } {
  const runs = data.runs.map((r): PublishedRun => {
    const show = (c: (typeof RUN_COUNTS)[number]) => (r.read === null || hidden(status(INGEST_ROWS, runKey(r.run_id, c))) ? null : r[c]);
    return {
      run: r.run_id, file_name: r.file_name, format: r.format, status: r.status, as_of: r.as_of, started: r.started, duration_ms: r.duration_ms,
      read_count: show('read'), loaded_count: show('loaded'), updated_count: show('updated'), quarantined_count: show('quarantined'),
      suppressed: r.read === null ? [] : RUN_COUNTS.filter((c) => hidden(status(INGEST_ROWS, runKey(r.run_id, c)))),
    };
  });
  const ruleRows = [{ rule: 'all', rows: data.rules.reduce((s, r) => s + r.rows, 0) }, ...data.rules];
  const rules = ruleRows.map((r): PublishedRule => {
    const off = hidden(status(QUARANTINE_ROWS, r.rule === 'all' ? 'all' : `rule=${r.rule}`));
    return { rule: r.rule, rows_count: off ? null : r.rows, status: off ? 'suppressed' : 'ok' };
  });
  const missing = data.missing.map((m): PublishedMissing => {
    const num = status('requests', cellKey(m.dimension, m.group_code, orgScope(m.org_id)));
    const den = status('requests', cellKey('organisation', m.org_id));
    const total = data.orgs.find((o) => o.org_id === m.org_id)!.requests;
    const off = hidden(num) || hidden(den);
    return {
      org_id: m.org_id, dimension: m.dimension, dimension_label: DIMENSION_LABELS[m.dimension] ?? m.dimension, group_code: m.group_code,
      missing_count: hidden(num) ? null : m.requests, requests: hidden(den) ? null : total, share: off ? null : m.requests / total,
      status: off ? 'suppressed' : total < minCount ? 'unstable' : 'ok', suppression_reason: rateSuppressionReason(num, den),
    };
  });
  return { runs, rules, missing };
}

const list = (xs: readonly string[]) => xs.map((x) => `'${x}'`).join(', ');

/** Data quality page: ingest runs, quarantine by rule, missing demographics by organisation. */
export const qualityPublication: Publication<QualityData> = {
  name: 'data_quality',
  read: async (c) => {
    const runs = await query<IngestRun>(c,
      `SELECT run_id, file_name, format, status, strftime(as_of, '%Y-%m-%d') AS as_of, strftime(started_at, '%Y-%m-%d %H:%M') AS started, duration_ms,
              rows_read AS read, rows_loaded AS loaded, rows_updated AS updated, rows_quarantined AS quarantined
       FROM ingest_runs ORDER BY run_id`);
    const rules = await query<QuarantineRule>(c, `SELECT rule, count(*) AS rows FROM quarantine GROUP BY rule ORDER BY rule`);
    const orgs = await query<{ org_id: string; requests: number }>(c, `SELECT group_code AS org_id, requests FROM marts.mart_funnel_counts WHERE dimension = 'organisation' ORDER BY 1`);
    // Every organisation × field × missing code the all-cases funnel has, with a zero where an organisation has none.
    const missing = await query<MissingCount>(c,
      `WITH wanted AS (
         SELECT o.group_code AS org_id, f.dimension, f.group_code
         FROM marts.mart_funnel_counts f, (SELECT group_code FROM marts.mart_funnel_counts WHERE dimension = 'organisation') o
         WHERE f.dimension IN (${list(DEMOGRAPHIC_FIELDS)}) AND f.group_code IN (${list(MISSING_CODES)})
       ),
       have AS (
         SELECT org_id, dimension, group_code, sum(requests)::BIGINT AS requests FROM marts.mart_funnel_strata
         WHERE dimension IN (${list(DEMOGRAPHIC_FIELDS)}) AND group_code IN (${list(MISSING_CODES)}) GROUP BY ALL
       )
       SELECT w.org_id, w.dimension, w.group_code, coalesce(h.requests, 0) AS requests
       FROM wanted w LEFT JOIN have h USING (org_id, dimension, group_code) ORDER BY 1, 2, 3`);
    return { runs, rules, missing, orgs };
  },
  fragment: (data, config) => qualityFragment(data, config.disclosure.min_slice_requests),
  files: (data, status, config) => {
    const { runs, rules, missing } = publishQuality(data, status, config.reliability.min_count);
    return [{ name: 'data_quality.json', body: { runs, quarantine_rules: rules, missing }, rows: runs.length + rules.length + missing.length }];
  },
};
