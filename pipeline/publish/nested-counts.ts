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
import { BARRIER_OUTCOME } from './published-barriers.ts';

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

/**
 * The differences declared: those that give an outcome away (closed cases that did
 * not end well, followed exits that did not return, and the same with and without
 * each barrier). Declaring every nesting (also requests − accepted − turned away,
 * accepted − closed, exits − followed, requests without a barrier, barriers met
 * without the other of a pair) made 13,000 more cells on the 50,000-case sample:
 * publishing took 4 min 45 s instead of 25 s and hid 33% of cells; those wait for
 * a faster protection (pipeline/disclosure/README.md).
 */
export const NESTED_COUNTS: readonly Rule[] = [
  sameRow('closed_not_favourable', 'closed_accepted', ['favourable']),
  ...(['6m', '12m', '24m'] as const).map((w) => sameRow(`followed_${w}_not_returned`, `followed_${w}`, [`returned_${w}`])),
  sameTable(BARRIER_OUTCOME, 'barrier_outcome_favourable', '|closed_with', '|unfavourable_with'),
  sameTable(BARRIER_OUTCOME, 'barrier_outcome_favourable', '|closed_without', '|unfavourable_without'),
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
      // Magnitudes (sums of amounts) are not counts of clients: no difference of theirs is a cell.
      if (whole.magnitude || parts.some((p) => p.magnitude)) continue;
      const value = whole.value - parts.reduce((s, p) => s + p.value, 0);
      // Never the values: they are clients' counts on their way to a log.
      if (value < 0) throw new Error(`publish: ${cellId(d.whole)} is declared to hold ${d.parts.map(cellId).join(' + ')}, but it is smaller; a publication's counts are not nested as declared`);
      cells.push({ table: d.difference.table, key: d.difference.key, value });
      constraints.push(sumOf(d.whole, [...d.parts, d.difference], `${id}: by subtraction`));
    }
  }
  return { cells, constraints };
}
