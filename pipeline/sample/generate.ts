// generateSample: the seeded, deterministic, streaming sample-data generator.
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { GeneratorContext, OrgStream } from './case.ts';
import { effectsFor, truthEffects } from './effects.ts';
import {
  EXPORT_YEARS, SINGLE_CSV_NAME, orgExportPath, progressReporter, writeOrgExports, writeSingleCsv, type WrittenFile,
} from './exports.ts';
import { ORGS, splitCases } from './orgs.ts';
import { ParquetConverter } from './parquet.ts';
import { buildReadme } from './readme.ts';
import { seedWord } from './rng.ts';
import { buildTruth, type TruthInput } from './truth.ts';

export interface SampleOptions {
  /** Output directory, e.g. 'data/sample'. */
  outDir: string;
  /** Distinct cases, default 50,000. */
  cases?: number;
  /** Default 20240601. */
  seed?: number;
  /** Default true; false = a NULL data set with no planted disparity, barrier effect or policy change. */
  plant?: boolean;
  /** 'orgs' (default): multi-org, multi-file exports; 'single-csv': one `${outDir}/cases.csv` for benchmarks. */
  layout?: 'orgs' | 'single-csv';
  onProgress?: (done: number, total: number) => void;
}

export interface SampleSummary {
  files: { path: string; rows: number; format: 'csv' | 'jsonl' | 'parquet' }[];
  cases: number;
  rows: number;
  truthPath: string;
}

export const DEFAULT_CASES = 50_000;
export const DEFAULT_SEED = 20240601;
/** With very few cases an organisation may get none: its files then hold only the header. */
const MIN_CASES = 1;
const MAX_CASES = 100_000_000;

async function writeTextAtomically(path: string, text: string): Promise<void> {
  await writeFile(`${path}.tmp`, text, 'utf8');
  await rename(`${path}.tmp`, path);
}

/**
 * Removes the files this generator writes in the other layout, so one directory
 * never holds the same cases twice. Only paths the generator itself produces.
 */
async function removeOtherLayout(outDir: string, layout: 'orgs' | 'single-csv'): Promise<void> {
  const paths = layout === 'orgs'
    ? [join(outDir, SINGLE_CSV_NAME)]
    : ORGS.flatMap((org) => EXPORT_YEARS.map((y) => orgExportPath(outDir, org, y.year)));
  await Promise.all(paths.map((p) => rm(p, { force: true })));
}

export async function generateSample(opts: SampleOptions): Promise<SampleSummary> {
  const cases = opts.cases ?? DEFAULT_CASES;
  const seed = opts.seed ?? DEFAULT_SEED;
  const layout = opts.layout ?? 'orgs';
  const effects = effectsFor(opts.plant ?? true);
  if (!Number.isInteger(cases) || cases < MIN_CASES || cases > MAX_CASES)
    throw new RangeError(`cases must be a whole number from ${MIN_CASES} to ${MAX_CASES}, got ${cases}`);
  if (layout !== 'orgs' && layout !== 'single-csv') throw new RangeError(`layout must be 'orgs' or 'single-csv', got ${String(layout)}`);

  const ctx: GeneratorContext = { seedWord: seedWord(seed), effects };
  const counts = splitCases(cases);
  const streams: OrgStream[] = ORGS.map((org, orgIndex) => ({ org, orgIndex, orgCases: counts[orgIndex] }));
  const progress = progressReporter(cases, opts.onProgress);

  await mkdir(opts.outDir, { recursive: true });
  await removeOtherLayout(opts.outDir, layout);
  const files: WrittenFile[] = [];
  if (layout === 'single-csv') {
    files.push(await writeSingleCsv(ctx, streams, opts.outDir, progress));
  } else {
    const parquet = new ParquetConverter();
    try {
      for (const stream of streams) {
        await mkdir(join(opts.outDir, stream.org.id), { recursive: true });
        files.push(...(await writeOrgExports(ctx, stream, opts.outDir, parquet, progress)));
      }
    } finally {
      parquet.close();
    }
  }
  progress.finish();

  const truthInput: TruthInput = {
    outDir: opts.outDir, seed, cases, layout, effects,
    orgs: streams.map((s) => ({ org: s.org, cases: s.orgCases })),
    files,
  };
  const truthPath = join(opts.outDir, 'truth.json');
  await writeTextAtomically(truthPath, JSON.stringify(buildTruth(truthInput), null, 2) + '\n');
  await writeTextAtomically(join(opts.outDir, 'README.md'), buildReadme(truthInput, truthEffects(effects)));

  return {
    files: files.map((f) => ({ path: f.path, rows: f.rows, format: f.format })),
    cases,
    rows: files.reduce((n, f) => n + f.rows, 0),
    truthPath,
  };
}
