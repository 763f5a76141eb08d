// The whole pipeline on HUD HMIS data: the Eva sample export is imported, measured
// and published with disclosure control, and the publication passes the leak scan.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ingestHmisFolder } from '../../pipeline/importers/hmis/ingest.ts';
import { buildMeasures } from '../../pipeline/measures/build.ts';
import { runDataTests } from '../../pipeline/warehouse/datatests.ts';
import { MODEL_TESTS } from '../../pipeline/model/tests.ts';
import { ConfigSchema } from '../../pipeline/config.ts';
import { publish } from '../../pipeline/publish/publish.ts';
import { scanForLeaks, COUNT_FIELD } from '../../pipeline/publish/scan.ts';
import { tempDir, tempWarehouse } from '../helpers.ts';

const EVA = join(import.meta.dirname, '../../../shared/data/hmis-sample/eva-demo-fy2024');
const config = ConfigSchema.parse({});

describe('pipeline on HMIS data', () => {
  let w: Awaited<ReturnType<typeof tempWarehouse>>;
  let out: string;
  beforeAll(async () => {
    w = await tempWarehouse();
    const { result } = await ingestHmisFolder(w.connection, EVA, { asOf: '2025-06-30' });
    expect(result.loaded).toBe(2_960);
    await runDataTests(w.connection);
    await buildMeasures(w.connection, config, '2022-09-30');
    expect((await runDataTests(w.connection, MODEL_TESTS)).filter((t) => t.status === 'fail')).toEqual([]);
    out = join(tempDir(), 'published');
    await publish(w.connection, config, out);
  }, 120_000);
  afterAll(() => w.close());

  it('publishes housing outcomes by group with no count from 1 to 10, and passes the leak scan', async () => {
    const rows = JSON.parse(readFileSync(join(out, 'group_rates.json'), 'utf8')) as Record<string, unknown>[];
    const overall = rows.find((r) => r.measure === 'favourable_of_closed' && r.dimension === 'all')!;
    // Closed heads-of-household enrollments: 2,680 (2,960 less 280 open); achieved + partially achieved: 1,588 + 356.
    expect([overall.numerator, overall.denominator]).toEqual([1_944, 2_680]);
    for (const r of rows) for (const [k, v] of Object.entries(r)) if (COUNT_FIELD.test(k) && typeof v === 'number') expect(v === 0 || v >= 11, `${k}=${v}`).toBe(true);
    expect(rows.some((r) => r.rate_status === 'suppressed')).toBe(true);
    expect(await scanForLeaks(out, 11, w.connection)).toEqual([]);
  });

  it('publishes returns to homelessness by group, protected, with the 12-month overall rate matching the warehouse', async () => {
    const rows = JSON.parse(readFileSync(join(out, 'return_rates.json'), 'utf8')) as Record<string, unknown>[];
    const overall = rows.find((r) => r.measure === 'returned_12m' && r.dimension === 'all')!;
    // Eva heads of household, HUD Measure 2 universe, 12-month windows over: 50 returns of 452 exits followed (test/importers/hmis-returns-warehouse.test.ts).
    expect([overall.numerator, overall.denominator]).toEqual([50, 452]);
    for (const r of rows) for (const [k, v] of Object.entries(r)) if (COUNT_FIELD.test(k) && typeof v === 'number') expect(v === 0 || v >= 11, `${String(r.measure)} ${String(r.dimension)}=${String(r.group_code)}.${k}=${v}`).toBe(true);
    expect(rows.some((r) => r.rate_status === 'suppressed')).toBe(true);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.publications).toContain('return_rates');
  });
});
