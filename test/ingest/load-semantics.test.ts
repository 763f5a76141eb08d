// Loading is idempotent, later exports update cases with history kept, and the
// counts reconcile across runs.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ingestFile } from '../../pipeline/ingest/ingest.ts';
import { runDataTests } from '../../pipeline/warehouse/datatests.ts';
import { VALID_ROW, query, tempWarehouse, writeCsv } from '../helpers.ts';

const AS_OF = '2025-06-30';
let w: Awaited<ReturnType<typeof tempWarehouse>>;
beforeEach(async () => { w = await tempWarehouse(); });
afterEach(() => w.close());

const open = (id: string) => ({ ...VALID_ROW, case_id: id, closed_on: '', days_to_close: '', outcome: '' });
const closed = (id: string, outcome = 'achieved') => ({ ...VALID_ROW, case_id: id, outcome });

describe('load semantics', () => {
  it('loading the same file twice is a no-op that says so', async () => {
    const path = writeCsv(w.dir, 'export.csv', [closed('A-0001'), open('A-0002')]);
    const first = await ingestFile(w.connection, path, { asOf: AS_OF });
    const second = await ingestFile(w.connection, path, { asOf: AS_OF });
    expect(first.status).toBe('loaded');
    expect(second.status).toBe('skipped');
    expect(second.message).toMatch(/^already loaded \(same content\) as run 1 at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d: nothing to do\.$/);
    expect(await query(w, `SELECT count(*) AS n FROM cases`)).toEqual([{ n: 2 }]);
    expect(await query(w, `SELECT count(*) AS n FROM ingest_runs`)).toEqual([{ n: 1 }]);
  });

  it('a later export updates a case and keeps the replaced version in history', async () => {
    await ingestFile(w.connection, writeCsv(w.dir, 'export-2023.csv', [open('A-0001'), open('A-0002')]), { asOf: AS_OF });
    const r = await ingestFile(w.connection, writeCsv(w.dir, 'export-2024.csv', [closed('A-0001', 'not_achieved'), open('A-0003')]), { asOf: AS_OF });
    expect({ read: r.read, loaded: r.loaded, updated: r.updated, quarantined: r.quarantined }).toEqual({ read: 2, loaded: 1, updated: 1, quarantined: 0 });
    expect(await query(w, `SELECT case_id, outcome, ingest_run_id FROM cases ORDER BY case_id`)).toEqual([
      { case_id: 'A-0001', outcome: 'not_achieved', ingest_run_id: 2 },
      { case_id: 'A-0002', outcome: null, ingest_run_id: 1 },
      { case_id: 'A-0003', outcome: null, ingest_run_id: 2 },
    ]);
    expect(await query(w, `SELECT case_id, outcome, ingest_run_id, superseded_by_run FROM case_history`)).toEqual([
      { case_id: 'A-0001', outcome: null, ingest_run_id: 1, superseded_by_run: 2 },
    ]);
  });

  it('the same case id in two organisations is two cases', async () => {
    const r = await ingestFile(w.connection, writeCsv(w.dir, 'two-orgs.csv', [closed('A-0001'), { ...closed('A-0001'), org_id: 'org-b' }]), { asOf: AS_OF });
    expect(r.loaded).toBe(2);
  });

  it('counts reconcile across runs and every data test passes', async () => {
    await ingestFile(w.connection, writeCsv(w.dir, 'e1.csv', [open('A-0001'), closed('A-0002'), { ...open('A-0003'), service_area: 'x' }]), { asOf: AS_OF });
    await ingestFile(w.connection, writeCsv(w.dir, 'e2.csv', [closed('A-0001'), closed('A-0004'), closed('A-0004')]), { asOf: AS_OF });
    const runs = await query(w, `SELECT rows_read, rows_loaded, rows_updated, rows_quarantined FROM ingest_runs ORDER BY run_id`);
    expect(runs).toEqual([
      { rows_read: 3, rows_loaded: 2, rows_updated: 0, rows_quarantined: 1 },
      { rows_read: 3, rows_loaded: 0, rows_updated: 1, rows_quarantined: 2 },
    ]);
    const tests = await runDataTests(w.connection);
    expect(tests.filter((t) => t.status === 'fail')).toEqual([]);
    expect(tests.length).toBeGreaterThan(20);
  });

  it('a data test fails when the warehouse is tampered with', async () => {
    await ingestFile(w.connection, writeCsv(w.dir, 'e1.csv', [closed('A-0001')]), { asOf: AS_OF });
    await w.connection.run(`INSERT INTO cases SELECT * FROM cases`);
    const failed = (await runDataTests(w.connection)).filter((t) => t.status === 'fail').map((t) => t.name);
    expect(failed).toEqual(['unique_case_per_org', 'reconciliation_cases_and_history']);
  });

  it('a dry run reports what would load and writes nothing', async () => {
    const r = await ingestFile(w.connection, writeCsv(w.dir, 'e1.csv', [closed('A-0001'), { ...closed('A-0002'), outcome: 'won' }]), { asOf: AS_OF, dryRun: true });
    expect({ status: r.status, loaded: r.loaded, quarantined: r.quarantined }).toEqual({ status: 'checked', loaded: 1, quarantined: 1 });
    expect(r.rules.map((x) => `${x.column}/${x.rule}@${x.firstLine}`)).toEqual(['outcome/unknown_code@3']);
    expect(await query(w, `SELECT (SELECT count(*) FROM cases) AS cases, (SELECT count(*) FROM ingest_runs) AS runs, (SELECT count(*) FROM quarantine) AS q`)).toEqual([{ cases: 0, runs: 0, q: 0 }]);
  });
});
