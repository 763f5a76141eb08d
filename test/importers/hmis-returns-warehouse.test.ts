// Returns to homelessness through the warehouse: the two sample HMIS exports
// (/work/shared/data/hmis-sample) are ingested, their returns land in
// case_returns in the same transaction as their cases, and the measures count
// them by group.
//
// Three counts must agree for each export (heads of household):
//   1. case_returns in the warehouse;
//   2. the importer's own computation (its summary, and returns.parquet row by row);
//   3. an independent count derived below in JavaScript from the source CSVs
//      (`independentReturns`: Enrollment, Exit, Project and Export read as text,
//      the README's Measure 2 rule written again in plain loops, no SQL), which
//      must also equal the numbers printed by the Python script
//      `python3 test/fixtures/hmis/independent_counts.py <set>`:
//        eva heads: exits to permanent 1588, from SO/ES/TH/SH/PH 756, returned within 180/365/730 days 36/57/40, 24-month window not covered 1287
//        eva heads: measure 2 exits 756, followed 180/365/730 days 608/452/224, returned 32/50/39
//        greenriver heads: exits to permanent 131, from SO/ES/TH/SH/PH 124, returned within 180/365/730 days 5/0/0, 24-month window not covered 131
//        greenriver heads: measure 2 exits 124, followed 180/365/730 days 61/0/0, returned 5/0/0
// ("followed" = the whole window is over by ExportEndDate: 2022-09-30 for both.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { ingestHmisFolder, type HmisIngestResult } from '../../pipeline/importers/hmis/ingest.ts';
import { ingestFile } from '../../pipeline/ingest/ingest.ts';
import { buildMeasures } from '../../pipeline/measures/build.ts';
import { wilson } from '../../pipeline/measures/stats/index.ts';
import { MODEL_TESTS } from '../../pipeline/model/tests.ts';
import { ConfigSchema } from '../../pipeline/config.ts';
import { runDataTests } from '../../pipeline/warehouse/datatests.ts';
import { query, tempWarehouse, VALID_ROW, writeCsv } from '../helpers.ts';
import { caseIdOf, EVA, GREENRIVER, readCsv, readParquet } from './hmis-helpers.ts';

const HOMELESS_TYPES = new Set([0, 1, 2, 4, 8]); // ES entry/exit, ES night-by-night, TH, SO, SH
const PH_TYPES = new Set([3, 9, 10, 13]); // PSH, PH housing only, PH with services, RRH
const PERMANENT = new Set([410, 411, 421, 422, 423, 426, 435]);
const WINDOWS = { '6m': 180, '12m': 365, '24m': 730 } as const;
type Window = keyof typeof WINDOWS;

interface Counts {
  exits: number; measure2Exits: number; unobserved24m: number;
  returned: Record<Window, number>; m2Followed: Record<Window, number>; m2Returned: Record<Window, number>;
}

const DAY = 86_400_000;
const day = (s: unknown) => (s ? Date.parse(`${String(s).slice(0, 10)}T00:00:00Z`) : null);

