// The generator's contract with the rest of the pipeline: deterministic bytes,
// every row valid format 1, one row per case per export, updates across years,
// and the layouts' shapes.
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseSchema } from '../../pipeline/contract/schema.ts';
import { generateSample, type SampleSummary } from '../../pipeline/sample/index.ts';
import { readExport, readParquet, toRecord } from './read-exports.ts';
import { latestCases, type Case } from './sample-stats.ts';

const schema = caseSchema({ asOf: '2025-12-31' });
let root: string;

async function hashes(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (d: string) => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else out[relative(dir, p)] = createHash('sha256').update(await readFile(p)).digest('hex');
    }
  };
  await walk(dir);
  return out;
}

function expectValid(rows: Record<string, unknown>[], where: string) {
  for (const [i, row] of rows.entries()) {
    const r = schema.safeParse(row);
    if (!r.success) throw new Error(`${where} row ${i + 1} is not valid format 1: ${JSON.stringify(r.error.issues)} in ${JSON.stringify(row)}`);
  }
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'sample-test-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('generateSample, orgs layout', () => {
  let summary: SampleSummary;
  const dir = () => join(root, 'orgs-a');
  beforeAll(async () => {
    summary = await generateSample({ outDir: dir(), cases: 3000, seed: 7 });
  });

  it('writes byte-identical files for the same options', async () => {
    await generateSample({ outDir: join(root, 'orgs-b'), cases: 3000, seed: 7 });
    const [a, b] = await Promise.all([hashes(dir()), hashes(join(root, 'orgs-b'))]);
    expect(Object.keys(a).length).toBe(summary.files.length + 2); // + truth.json, README.md
    expect(b).toEqual(a);
  });

  it('changes with the seed', async () => {
    await generateSample({ outDir: join(root, 'orgs-c'), cases: 3000, seed: 8 });
    const [a, c] = await Promise.all([hashes(dir()), hashes(join(root, 'orgs-c'))]);
    expect(c['metro-legal-aid/export-2023.csv']).not.toBe(a['metro-legal-aid/export-2023.csv']);
  });

  it('writes two yearly exports per organisation in four formats and dialects', async () => {
    const names = summary.files.map((f) => relative(dir(), f.path)).sort();
    expect(names).toEqual([
      'benefits-bridge/export-2023.jsonl', 'benefits-bridge/export-2024.jsonl',
      'eastside-housing/export-2023.csv', 'eastside-housing/export-2024.csv',
      'metro-legal-aid/export-2023.csv', 'metro-legal-aid/export-2024.csv',
      'valley-community-services/export-2023.parquet', 'valley-community-services/export-2024.parquet',
    ]);
    const eh = await readFile(join(dir(), 'eastside-housing/export-2024.csv'), 'utf8');
    expect(eh.startsWith('\uFEFF Case_ID;')).toBe(true);
    expect(eh).toContain('\r\n');
    const mla = await readFile(join(dir(), 'metro-legal-aid/export-2024.csv'), 'utf8');
    expect(mla.startsWith('case_id,org_id,program,')).toBe(true);
    const { rows, types } = await readParquet(join(dir(), 'valley-community-services/export-2024.parquet'));
    expect(new Set(types)).toEqual(new Set(['VARCHAR']));
    expect(rows.every((r) => /^\d{4}-\d{2}$/.test(String(r.opened_on)))).toBe(true);
    const temp = (await readdir(join(dir(), 'valley-community-services'))).filter((f) => !f.endsWith('.parquet'));
    expect(temp).toEqual([]);
  });

  it('writes only rows that pass the contract schema, one per case and export, with updates across years', async () => {
    const seen = new Map<string, Record<string, unknown>[]>();
    let total = 0;
    for (const f of summary.files) {
      const rows = (await readExport(f.path)).map(toRecord);
      expect(rows.length).toBe(f.rows);
      total += rows.length;
      expectValid(rows, f.path);
      const keys = rows.map((r) => `${r.org_id}/${r.case_id}`);
      expect(new Set(keys).size).toBe(keys.length);
      for (const [i, k] of keys.entries()) seen.set(k, [...(seen.get(k) ?? []), rows[i]]);
    }
    expect(total).toBe(summary.rows);
    expect(seen.size).toBe(3000);
    const updated = [...seen.values()].filter((v) => v.length === 2);
    expect(updated.length).toBeGreaterThan(100);
    expect(updated.every(([first]) => first.closed_on === undefined && first.outcome === undefined)).toBe(true);
    expect(updated.filter(([, second]) => second.closed_on !== undefined).length).toBeGreaterThan(50);
  });

  it('ends every case in the state the single-file layout gives it', async () => {
    const single = await generateSample({ outDir: join(root, 'orgs-single'), cases: 3000, seed: 7, layout: 'single-csv' });
    const latest = await latestCases(summary.files.map((f) => f.path));
    const flat = await latestCases(single.files.map((f) => f.path));
    const key = (c: Case) => `${c.org_id}/${c.case_id}`;
    const byKey = new Map(flat.map((c) => [key(c), c]));
    expect(latest.length).toBe(3000);
    for (const c of latest) expect(c).toEqual(byKey.get(key(c)));
  });

  it('states what it made in truth.json and README.md', async () => {
    const truth = JSON.parse(await readFile(summary.truthPath, 'utf8'));
    expect(truth).toMatchObject({ synthetic: true, seed: 7, cases: 3000, planted: true, rows: summary.rows });
    expect(truth.effects.map((e: { id: string }) => e.id)).toEqual(expect.arrayContaining([
      'race_outcome_gap', 'capacity_rural', 'capacity_interpreter', 'language_access_barrier', 'language_access_outcome',
      'disability_barriers', 'disability_days_to_close', 'simpson_documentation', 'policy_change_2024_07',
    ]));
    expect(truth.effects.find((e: { id: string }) => e.id === 'race_outcome_gap')).toMatchObject({
      group: 'black_african_american', reference: 'white', measure: 'favourable_rate', planted_rate_ratio: 0.8,
    });
    const readme = await readFile(join(dir(), 'README.md'), 'utf8');
    expect(readme).toContain('no real people');
    expect(readme).toContain('policy_change_2024_07');
  });
});

