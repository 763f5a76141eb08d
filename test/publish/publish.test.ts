// The publish gate end to end on the eight-case fixture, where almost every
// count is small: nothing from 1 to k-1 leaves the warehouse, derived figures
// carry the suppression of their counts, and the scanner catches planted leaks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ingestFile } from '../../pipeline/ingest/ingest.ts';
import { buildMeasures } from '../../pipeline/measures/build.ts';
import { runDataTests } from '../../pipeline/warehouse/datatests.ts';
import { MODEL_TESTS } from '../../pipeline/model/tests.ts';
import { ConfigSchema } from '../../pipeline/config.ts';
import { describeProtection, publish } from '../../pipeline/publish/publish.ts';
import { scanForLeaks, COUNT_FIELD } from '../../pipeline/publish/scan.ts';
import type { PublishedRate } from '../../pipeline/publish/published-rates.ts';
import { tempDir, tempWarehouse } from '../helpers.ts';

const FIXTURE = join(import.meta.dirname, '../fixtures/model/cases.csv');
const K = 5;
const config = ConfigSchema.parse({ disclosure: { k: K }, measures: { min_group_share: 0 } });
let w: Awaited<ReturnType<typeof tempWarehouse>>;
let out: string;
let rates: PublishedRate[];
const said: string[] = [];

describe('publish', () => {
  beforeAll(async () => {
    w = await tempWarehouse();
    await ingestFile(w.connection, FIXTURE, { asOf: '2024-12-31' });
    await buildMeasures(w.connection, config, '2024-12-31');
    await runDataTests(w.connection);
    await runDataTests(w.connection, MODEL_TESTS);
    out = join(tempDir(), 'published');
    await publish(w.connection, config, out, undefined, { info: (m) => said.push(`info: ${m}`), warn: (m) => said.push(`warn: ${m}`) });
    rates = JSON.parse(readFileSync(join(out, 'group_rates.json'), 'utf8'));
  });
  afterAll(() => w.close());

  it('publishes no count from 1 to k-1', () => {
    for (const r of rates) {
      for (const [key, v] of Object.entries(r)) {
        if (COUNT_FIELD.test(key) && typeof v === 'number') expect(v === 0 || v >= K, `${r.measure} ${r.dimension}=${r.group_code}.${key} = ${v}`).toBe(true);
      }
    }
  });

  it('suppresses a rate with its counts, saying why, and never shows it as zero', () => {
    // Overall: 8 requests, 6 accepted, 5 closed accepted, 3 favourable: 3 < 5 is
    // primary. 6 accepted − 5 closed would give away the one case still open (a
    // difference of nested counts), so one of the two is hidden as well.
    const overall = rates.find((r) => r.measure === 'favourable_of_closed' && r.dimension === 'all')!;
    expect(overall).toMatchObject({ numerator: null, rate: null, rate_lower: null, rate_status: 'suppressed' });
    const accepted = rates.find((r) => r.measure === 'accepted_of_requests' && r.dimension === 'all')!;
    expect([accepted.numerator, overall.denominator]).toContain(null);
    // Black (alone or in combination): 3 requests: a small denominator hides the rate.
    const black = rates.find((r) => r.measure === 'accepted_of_requests' && r.dimension === 'race_ethnicity_aoic' && r.group_code === 'black_african_american')!;
    expect(black).toMatchObject({ denominator: null, rate: null, rate_status: 'suppressed', suppression_reason: 'small_denominator', rate_ratio: null, p_value: null });
  });

  it('says how many counts it protects and warns when most are sensitive, naming no value', () => {
    expect(said[0]).toMatch(/^info: Protecting [\d,]+ counts \(differences of nested counts included\): [\d,]+ are sensitive \(1 to 4\)\.$/);
    // On eight cases nearly every count is small: the warning says why it may be slow.
    expect(said[1]).toMatch(/^warn: \d+% of the counts are sensitive, as in a small warehouse; protecting them may take minutes/);
  });

  it('says in one line how many counts it protected and how many it withheld, never a value', () => {
    const line = describeProtection({ dir: out, k: 11, cells: 4450, suppressedShare: 0.672, withheld: 12747, minSliceRequests: 200, files: [] });
    expect(line).toBe('4450 counts protected with k = 11, 67.2% suppressed; 12,747 more withheld as small slices (under 200 requests); no leak found');
    expect(describeProtection({ dir: out, k: 11, cells: 35324, suppressedShare: 0.036, withheld: 0, minSliceRequests: 200, files: [] })).toBe('35324 counts protected with k = 11, 3.6% suppressed; no leak found');
  });

  it('records k, the suppressed share and the data period in the manifest', () => {
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ k: K, data: { first_opened: '2024-01-10', last_opened: '2024-04-05', loads: 1 } });
    expect(manifest.suppressed_share).toBeGreaterThan(0.5);
    // Eight cases: every scope and group is under 200 requests, so every cross-tabulated cell is withheld as a small slice.
    expect(manifest.min_slice_requests).toBe(200);
    expect(manifest.cells_withheld_small_slices).toBeGreaterThan(0);
  });

  it('the scanner passes the publication and catches each kind of planted leak', async () => {
    expect(await scanForLeaks(out, K, w.connection)).toEqual([]);
    const dist = tempDir();
    mkdirSync(join(dist, '_file'), { recursive: true });
    writeFileSync(join(dist, '_file', 'rates.json'), JSON.stringify([{ group: 'x', numerator: 3, denominator: 40 }]));
    writeFileSync(join(dist, '_file', 'rows.csv'), 'case_id,opened_on,outcome\nZ-1,2024-01-01,achieved\n');
    writeFileSync(join(dist, 'page.html'), '<p>Contact jane.doe@example.org</p><p>Case M-0003 was hard.</p>');
    const findings = await scanForLeaks(dist, K, w.connection);
    expect(findings.map((f) => `${f.file}:${f.kind}`).sort()).toEqual(['_file/rates.json:small_count', '_file/rows.csv:row_level_record', 'page.html:case_id', 'page.html:identifier']);
    expect(JSON.stringify(findings)).not.toContain('jane.doe');
    expect(JSON.stringify(findings)).not.toContain('M-0003');
  });

  it('refuses a warehouse whose marts an older version built, naming the missing mart and what to run', async () => {
    await w.connection.run('ALTER TABLE marts.mart_return_counts RENAME TO mart_return_counts_aside');
    try {
      await expect(publish(w.connection, config, join(tempDir(), 'p'))).rejects.toThrow(/measures are out of date: marts\.mart_return_counts is missing .* Run npm run pipeline -- measure/);
    } finally {
      await w.connection.run('ALTER TABLE marts.mart_return_counts_aside RENAME TO mart_return_counts');
    }
  });

  it('refuses to publish while a data test fails', async () => {
    await w.connection.run(`INSERT INTO cases SELECT * FROM cases LIMIT 1`);
    await runDataTests(w.connection);
    await expect(publish(w.connection, config, join(tempDir(), 'p'))).rejects.toThrow(/Publishing is blocked: these data tests fail: .*unique_case_per_org/);
  });
});