/** Returns of heads of household, from the CSVs alone. Per exit: case id → { exit, days to the first return or null, measure 2 exit }. */
async function independentReturns(folder: string): Promise<{ counts: Counts; byCase: Map<string, { exit: number; days: number | null; m2: boolean }> }> {
  const [exp] = await readCsv(join(folder, 'Export.csv'));
  const end = day(exp.ExportEndDate)!;
  const types = new Map((await readCsv(join(folder, 'Project.csv'))).map((p) => [p.ProjectID, Number(p.ProjectType)]));
  const exits = new Map((await readCsv(join(folder, 'Exit.csv'))).map((x) => [x.EnrollmentID, x]));
  const stays = (await readCsv(join(folder, 'Enrollment.csv'))).map((e) => {
    const x = exits.get(e.EnrollmentID);
    const exitDay = x ? day(x.ExitDate) : null;
    const closed = exitDay !== null && exitDay <= end; // an exit after the export's end is still open on that day
    return {
      id: String(e.EnrollmentID), person: String(e.PersonalID), head: e.RelationshipToHoH === '1', type: types.get(e.ProjectID)!,
      entry: day(e.EntryDate)!, exit: closed ? exitDay : null, destination: closed ? Number(x!.Destination) : null,
    };
  });
  const byPerson = new Map<string, typeof stays>();
  for (const s of stays) byPerson.set(s.person, [...(byPerson.get(s.person) ?? []), s]);

  const byCase = new Map<string, { exit: number; days: number | null; m2: boolean }>();
  for (const s of stays) {
    if (!s.head || s.exit === null || !PERMANENT.has(s.destination!)) continue;
    const x = s.exit;
    let first: number | null = null;
    for (const f of byPerson.get(s.person)!) {
      if (f.id === s.id || f.entry < x || f.entry > x + 730 * DAY || f.entry > end) continue;
      const isReturn = HOMELESS_TYPES.has(f.type) || (PH_TYPES.has(f.type) && f.entry > x + 14 * DAY
        && !byPerson.get(s.person)!.some((g) => g.id !== f.id && PH_TYPES.has(g.type)
          && f.entry >= g.entry + DAY && f.entry <= Math.min(g.exit === null ? end : g.exit + 14 * DAY, end)));
      if (isReturn && (first === null || f.entry < first)) first = f.entry;
    }
    byCase.set(caseIdOf(String(exp.SourceID), s.id), { exit: x, days: first === null ? null : (first - x) / DAY, m2: HOMELESS_TYPES.has(s.type) || PH_TYPES.has(s.type) });
  }
  const all = [...byCase.values()];
  const over = (e: { exit: number }, w: Window) => e.exit + WINDOWS[w] * DAY <= end;
  const returnedIn = (e: { exit: number; days: number | null }, w: Window) => over(e, w) && e.days !== null && e.days <= WINDOWS[w];
  const per = (f: (w: Window) => number) => ({ '6m': f('6m'), '12m': f('12m'), '24m': f('24m') });
  const m2 = all.filter((e) => e.m2);
  return {
    byCase,
    counts: {
      exits: all.length, measure2Exits: m2.length, unobserved24m: all.filter((e) => !over(e, '24m')).length,
      returned: per((w) => all.filter((e) => returnedIn(e, w)).length),
      m2Followed: per((w) => m2.filter((e) => over(e, w)).length),
      m2Returned: per((w) => m2.filter((e) => returnedIn(e, w)).length),
    },
  };
}

/** The same counts from case_returns, for one export's cases (org_id starts with its source). */
async function warehouseCounts(w: Awaited<ReturnType<typeof tempWarehouse>>, source: string): Promise<Counts> {
  const [r] = await query(w, `
    SELECT count(*) FILTER (WHERE exited_to_permanent) AS exits, count(*) FILTER (WHERE measure2_exit) AS m2,
           count(*) FILTER (WHERE exited_to_permanent AND returned_24m IS NULL) AS unobserved,
           ${Object.keys(WINDOWS).map((k) => `count(*) FILTER (WHERE returned_${k}) AS r${k}, count(returned_${k}) FILTER (WHERE measure2_exit) AS f${k}, count(*) FILTER (WHERE measure2_exit AND returned_${k}) AS m${k}`).join(', ')}
    FROM case_returns WHERE org_id LIKE '${source}-%'`);
  const per = (p: string) => Object.fromEntries(Object.keys(WINDOWS).map((k) => [k, Number(r[`${p}${k}`])])) as Record<Window, number>;
  return { exits: Number(r.exits), measure2Exits: Number(r.m2), unobserved24m: Number(r.unobserved), returned: per('r'), m2Followed: per('f'), m2Returned: per('m') };
}

const PYTHON: Record<string, Counts> = {
  eva: {
    exits: 1588, measure2Exits: 756, unobserved24m: 1287, returned: { '6m': 36, '12m': 57, '24m': 40 },
    m2Followed: { '6m': 608, '12m': 452, '24m': 224 }, m2Returned: { '6m': 32, '12m': 50, '24m': 39 },
  },
  greenriver: {
    exits: 131, measure2Exits: 124, unobserved24m: 131, returned: { '6m': 5, '12m': 0, '24m': 0 },
    m2Followed: { '6m': 61, '12m': 0, '24m': 0 }, m2Returned: { '6m': 5, '12m': 0, '24m': 0 },
  },
};
const SETS = { eva: { folder: EVA, source: 'demo999' }, greenriver: { folder: GREENRIVER, source: '1106' } } as const;

