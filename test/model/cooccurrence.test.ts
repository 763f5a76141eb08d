// The barrier co-occurrence mart on seven hand-made requests
// (test/fixtures/model/barriers.csv): checked against counts worked out by hand
// and against an independent count made here from the CSV itself.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ingestFile } from '../../pipeline/ingest/ingest.ts';
import { buildModels } from '../../pipeline/model/build.ts';
import { MODEL_TESTS } from '../../pipeline/model/tests.ts';
import { runDataTests } from '../../pipeline/warehouse/datatests.ts';
import { query, tempWarehouse } from '../helpers.ts';

const FIXTURE = join(import.meta.dirname, '../fixtures/model/barriers.csv');
let w: Awaited<ReturnType<typeof tempWarehouse>>;
const mart = async (area: string) => Object.fromEntries((await query(w,
  `SELECT barrier_i || '+' || barrier_j AS pair, requests_with_both AS n FROM marts.mart_barrier_cooccurrence WHERE service_area = '${area}' ORDER BY 1`)).map((r) => [r.pair, r.n]));

/** Pairs (i <= j) of the barriers each request lists, counted straight from the CSV, per service area and overall. */
function countFromCsv(): Record<string, Record<string, number>> {
  const [header, ...lines] = readFileSync(FIXTURE, 'utf8').trim().split('\n').map((l) => l.split(','));
  const at = (row: string[], column: string) => row[header.indexOf(column)];
  const out: Record<string, Record<string, number>> = {};
  for (const row of lines) {
    const barriers = (at(row, 'barriers') ?? '').split(';').filter(Boolean);
    for (const a of barriers) for (const b of barriers) {
      if (a > b) continue;
      for (const area of [at(row, 'service_area'), 'all']) {
        out[area] ??= {};
        out[area][`${a}+${b}`] = (out[area][`${a}+${b}`] ?? 0) + 1;
      }
    }
  }
  return out;
}

describe('barrier co-occurrence mart', () => {
  beforeAll(async () => {
    w = await tempWarehouse();
    expect((await ingestFile(w.connection, FIXTURE, { asOf: '2024-12-31' })).loaded).toBe(7);
    await buildModels(w.connection, { favourableOutcomes: ['achieved'], asOf: '2024-12-31' });
  });
  afterAll(() => w.close());

  it('counts requests with both barriers of each pair, the diagonal being requests with the barrier', async () => {
    expect(await mart('all')).toEqual({
      'cost+cost': 4, // B-0001, B-0002, B-0003, B-0005
      'cost+documentation': 2, // B-0002, B-0005
      'cost+wait_time': 2, // B-0001, B-0002
      'documentation+documentation': 3, // B-0002, B-0005, B-0006
      'documentation+wait_time': 1, // B-0002
      'wait_time+wait_time': 3, // B-0001, B-0002, B-0004 (turned away: still a request)
    });
    expect(await mart('income_benefits')).toEqual({ 'cost+cost': 1, 'cost+documentation': 1, 'documentation+documentation': 2 });
  });

  it('agrees with an independent count of the fixture, in every service area', async () => {
    const expected = countFromCsv();
    for (const area of Object.keys(expected)) expect(await mart(area), area).toEqual(expected[area]);
    expect((await query(w, `SELECT DISTINCT service_area FROM marts.mart_barrier_cooccurrence ORDER BY 1`)).map((r) => r.service_area)).toEqual(['all', 'housing', 'income_benefits']);
  });

  it('passes its data test (diagonal = prevalence, no pair above either barrier), and a broken row fails it', async () => {
    const name = 'barrier_cooccurrence_diagonal_matches_prevalence';
    const test = MODEL_TESTS.filter((t) => t.name === name);
    expect((await runDataTests(w.connection, test))[0].status).toBe('pass');
    await w.connection.run(`UPDATE marts.mart_barrier_cooccurrence SET requests_with_both = 5 WHERE service_area = 'all' AND barrier_i = 'cost' AND barrier_j = 'wait_time'`);
    expect((await runDataTests(w.connection, test))[0].status).toBe('fail');
  });
});
