// End to end: ingestHmisFolder converts the Eva sample export and loads it into
// a temporary warehouse through the ordinary ingest; every data test passes and
// the counts reconcile. Expected numbers: see hmis-sample.test.ts (2,960 heads of
// household in Eva, 473 in greenriver, from awk and Python's csv module).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ingestHmisFolder, type HmisIngestResult } from '../../pipeline/importers/hmis/ingest.ts';
import { runDataTests, type DataTestResult } from '../../pipeline/warehouse/datatests.ts';
import { query, tempWarehouse } from '../helpers.ts';
import { EVA, GREENRIVER } from './hmis-helpers.ts';

describe('ingestHmisFolder on the Eva sample export', () => {
  let w: Awaited<ReturnType<typeof tempWarehouse>>;
  let eva: HmisIngestResult;
  let tests: DataTestResult[];
  beforeAll(async () => {
    w = await tempWarehouse();
    eva = await ingestHmisFolder(w.connection, EVA, { asOf: '2025-01-01', returnsFile: join(w.dir, 'eva-returns.parquet') });
    tests = await runDataTests(w.connection);
  });
  afterAll(() => { w.close(); rmSync(w.dir, { recursive: true, force: true }); });

  it('loads every head-of-household enrollment, quarantining nothing', () => {
    expect(eva.result).toMatchObject({ file: EVA, status: 'loaded', format: 'parquet', read: 2960, loaded: 2960, updated: 0, quarantined: 0, rules: [], missingColumns: [], unusedColumns: [] });
    expect(eva.summary.cases).toBe(2960);
  });

  it('passes every data test, reconciliation included', () => {
    expect(tests.filter((t) => t.status !== 'pass')).toEqual([]);
    expect(tests.map((t) => t.name)).toEqual(expect.arrayContaining(['reconciliation_per_run', 'reconciliation_quarantine_lines', 'reconciliation_cases_and_history', 'unique_case_per_org']));
  });

  it('reconciles the run: read = loaded + updated + quarantined, and the warehouse holds exactly the cases read', async () => {
    const [run] = await query(w, `SELECT file_name, rows_read, rows_loaded, rows_updated, rows_quarantined FROM ingest_runs WHERE status = 'loaded'`);
    expect(run).toEqual({ file_name: 'eva-demo-fy2024.parquet', rows_read: 2960, rows_loaded: 2960, rows_updated: 0, rows_quarantined: 0 });
    const [cases] = await query(w, `SELECT count(*) AS n, count(closed_on) AS closed, count(*) FILTER (WHERE outcome = 'achieved') AS achieved FROM cases`);
    expect(cases).toEqual({ n: 2960, closed: 2680, achieved: 1588 });
  });

  it('removes its temporary cases file and keeps the returns file only when asked', () => {
    expect(existsSync(eva.summary.casesFile)).toBe(false);
    expect(existsSync(join(w.dir, 'eva-returns.parquet'))).toBe(true);
  });

  it('skips the same export the second time (the conversion is byte-for-byte repeatable)', async () => {
    const again = await ingestHmisFolder(w.connection, EVA, { asOf: '2025-01-01' });
    expect(again.result.status).toBe('skipped');
    expect(existsSync(again.summary.returnsFile)).toBe(false);
  });

  it('loads a second export beside it without touching the first (ids are namespaced by source)', async () => {
    const gr = await ingestHmisFolder(w.connection, GREENRIVER, { asOf: '2025-01-01' });
    expect(gr.result).toMatchObject({ status: 'loaded', read: 473, loaded: 473, updated: 0, quarantined: 0 });
    expect(await query(w, `SELECT split_part(org_id, '-', 1) AS source, count(*) AS n FROM cases GROUP BY 1 ORDER BY 1`)).toEqual([
      { source: '1106', n: 473 }, { source: 'demo999', n: 2960 },
    ]);
    expect((await runDataTests(w.connection)).filter((t) => t.status !== 'pass')).toEqual([]);
  });
});
