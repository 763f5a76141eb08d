// Counts an attacker gets by subtraction. Many published counts are nested: the
// favourable cases are some of the closed ones, the followed exits some of the
// exits, the requests that met a barrier some of the group's requests. The
// difference of two such counts is itself a count of clients (closed − favourable
// = the unfavourable ones), and it may be 1 to k−1 even when both counts are
// large: 40 closed and 35 favourable give away 5 unfavourable outcomes. CMS's
// rule covers such derived cells too. Each difference is therefore declared as a
// cell of its own (never shown: it has no file) with the equation
// whole = parts + difference, so primary suppression and the LP audit treat it
// like any published count, and protection hides a shown count where needed.
import { cellId, ref, sumOf, type Cell, type CellRef, type Constraint, type Fragment } from '../disclosure/index.ts';
import { BARRIER_OUTCOME, WITH_BARRIER } from './published-barriers.ts';
import { BARRIER_PAIR } from './published-cooccurrence.ts';

/** `whole` − Σ `parts`, as the cell `difference`. */
export interface Difference { difference: CellRef; whole: CellRef; parts: CellRef[] }

/** Finds the differences among the cells of the problem; `has` tells whether a cell is in it. */
type Rule = (cells: readonly Cell[], has: (table: string, key: string) => boolean) => Difference[];

/** Two count columns of the same row (same key): `whole` holds the cases of every part. */
const sameRow = (name: string, whole: string, parts: readonly string[]): Rule => (cells, has) =>
  cells.filter((c) => c.table === whole && parts.every((p) => has(p, c.key)))
    .map((c) => ({ difference: ref(name, c.key), whole: ref(whole, c.key), parts: parts.map((p) => ref(p, c.key)) }));

/** Within one table, rows whose keys differ by their last part: `…|closed_with` holds `…|unfavourable_with`. */
const sameTable = (table: string, name: string, wholeSuffix: string, partSuffix: string): Rule => (cells, has) =>
  cells.filter((c) => c.table === table && c.key.endsWith(wholeSuffix))
    .map((c) => ({ c, part: c.key.slice(0, -wholeSuffix.length) + partSuffix }))
    .filter(({ part }) => has(table, part))
    .map(({ c, part }) => ({ difference: ref(name, c.key), whole: ref(table, c.key), parts: [ref(table, part)] }));

/** Requests that did not meet a barrier: the group's requests − those that met it (same group, same scope). */
const withoutBarrier: Rule = (cells, has) =>
  cells.filter((c) => c.table === WITH_BARRIER)
    .map((c) => ({ c, group: c.key.slice(c.key.indexOf('|') + 1) }))
    .filter(({ group }) => has('requests', group))
    .map(({ c, group }) => ({ difference: ref('requests_without_barrier', c.key), whole: ref('requests', group), parts: [ref(WITH_BARRIER, c.key)] }));

/**
 * A pair of barriers is a 2×2 table of requests: both (published), one but not
 * the other (each barrier's requests − both) and neither (requests − the other
 * three). Keys: `barriers=a+b|scope`, the barriers `barrier=a|scope`.
 */
const barrierPairTable: Rule = (cells, has) =>
  cells.filter((c) => c.table === BARRIER_PAIR).flatMap((c) => {
    const m = /^barriers=([^+|]+)\+([^|]+)\|(.*)$/.exec(c.key);
    if (!m) throw new Error(`publish: barrier pair cell ${cellId(c)} is not keyed barriers=a+b|scope`);
    const [, a, b, scope] = m;
    const single = (x: string) => ref(WITH_BARRIER, `barrier=${x}|${scope}`);
    if (!has(WITH_BARRIER, single(a).key) || !has(WITH_BARRIER, single(b).key) || !has('requests', scope)) return [];
    const only = (x: string) => ref('barrier_pair_one_only', `${x}|${c.key}`);
    return [
      { difference: only(a), whole: single(a), parts: [ref(BARRIER_PAIR, c.key)] },
      { difference: only(b), whole: single(b), parts: [ref(BARRIER_PAIR, c.key)] },
      { difference: ref('barrier_pair_neither', c.key), whole: ref('requests', scope), parts: [ref(BARRIER_PAIR, c.key), only(a), only(b)] },
    ];
  });

/**
 * Every nesting among the published counts, each difference a count of clients:
 * requests not accepted for another reason than capacity, accepted cases still
 * open, closed cases that did not end well; exits not yet followed long enough,
 * followed exits that did not return; closed cases that did not end well with
 * and without each barrier; requests without a barrier, and the 2×2 table of
 * each pair of barriers.
 */
export const NESTED_COUNTS: readonly Rule[] = [
  sameRow('requests_declined', 'requests', ['accepted', 'turned_away_capacity']),
  sameRow('accepted_open', 'accepted', ['closed_accepted']),
  sameRow('closed_not_favourable', 'closed_accepted', ['favourable']),
  sameRow('exits_not_followed_6m', 'exits_to_permanent', ['followed_6m']),
  sameRow('followed_6m_not_12m', 'followed_6m', ['followed_12m']),
  sameRow('followed_12m_not_24m', 'followed_12m', ['followed_24m']),
  ...(['6m', '12m', '24m'] as const).map((w) => sameRow(`followed_${w}_not_returned`, `followed_${w}`, [`returned_${w}`])),
  sameTable(BARRIER_OUTCOME, 'barrier_outcome_favourable', '|closed_with', '|unfavourable_with'),
  sameTable(BARRIER_OUTCOME, 'barrier_outcome_favourable', '|closed_without', '|unfavourable_without'),
  withoutBarrier,
  barrierPairTable,
];

/** The differences of nested counts in `problem`, as cells with their equations. Throws when a declared nesting does not hold (a bug). */
export function nestedDifferences(problem: Fragment, rules: readonly Rule[] = NESTED_COUNTS): Fragment {
  const byId = new Map(problem.cells.map((c) => [cellId(c), c]));
  const has = (table: string, key: string) => byId.has(cellId({ table, key }));
  const cells: Cell[] = [];
  const constraints: Constraint[] = [];
  const seen = new Set<string>();
  for (const rule of rules) {
    for (const d of rule(problem.cells, has)) {
      const id = cellId(d.difference);
      if (seen.has(id) || byId.has(id)) continue;
      seen.add(id);
      const whole = byId.get(cellId(d.whole))!;
      const parts = d.parts.map((p) => byId.get(cellId(p))!);
      // A part may be a difference declared before it (the neither cell of a barrier pair); one that was not declared drops the rule.
      if (parts.some((p) => p === undefined)) continue;
      // Magnitudes (sums of amounts) are not counts of clients: no difference of theirs is a cell.
      if (whole.magnitude || parts.some((p) => p.magnitude)) continue;
      const value = whole.value - parts.reduce((s, p) => s + p.value, 0);
      // Never the values: they are clients' counts on their way to a log.
      if (value < 0) throw new Error(`publish: ${cellId(d.whole)} is declared to hold ${d.parts.map(cellId).join(' + ')}, but it is smaller; a publication's counts are not nested as declared`);
      const cell: Cell = { table: d.difference.table, key: d.difference.key, value, unpublished: true };
      cells.push(cell);
      byId.set(id, cell);
      constraints.push(sumOf(d.whole, [...d.parts, d.difference], `${id}: by subtraction`));
    }
  }
  return { cells, constraints };
}