describe('returns to homelessness in the warehouse and the marts', () => {
  let w: Awaited<ReturnType<typeof tempWarehouse>>;
  const loaded: Partial<Record<keyof typeof SETS, HmisIngestResult>> = {};
  beforeAll(async () => {
    w = await tempWarehouse();
    for (const [set, { folder }] of Object.entries(SETS)) {
      loaded[set as keyof typeof SETS] = await ingestHmisFolder(w.connection, folder, { asOf: '2025-01-01', returnsFile: join(w.dir, `${set}-returns.parquet`) });
    }
  }, 120_000);
  afterAll(() => { w.close(); rmSync(w.dir, { recursive: true, force: true }); });

  it('loads one case_returns row per loaded case, with the case\'s run, and passes every data test', async () => {
    expect(await query(w, `SELECT split_part(k.org_id, '-', 1) AS source, count(*) AS cases, count(r.case_id) AS with_returns, count(*) FILTER (WHERE r.ingest_run_id = k.ingest_run_id) AS same_run
                           FROM cases k LEFT JOIN case_returns r USING (org_id, case_id) GROUP BY 1 ORDER BY 1`)).toEqual([
      { source: '1106', cases: 473, with_returns: 473, same_run: 473 },
      { source: 'demo999', cases: 2960, with_returns: 2960, same_run: 2960 },
    ]);
    const tests = await runDataTests(w.connection);
    expect(tests.filter((t) => t.status !== 'pass')).toEqual([]);
    expect(tests.map((t) => t.name)).toEqual(expect.arrayContaining(['unique_case_returns', 'relationship_case_returns_cases', 'reconciliation_case_returns_per_run', 'case_returns_open_windows_unknown']));
  });

  it.each(Object.keys(SETS) as (keyof typeof SETS)[])('%s: warehouse, importer and an independent count from the CSVs agree', async (set) => {
    const { folder, source } = SETS[set];
    const inWarehouse = await warehouseCounts(w, source);
    const independent = await independentReturns(folder);
    expect(independent.counts).toEqual(PYTHON[set]);
    expect(inWarehouse).toEqual(PYTHON[set]);
    const s = loaded[set]!.summary.returns;
    expect({ exits: s.exitsToPermanent, m2: s.spm2Exits, r: [s.returned6m, s.returned12m, s.returned24m], unobserved: s.unobserved24m })
      .toEqual({ exits: inWarehouse.exits, m2: inWarehouse.measure2Exits, r: [inWarehouse.returned['6m'], inWarehouse.returned['12m'], inWarehouse.returned['24m']], unobserved: inWarehouse.unobserved24m });

    // Row by row: the warehouse holds what the importer wrote, and the independent derivation agrees on every exit.
    const parquet = new Map((await readParquet(join(w.dir, `${set}-returns.parquet`))).map((r) => [r.case_id, r]));
    const rows = await query(w, `SELECT case_id, exited_to_permanent, measure2_exit, returned_6m, returned_12m, returned_24m FROM case_returns WHERE org_id LIKE '${source}-%'`);
    const wrong: string[] = [];
    const end = day('2022-09-30')!;
    for (const r of rows) {
      const p = parquet.get(r.case_id)!;
      if (r.exited_to_permanent !== p.exit_to_permanent || r.measure2_exit !== p.spm2_exit || r.returned_6m !== p.returned_6m || r.returned_12m !== p.returned_12m || r.returned_24m !== p.returned_24m) wrong.push(`${r.case_id}: parquet`);
      const e = independent.byCase.get(String(r.case_id));
      if (!!e !== r.exited_to_permanent) { wrong.push(`${r.case_id}: exit`); continue; }
      if (!e) continue;
      for (const [k, days] of Object.entries(WINDOWS)) {
        const expected = e.exit + days * DAY > end ? null : e.days !== null && e.days <= days;
        if (r[`returned_${k}`] !== expected) wrong.push(`${r.case_id}: ${k}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('leaves an open window NULL, never false: every 24-month window of greenriver (one year of data), and Eva\'s exits after 2020-09-30', async () => {
    const open = await query(w, `
      SELECT split_part(r.org_id, '-', 1) AS source, k.closed_on + 730 > r.observed_through AS window_open,
             count(*) AS exits, count(r.returned_24m) AS known, count(*) FILTER (WHERE r.returned_24m = false) AS no_return
      FROM case_returns r JOIN cases k USING (org_id, case_id) WHERE r.exited_to_permanent GROUP BY ALL ORDER BY 1, 2`);
    expect(open).toEqual([
      { source: '1106', window_open: true, exits: 131, known: 0, no_return: 0 },
      { source: 'demo999', window_open: false, exits: 1588 - 1287, known: 1588 - 1287, no_return: 1588 - 1287 - 40 },
      { source: 'demo999', window_open: true, exits: 1287, known: 0, no_return: 0 },
    ]);
    expect(await query(w, `SELECT DISTINCT observed_through::VARCHAR AS d FROM case_returns`)).toEqual([{ d: '2022-09-30' }]);
  });

  it('keeps dates no finer than cases: the exit\'s quarter only, and no day of return', async () => {
    const columns = (await query(w, `SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = 'case_returns' ORDER BY column_index`)).map((r) => `${r.column_name} ${r.data_type}`);
    expect(columns).toEqual(['org_id VARCHAR', 'case_id VARCHAR', 'exited_to_permanent BOOLEAN', 'measure2_exit BOOLEAN', 'exit_quarter DATE', 'observed_through DATE',
      'returned_6m BOOLEAN', 'returned_12m BOOLEAN', 'returned_24m BOOLEAN', 'ingest_run_id BIGINT']);
    expect(await query(w, `SELECT count(*) AS n FROM case_returns WHERE exit_quarter <> date_trunc('quarter', exit_quarter)`)).toEqual([{ n: 0 }]);
  });

  it('measures returns by group: mart_return_counts and return_rates from the Measure 2 exits whose window is over', async () => {
    const config = ConfigSchema.parse({});
    await buildMeasures(w.connection, config, '2025-01-01');
    expect((await runDataTests(w.connection, MODEL_TESTS)).filter((t) => t.status !== 'pass')).toEqual([]);
    const [all] = await query(w, `SELECT * FROM marts.mart_return_counts WHERE dimension = 'all'`);
    // Eva + greenriver (heads): 756 + 124 exits; followed 608 + 61 / 452 + 0 / 224 + 0; returned 32 + 5 / 50 + 0 / 39 + 0.
    expect(all).toEqual({ dimension: 'all', group_code: 'all', exits_to_permanent: 880, followed_6m: 669, returned_6m: 37, followed_12m: 452, returned_12m: 50, followed_24m: 224, returned_24m: 39 });
    const byOrgSource = await query(w, `SELECT split_part(group_code, '-', 1) AS source, sum(exits_to_permanent)::INT AS exits, sum(followed_12m)::INT AS followed, sum(returned_12m)::INT AS returned
                                        FROM marts.mart_return_counts WHERE dimension = 'organisation' GROUP BY 1 ORDER BY 1`);
    expect(byOrgSource).toEqual([{ source: '1106', exits: 124, followed: 0, returned: 0 }, { source: 'demo999', exits: 756, followed: 452, returned: 50 }]);

    const rates = await query(w, `SELECT * FROM marts.return_rates WHERE dimension = 'all' ORDER BY measure`);
    expect(rates.map((r) => [r.measure, r.numerator, r.denominator, r.exits_to_permanent])).toEqual([['returned_12m', 50, 452, 880], ['returned_24m', 39, 224, 880], ['returned_6m', 37, 669, 880]]);
    const ci = wilson(50, 452, 0.95);
    expect(rates[0]).toMatchObject({ rate: ci.estimate, rate_lower: ci.lower, rate_upper: ci.upper, reliability: expect.any(String), reference_group: null });
    // Every breakdown names its reference group (the largest, by exits), and the rest are compared with it.
    const race = await query(w, `SELECT group_code, is_reference, reference_group, rate_ratio, note, reliability FROM marts.return_rates WHERE measure = 'returned_12m' AND dimension = 'race_ethnicity_alone' ORDER BY group_code`);
    const refs = race.filter((r) => r.is_reference);
    expect(refs).toHaveLength(1);
    expect(race.every((r) => r.reference_group === refs[0].group_code)).toBe(true);
    expect(refs[0]).toMatchObject({ rate_ratio: 1, note: 'reference group' });
    expect(race.some((r) => r.reliability !== 'ok')).toBe(true);
  }, 120_000);

  it('is idempotent: the same export again loads nothing and leaves case_returns as it was', async () => {
    const before = await query(w, `SELECT ingest_run_id, count(*) AS n FROM case_returns GROUP BY 1 ORDER BY 1`);
    const again = await ingestHmisFolder(w.connection, EVA, { asOf: '2025-01-01' });
    expect(again.result.status).toBe('skipped');
    expect(await query(w, `SELECT ingest_run_id, count(*) AS n FROM case_returns GROUP BY 1 ORDER BY 1`)).toEqual(before);
  });

  it('a newer export replaces the returns of the cases it carries (Eva with every household member: 2,960 heads updated, 1,811 others new)', async () => {
    const all = await ingestHmisFolder(w.connection, EVA, { asOf: '2025-01-01', membership: 'all' });
    expect(all.result).toMatchObject({ status: 'loaded', loaded: 1811, updated: 2960, quarantined: 0 });
    expect(await query(w, `SELECT count(*) AS n, count(DISTINCT (org_id, case_id)) AS distinct_cases, count(*) FILTER (WHERE ingest_run_id = ${all.result.runId}) AS new_run
                           FROM case_returns WHERE org_id LIKE 'demo999-%'`)).toEqual([{ n: 4771, distinct_cases: 4771, new_run: 4771 }]);
    // python3 test/fixtures/hmis/independent_counts.py …/eva-demo-fy2024, "all": exits to permanent 2780, returned within 180/365/730 days 49/81/66.
    expect(await query(w, `SELECT count(*) FILTER (WHERE exited_to_permanent) AS exits, count(*) FILTER (WHERE returned_6m) AS r6, count(*) FILTER (WHERE returned_12m) AS r12, count(*) FILTER (WHERE returned_24m) AS r24
                           FROM case_returns WHERE org_id LIKE 'demo999-%'`)).toEqual([{ exits: 2780, r6: 49, r12: 81, r24: 66 }]);
    expect((await runDataTests(w.connection)).filter((t) => t.status !== 'pass')).toEqual([]);
  });

  it('a format-1 export that updates an HMIS case drops the returns of the version it replaces', async () => {
    const [k] = await query(w, `SELECT org_id, case_id FROM case_returns WHERE org_id LIKE '1106-%' ORDER BY case_id LIMIT 1`);
    const file = writeCsv(w.dir, 'update.csv', [{ ...VALID_ROW, org_id: String(k.org_id), case_id: String(k.case_id) }]);
    const r = await ingestFile(w.connection, file, { asOf: '2025-01-01' });
    expect(r).toMatchObject({ status: 'loaded', updated: 1 });
    expect(await query(w, `SELECT count(*) AS n FROM case_returns WHERE org_id = '${k.org_id}' AND case_id = '${k.case_id}'`)).toEqual([{ n: 0 }]);
    expect((await runDataTests(w.connection)).filter((t) => t.status !== 'pass')).toEqual([]);
  });

  it('rolls the cases back when their attributes fail to load: one transaction', async () => {
    const file = writeCsv(w.dir, 'hook-fails.csv', [{ ...VALID_ROW, org_id: 'hook-test', case_id: 'H-1' }]);
    await expect(ingestFile(w.connection, file, { asOf: '2025-01-01', afterCasesLoaded: async () => { throw new Error('attributes failed'); } })).rejects.toThrow('attributes failed');
    expect(await query(w, `SELECT count(*) AS n FROM cases WHERE org_id = 'hook-test'`)).toEqual([{ n: 0 }]);
    expect(await query(w, `SELECT count(*) AS n FROM ingest_runs WHERE file_name = 'hook-fails.csv'`)).toEqual([{ n: 0 }]);
  });
});