describe('generateSample, null data set', () => {
  it('plants nothing and says so', async () => {
    const s = await generateSample({ outDir: join(root, 'null'), cases: 2000, plant: false });
    const truth = JSON.parse(await readFile(s.truthPath, 'utf8'));
    expect(truth).toMatchObject({ planted: false, effects: [] });
    expect(truth.null_model.statement).toMatch(/NULL/);
    for (const f of s.files) expectValid((await readExport(f.path)).map(toRecord), f.path);
  });
});

describe('generateSample, single-csv layout', () => {
  it('writes exactly one row per case plus a header, deterministically', async () => {
    const progress: number[] = [];
    const a = await generateSample({ outDir: join(root, 'single-a'), cases: 2500, layout: 'single-csv', onProgress: (d) => progress.push(d) });
    const b = await generateSample({ outDir: join(root, 'single-b'), cases: 2500, layout: 'single-csv' });
    expect(a.files).toEqual([{ path: join(root, 'single-a', 'cases.csv'), rows: 2500, format: 'csv' }]);
    expect(a.rows).toBe(2500);
    expect(progress.at(-1)).toBe(2500);
    const text = await readFile(a.files[0].path, 'utf8');
    expect(text.split('\n').filter((l) => l !== '').length).toBe(2501);
    expect(await hashes(join(root, 'single-b'))).toEqual(await hashes(join(root, 'single-a')));
    expectValid((await readExport(a.files[0].path)).map(toRecord), 'cases.csv');
  });

  it('writes header-only files for organisations that get no case', async () => {
    const s = await generateSample({ outDir: join(root, 'tiny'), cases: 2 });
    expect(s.files.length).toBe(8);
    expect(s.rows).toBe(2);
    const { rows, types } = await readParquet(join(root, 'tiny', 'valley-community-services', 'export-2024.parquet'));
    expect(rows).toEqual([]);
    expect(types.length).toBe(22);
  });

  it('refuses impossible options', async () => {
    await expect(generateSample({ outDir: join(root, 'bad'), cases: 0 })).rejects.toThrow(/cases/);
    await expect(generateSample({ outDir: join(root, 'bad'), seed: -1 })).rejects.toThrow(/seed/);
  });
});
