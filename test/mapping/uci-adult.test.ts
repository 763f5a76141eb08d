// The mapping machinery on real public data: UCI Adult loads through the shipped
// mapping and reproduces the figures published in adult.names (lines 15-20):
// 48,842 instances; 23.93% with income over 50K. The counts by sex were derived
// independently by reading both files with Python's csv module (skipinitialspace,
// label stripped of its trailing period): Male 9,918 of 32,650, Female 1,769 of 16,192.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { ingestFile, type FileResult } from '../../pipeline/ingest/ingest.ts';
import { loadMapping } from '../../pipeline/ingest/mapping.ts';
import { query, tempWarehouse } from '../helpers.ts';

const ROOT = join(import.meta.dirname, '../..');
const UCI = join(ROOT, '../shared/data/uci-adult');
const MAPPING = join(ROOT, 'data/mappings/uci-adult.yaml');

describe('UCI Adult through the shipped mapping', () => {
  let w: Awaited<ReturnType<typeof tempWarehouse>>;
  let results: FileResult[];
  beforeAll(async () => {
    w = await tempWarehouse();
    const mapping = loadMapping(MAPPING);
    results = [];
    for (const f of ['adult.data', 'adult.test']) results.push(await ingestFile(w.connection, join(UCI, f), { mapping, asOf: '2025-01-01' }));
  });
  afterAll(() => w.close());

  it('loads every row of both files: 32,561 + 16,281 = 48,842', () => {
    expect(results.map((r) => [r.status, r.read, r.loaded, r.quarantined])).toEqual([
      ['loaded', 32_561, 32_561, 0],
      ['loaded', 16_281, 16_281, 0],
    ]);
  });

  it('reproduces the published share over 50K: 23.93%', async () => {
    const [r] = await query(w, `SELECT count(*) AS n, count(*) FILTER (WHERE outcome = 'achieved') AS over FROM cases`);
    expect(r).toEqual({ n: 48_842, over: 11_687 });
    expect(((Number(r.over) / Number(r.n)) * 100).toFixed(2)).toBe('23.93');
  });

  it('reproduces the counts by sex', async () => {
    const rows = await query(w, `SELECT gender[1] AS g, count(*) AS n, count(*) FILTER (WHERE outcome = 'achieved') AS over FROM cases GROUP BY 1 ORDER BY 1`);
    expect(rows).toEqual([{ g: 'man', n: 32_650, over: 9_918 }, { g: 'woman', n: 16_192, over: 1_769 }]);
  });

  it('bands age and stores no exact age; ids come from file name and line', async () => {
    const cols = (await query(w, `SELECT column_name FROM duckdb_columns() WHERE table_name = 'cases'`)).map((r) => r.column_name);
    expect(cols).not.toContain('age');
    const [first] = await query(w, `SELECT case_id, age_band, race_ethnicity FROM cases WHERE source_line = 2 AND case_id LIKE '%data%'`);
    // adult.data line 2: "39, State-gov, ..., White, Male, ..."
    expect(first).toEqual({ case_id: 'uci-adult-data-000002', age_band: '35-44', race_ethnicity: ['white'] });
  });

  it('without the mapping the file is refused: the exact age column is an identifier', async () => {
    const r = await ingestFile(w.connection, join(UCI, 'adult.data'), { format: 'csv', dryRun: true });
    expect(r.status).toBe('refused');
    expect(r.message).toContain("column 'age' is named like an exact age");
  });
});
