// The cases table is created by a migration; its columns must be exactly the
// typed columns derived from the zod schema (plus the load's own bookkeeping).
import { describe, expect, it } from 'vitest';
import { typedSelectSql } from '../../pipeline/contract/typed.ts';
import { query, tempWarehouse } from '../helpers.ts';

describe('warehouse cases table', () => {
  it('has exactly the columns the contract derives, with the types the derivation produces', async () => {
    const w = await tempWarehouse();
    try {
      const derived = [...typedSelectSql().matchAll(/ AS ([a-z_]+)(?:,|$)/gm)].map((m) => m[1]);
      const table = (await query(w, `SELECT column_name FROM duckdb_columns() WHERE table_name = 'cases' ORDER BY column_index`)).map((r) => r.column_name);
      expect([...table].sort()).toEqual([...derived, 'ingest_run_id', 'source_line'].sort());
      // Types: materialise the derived expressions over a NULL text row and compare.
      await w.connection.run(`CREATE TEMP TABLE t AS SELECT ${typedSelectSql(() => 'NULL::VARCHAR')}`);
      const derivedTypes = await query(w, `SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = 't' ORDER BY 1`);
      const tableTypes = await query(w, `SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = 'cases' AND column_name NOT IN ('ingest_run_id', 'source_line') ORDER BY 1`);
      expect(derivedTypes).toEqual(tableTypes);
    } finally {
      w.close();
    }
  });
});
