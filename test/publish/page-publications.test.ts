// The pages' publications (barriers and barriers met together, time to
// resolution, data quality, intersections, benefits obtained) end to end
// on a small seeded sample, where many groups are small: nothing from 1 to k-1
// is published, every figure built from a hidden count is hidden, and the LP
// audit run on the cells exactly as the published files show them (hidden where
// the file says null) finds no cell an attacker could pin down, across all
// publications at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateSample } from '../../pipeline/sample/index.ts';
import { ingestFile } from '../../pipeline/ingest/ingest.ts';
import { buildMeasures } from '../../pipeline/measures/build.ts';
import { runDataTests } from '../../pipeline/warehouse/datatests.ts';
import { MODEL_TESTS } from '../../pipeline/model/tests.ts';
import { ConfigSchema } from '../../pipeline/config.ts';
import { publish } from '../../pipeline/publish/publish.ts';
import { scanForLeaks } from '../../pipeline/publish/scan.ts';
import { groupRatesPublication } from '../../pipeline/publish/published-rates.ts';
import { barriersPublication } from '../../pipeline/publish/published-barriers.ts';
import { resolutionPublication } from '../../pipeline/publish/published-resolution.ts';
import { qualityPublication } from '../../pipeline/publish/published-quality.ts';
import { intersectionKey, intersectionsPublication, type PublishedIntersection } from '../../pipeline/publish/published-intersections.ts';
import { BENEFIT_SUM, impactPublication, WITH_BENEFIT, WITHOUT_BENEFIT, type PublishedImpact } from '../../pipeline/publish/published-impact.ts';
import { BARRIER_PAIR, cooccurrencePublication, diagonalKey, pairKey, type PublishedCooccurrence } from '../../pipeline/publish/published-cooccurrence.ts';
import { quarterKey, trendsPublication, type PublishedTrends } from '../../pipeline/publish/published-trends.ts';
import { joinFragments, type Publication } from '../../pipeline/publish/publication.ts';
import { MEASURES } from '../../pipeline/measures/group-rates.ts';
import { cellKey } from '../../pipeline/publish/protect-funnel.ts';
import { barrierKey, BARRIER_OUTCOME, WITH_BARRIER, type PublishedAssociation, type PublishedPrevalence } from '../../pipeline/publish/published-barriers.ts';
import type { PublishedCurvePoint, PublishedResolution } from '../../pipeline/publish/published-resolution.ts';
import { INGEST_ROWS, QUARANTINE_ROWS, type PublishedMissing, type PublishedRule, type PublishedRun } from '../../pipeline/publish/published-quality.ts';
import type { PublishedRate } from '../../pipeline/publish/published-rates.ts';
import { audit, cellId } from '../../pipeline/disclosure/index.ts';
import { tempDir, tempWarehouse, VALID_ROW, writeCsv } from '../helpers.ts';

const K = 11;
// Counts by subtraction are left out here: on this many small cells they make
// protection take ~4 minutes instead of ~30 s (measured); test/publish/nested-counts.test.ts
// covers them, and the HMIS pipeline test publishes with them.
const config = ConfigSchema.parse({ disclosure: { k: K, subtraction_cells: false } });
let w: Awaited<ReturnType<typeof tempWarehouse>>;
let out: string;
// The pages' publications with the all-cases funnel they link to (the scopes
// publication has its own test, test/publish/scopes.test.ts; on this many small
// cells it would make this one take minutes).
const PUBLICATIONS: readonly Publication<any>[] = [groupRatesPublication, barriersPublication, resolutionPublication, qualityPublication, intersectionsPublication, impactPublication, cooccurrencePublication, trendsPublication];
const read = <T>(name: string): T => JSON.parse(readFileSync(join(out, name), 'utf8')) as T;

