// Returns to homelessness by group (HMIS exports only): for each window, the
// share of exits to permanent housing followed by a new homeless enrollment,
// among the exits whose window had elapsed, with its Wilson interval,
// reliability, and ratio against the reference group. The rates are computed by
// group-rates.ts's computeRates, the same way as the funnel's; lower is better.
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Config } from '../config.ts';
import { computeRates, GROUP_RATE_COLUMNS, type CountRow, type GroupRate, type RateFamily } from './group-rates.ts';
import { writeTable, type Columns } from './table-writer.ts';

type ReturnCount = 'exits_to_permanent' | 'followed_6m' | 'returned_6m' | 'followed_12m' | 'returned_12m' | 'followed_24m' | 'returned_24m';
const COUNTS: readonly ReturnCount[] = ['exits_to_permanent', 'followed_6m', 'returned_6m', 'followed_12m', 'returned_12m', 'followed_24m', 'returned_24m'];

export const RETURN_FAMILY: RateFamily<ReturnCount> = {
  measures: [
    { id: 'returned_6m', label: 'Returned to homelessness within 6 months (of exits followed 6 months)', numerator: 'returned_6m', denominator: 'followed_6m', better: 'lower' },
    { id: 'returned_12m', label: 'Returned to homelessness within 12 months (of exits followed 12 months)', numerator: 'returned_12m', denominator: 'followed_12m', better: 'lower' },
    { id: 'returned_24m', label: 'Returned to homelessness within 24 months (of exits followed 24 months)', numerator: 'returned_24m', denominator: 'followed_24m', better: 'lower' },
  ],
  size: 'exits_to_permanent',
  sizeLabel: 'exits to permanent housing',
  namedReferenceMayBeAbsent: true,
};

/** A return rate: a group rate whose group size is its exits to permanent housing. No within-strata adjustment (yet). */
export type ReturnRate = Omit<GroupRate, 'requests' | 'adjusted_ratio' | 'adjusted_lower' | 'adjusted_upper' | 'adjusted_p' | 'adjusted_p_bh' | 'adjusted_for'> & { exits_to_permanent: number };

const { requests: _requests, adjusted_ratio: _ar, adjusted_lower: _al, adjusted_upper: _au, adjusted_p: _ap, adjusted_p_bh: _abh, adjusted_for: _af, ...shared } = GROUP_RATE_COLUMNS;
export const RETURN_RATE_COLUMNS: Columns<ReturnRate> = { ...shared, exits_to_permanent: 'BIGINT' };

export function computeReturnRates(counts: readonly CountRow<ReturnCount>[], config: Config): ReturnRate[] {
  return computeRates(counts, config, RETURN_FAMILY).map(({ requests, adjusted_ratio: _1, adjusted_lower: _2, adjusted_upper: _3, adjusted_p: _4, adjusted_p_bh: _5, adjusted_for: _6, ...rate }) =>
    ({ ...rate, exits_to_permanent: requests }));
}

export async function buildReturnRates(c: DuckDBConnection, config: Config): Promise<ReturnRate[]> {
  const counts = ((await c.runAndReadAll(`SELECT * FROM marts.mart_return_counts ORDER BY dimension, group_code`)).getRowObjectsJS() as Record<string, unknown>[])
    .map((r) => ({ dimension: String(r.dimension), group_code: String(r.group_code), ...Object.fromEntries(COUNTS.map((k) => [k, Number(r[k])])) }) as CountRow<ReturnCount>);
  const rows = computeReturnRates(counts, config);
  await writeTable(c, 'marts', 'return_rates', RETURN_RATE_COLUMNS, rows);
  return rows;
}
