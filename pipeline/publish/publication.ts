// What the publish step publishes, as a list of publications. Each one reads its
// marts, contributes the counts it will show (and the equations an attacker
// knows hold among them) to ONE joint protection problem, and after protection
// writes its files with every figure's status. One problem for everything, because
// tables published side by side are linked: a count hidden on one page must not be
// recoverable from another. Two publications that show the same count use the
// same cell (same table and key); the joint problem holds it once.
import type { DuckDBConnection } from '@duckdb/node-api';
import type { CellRef, CellStatus, Constraint, Fragment } from '../disclosure/index.ts';
import { cellId } from '../disclosure/index.ts';
import type { Config } from '../config.ts';

/** The disclosure status of a cell by table and key; throws when the cell was never protected. */
export type StatusOf = (table: string, key: string) => CellStatus;

export interface PublishedFile {
  /** Path under the published folder, e.g. `group_rates.json` or `scopes/organisation=org-a.json`. */
  name: string;
  body: unknown;
  rows: number;
}

/** A publication's cells and equations, plus the cells it withholds as small slices (small-slices.ts): suppressed, and never in the problem. */
export interface PublicationFragment extends Fragment {
  withheld?: CellRef[];
}

export interface Publication<T> {
  name: string;
  /** Reads what it publishes from the marts (never the case tables). */
  read(c: DuckDBConnection, config: Config): Promise<T>;
  /** The counts it shows and the equations among them. */
  fragment(data: T, config: Config): PublicationFragment;
  /** The files it publishes, every figure built from a hidden count hidden too. */
  files(data: T, status: StatusOf, config: Config): PublishedFile[];
}

/** Joins fragments: a cell shown by several publications is one cell (it must hold the same value). */
export function joinFragments(fragments: readonly Fragment[]): Fragment {
  const cells = new Map<string, Fragment['cells'][number]>();
  const constraints: Constraint[] = [];
  for (const f of fragments) {
    for (const cell of f.cells) {
      const id = cellId(cell);
      const seen = cells.get(id);
      // The values are counts of clients: never in a message (they reach logs).
      if (seen && seen.value !== cell.value) throw new Error(`publication: cell ${id} is shown with two different values by two publications`);
      cells.set(id, cell);
    }
    constraints.push(...f.constraints);
  }
  return { cells: [...cells.values()], constraints };
}