describe('page publications on a small sample', () => {
  beforeAll(async () => {
    w = await tempWarehouse();
    const dir = tempDir();
    await generateSample({ outDir: join(dir, 'sample'), cases: 2500, seed: 11, layout: 'single-csv' });
    await ingestFile(w.connection, join(dir, 'sample', 'cases.csv'), { asOf: '2025-06-30' });
    // A second export with three bad rows among twelve: three quarantined rows, a count to protect.
    const rows = Array.from({ length: 12 }, (_, i) => ({ ...VALID_ROW, case_id: `Q-${String(i).padStart(4, '0')}`, outcome: i < 3 ? 'won_somehow' : 'achieved' }));
    await ingestFile(w.connection, writeCsv(dir, 'late-export.csv', rows), { asOf: '2025-06-30' });
    await buildMeasures(w.connection, config, '2025-06-30');
    await runDataTests(w.connection);
    await runDataTests(w.connection, MODEL_TESTS);
    out = join(tempDir(), 'published');
    await publish(w.connection, config, out, PUBLICATIONS);
  }, 240_000);
  afterAll(() => w.close());

  it('publishes no count from 1 to k-1, no case id and no path', async () => {
    expect(await scanForLeaks(out, K, w.connection)).toEqual([]);
    expect(readFileSync(join(out, 'data_quality.json'), 'utf8')).not.toContain('/');
  });

  it('hides every figure built from a hidden count, and says so', () => {
    const prevalence = read<PublishedPrevalence[]>('barrier_prevalence.json');
    expect(prevalence.some((p) => p.status === 'suppressed')).toBe(true);
    for (const p of prevalence) {
      const hidden = p.with_barrier_count === null || p.requests === null;
      expect(p.status === 'suppressed', `${p.barrier} ${p.dimension}=${p.group_code}`).toBe(hidden);
      if (hidden) expect([p.prevalence, p.prevalence_lower, p.prevalence_upper]).toEqual([null, null, null]);
    }
    for (const a of read<PublishedAssociation[]>('barrier_associations.json')) {
      const hidden = [a.closed_with_count, a.unfavourable_with_count, a.closed_without_count, a.unfavourable_without_count].includes(null);
      expect(a.status === 'suppressed').toBe(hidden);
      if (hidden) expect([a.pooled_ratio, a.adjusted_ratio, a.pooled_p_bh]).toEqual([null, null, null]);
    }
    const times = read<PublishedResolution[]>('resolution_times.json');
    const curves = read<PublishedCurvePoint[]>('resolution_curves.json');
    expect(times.some((t) => t.status === 'suppressed')).toBe(true);
    for (const t of times.filter((x) => x.accepted === null)) {
      expect(t.median_days).toBeNull();
      expect(curves.filter((c) => c.dimension === t.dimension && c.group_code === t.group_code)).toEqual([]);
    }
    const quality = read<{ runs: PublishedRun[]; quarantine_rules: PublishedRule[]; missing: PublishedMissing[] }>('data_quality.json');
    const late = quality.runs.find((r) => r.file_name === 'late-export.csv')!;
    expect(late.quarantined_count).toBeNull();
    // Subtraction must not give it back: at least one more count of the run is hidden.
    expect(late.suppressed.length).toBeGreaterThanOrEqual(2);
    expect(quality.quarantine_rules.find((r) => r.rule === 'all')).toMatchObject({ rows_count: null, status: 'suppressed' });

    // A trend whose series has a hidden quarter is withheld whole; one with every quarter shown is not.
    const trends = read<PublishedTrends>('trends.json');
    const hiddenIn = (measure: string, dimension: string, group: string) => trends.rates.some((r) => r.measure === measure && r.dimension === dimension && r.group_code === group && !r.is_partial_quarter && r.rate_status === 'suppressed');
    expect(trends.trends.some((t) => t.status === 'suppressed')).toBe(true);
    for (const t of trends.trends) {
      expect(t.status === 'suppressed', `${t.measure} ${t.dimension}=${t.group_code}`).toBe(hiddenIn(t.measure, t.dimension, t.group_code));
      if (t.status === 'suppressed') expect([t.slope_logodds_per_quarter, t.odds_ratio_per_quarter, t.direction]).toEqual([null, null, null]);
    }
  });

  it('intersections, benefits and barriers met together: every figure built from a hidden count hidden, medians only behind k amounts', () => {
    const crossed = read<PublishedIntersection[]>('intersections.json');
    expect(crossed.some((r) => r.rate_status === 'suppressed')).toBe(true);
    for (const r of crossed) {
      const hidden = r.numerator === null || r.denominator === null;
      expect(r.rate_status === 'suppressed', `${r.dimension_a}=${r.group_a} × ${r.dimension_b}=${r.group_b}`).toBe(hidden);
      if (hidden) expect([r.rate, r.rate_lower, r.rate_ratio, r.p_value]).toEqual([null, null, null, null]);
    }
    for (const r of read<PublishedImpact[]>('impact.json')) {
      if (r.benefit_cases === null) expect([r.benefit_usd_sum, r.benefit_usd_median, r.median_lower]).toEqual([null, null, null]);
      if (r.benefit_usd_median !== null) {
        expect(r.benefit_cases).toBeGreaterThanOrEqual(K);
        expect(r.benefit_usd_median % 100).toBe(0);
      }
      if (r.benefit_usd_sum !== null) expect(r.benefit_usd_sum % 1000).toBe(0);
    }
    const together = read<PublishedCooccurrence[]>('barrier_cooccurrence.json');
    const prevalence = new Map(read<PublishedPrevalence[]>('barrier_prevalence.json').map((p) => [`${p.barrier}|${p.dimension}|${p.group_code}`, p.with_barrier_count]));
    for (const r of together) {
      expect(r.status === 'suppressed').toBe(r.both_count === null || r.with_barrier_count === null);
      // The denominator is the barriers page's own count, hidden or shown alike.
      const same = r.service_area === 'all' ? `${r.barrier}|all|all` : `${r.barrier}|service_area|${r.service_area}`;
      expect(r.with_barrier_count, same).toBe(prevalence.get(same));
    }
  });

  it('the LP audit over every publication at once, on the cells as the files show them, finds nothing exposed', async () => {
    const data = await Promise.all(PUBLICATIONS.map((p) => p.read(w.connection, config)));
    const fragments = PUBLICATIONS.map((p, i) => p.fragment(data[i], config));
    const problem = { ...joinFragments(fragments), k: K };
    // Hidden = the file shows null where the cell's count would be; a small slice's withheld cell is no cell of the problem.
    const withheld = new Set(fragments.flatMap((f) => (f.withheld ?? []).map(cellId)));
    expect(withheld.size).toBeGreaterThan(0);
    const hidden = new Set<string>();
    const hide = (table: string, key: string) => { const id = cellId({ table, key }); if (!withheld.has(id)) hidden.add(id); };
    // No file shows an unpublished cell (the pooled sums of small slices' withheld cells).
    for (const c of problem.cells) if (c.unpublished) hidden.add(cellId(c));
    for (const r of read<PublishedRate[]>('group_rates.json')) {
      const m = MEASURES.find((x) => x.id === r.measure)!;
      const key = cellKey(r.dimension, r.group_code);
      if (r.numerator === null) hide(m.numerator, key);
      if (r.denominator === null) hide(m.denominator, key);
      if (r.requests === null) hide('requests', key);
    }
    for (const p of read<PublishedPrevalence[]>('barrier_prevalence.json')) if (p.with_barrier_count === null) hide(WITH_BARRIER, barrierKey(p.barrier, p.dimension, p.group_code));
    for (const a of read<PublishedAssociation[]>('barrier_associations.json')) {
      for (const c of ['closed_with', 'unfavourable_with', 'closed_without', 'unfavourable_without'] as const) if (a[`${c}_count`] === null) hide(BARRIER_OUTCOME, `barrier=${a.barrier}|${c}`);
    }
    const quality = read<{ runs: PublishedRun[]; quarantine_rules: PublishedRule[]; missing: PublishedMissing[] }>('data_quality.json');
    for (const r of quality.runs) for (const c of r.suppressed) hide(INGEST_ROWS, `run=${r.run}|${c}`);
    for (const r of quality.quarantine_rules) if (r.rows_count === null) hide(QUARANTINE_ROWS, r.rule === 'all' ? 'all' : `rule=${r.rule}`);
    for (const m of quality.missing) if (m.missing_count === null) hide('requests', cellKey(m.dimension, m.group_code, `organisation=${m.org_id}`));
    for (const r of read<PublishedIntersection[]>('intersections.json')) {
      const key = intersectionKey(r.dimension_a, r.group_a, r.dimension_b, r.group_b);
      if (r.numerator === null) hide('favourable', key);
      if (r.denominator === null) hide('closed_accepted', key);
    }
    for (const r of read<PublishedImpact[]>('impact.json')) {
      const key = cellKey(r.dimension, r.group_code);
      if (r.favourable_cases === null) hide('favourable', key);
      if (r.benefit_cases === null) hide(WITH_BENEFIT, key);
      // Without an amount = favourable − with: shown exactly when both are.
      if (r.favourable_cases === null || r.benefit_cases === null) hide(WITHOUT_BENEFIT, key);
      if (r.benefit_usd_sum === null) hide(BENEFIT_SUM, key);
    }
    for (const r of read<PublishedCooccurrence[]>('barrier_cooccurrence.json')) {
      if (r.with_barrier_count === null) hide(WITH_BARRIER, diagonalKey(r.barrier, r.service_area));
      if (r.both_count === null) hide(BARRIER_PAIR, pairKey(r.barrier, r.also_barrier, r.service_area));
    }
    for (const r of read<PublishedTrends>('trends.json').rates) {
      const m = MEASURES.find((x) => x.id === r.measure)!;
      if (r.numerator === null) hide(m.numerator, quarterKey(r.quarter, r.dimension, r.group_code));
      if (r.denominator === null) hide(m.denominator, quarterKey(r.quarter, r.dimension, r.group_code));
    }

    // Every sensitive cell is hidden, and the hidden ones cannot be pinned down from what is shown.
    const sensitive = problem.cells.filter((c) => (c.magnitude ? c.magnitude.sensitive : c.value >= 1 && c.value < K)).map(cellId);
    expect(sensitive.length).toBeGreaterThan(10);
    for (const id of sensitive) expect(hidden.has(id), id).toBe(true);
    const result = await audit(problem, hidden);
    expect(result.exposed).toEqual([]);
  }, 120_000);
});
