// Returns to homelessness by group (HMIS exports only), protected with the rest:
// exits to permanent housing, and per window the exits followed and the returns,
// each a table over every breakdown with its margins. Published only when there
// are returns data; the rates built from a hidden count are hidden with it.
import type { DuckDBConnection } from '@duckdb/node-api';
import type { GroupRate } from '../measures/group-rates.ts';
import { RETURN_COUNTS, RETURN_FAMILY, type ReturnCount, type ReturnRate } from '../measures/return-rates.ts';
import { rows as query } from './json-rows.ts';
import { countFragment, funnelStatus } from './protect-funnel.ts';
import type { Publication } from './publication.ts';
import { publishRates, type PublishedRate } from './published-rates.ts';

/** A published return rate: a published group rate whose group size is its exits to permanent housing, with no within-strata ratio. */
export type PublishedReturnRate = Omit<PublishedRate, 'requests' | 'adjusted_ratio' | 'adjusted_lower' | 'adjusted_upper' | 'adjusted_p' | 'adjusted_p_bh' | 'adjusted_for'> & { exits_to_permanent: number | null };

type ReturnCounts = { dimension: string; group_code: string } & Record<ReturnCount, number>;

export const returnRatesPublication: Publication<{ counts: ReturnCounts[]; rates: ReturnRate[] }> = {
  name: 'return_rates',
  read: async (c: DuckDBConnection) => ({
    counts: await query<ReturnCounts>(c, `SELECT * FROM marts.mart_return_counts ORDER BY dimension, group_code`),
    rates: await query<ReturnRate>(c, `SELECT * FROM marts.return_rates ORDER BY measure, dimension, group_code`),
  }),
  // Cell tables are named by count column; return counts never share a name with funnel counts.
  fragment: ({ counts }) => countFragment(counts, RETURN_COUNTS),
  files: ({ counts, rates }, status) => {
    if (!counts.some((r) => r.dimension === 'all' && r.exits_to_permanent > 0)) return [];
    const asGroupRates = rates.map((r): GroupRate => ({
      ...r, requests: r.exits_to_permanent, adjusted_ratio: null, adjusted_lower: null, adjusted_upper: null, adjusted_p: null, adjusted_p_bh: null, adjusted_for: null,
    }));
    const published = publishRates(asGroupRates, RETURN_FAMILY, funnelStatus(status))
      .map(({ requests, adjusted_ratio: _1, adjusted_lower: _2, adjusted_upper: _3, adjusted_p: _4, adjusted_p_bh: _5, adjusted_for: _6, ...r }): PublishedReturnRate => ({ ...r, exits_to_permanent: requests }));
    return [{ name: 'return_rates.json', body: published, rows: published.length }];
  },
};
