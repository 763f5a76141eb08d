// `pipeline sample`: the seeded sample exports, with their planted truth.
import cliProgress from 'cli-progress';
import { generateSample, DEFAULT_CASES, DEFAULT_SEED, type SampleSummary } from '../sample/index.ts';
import { InputError } from '../errors.ts';
import { positiveInt, type GlobalOptions } from './options.ts';

export const DEFAULT_SAMPLE_DIR = 'data/sample';

export interface SampleCliOptions extends GlobalOptions { cases?: string; seed?: string; null?: boolean; out?: string; layout?: string }

export async function sampleCommand(o: SampleCliOptions): Promise<SampleSummary> {
  const cases = positiveInt(o.cases, '--cases') ?? DEFAULT_CASES;
  const seed = o.seed === undefined ? DEFAULT_SEED : Number(o.seed);
  if (!Number.isInteger(seed) || seed < 0) throw new InputError(`--seed ${o.seed}: give a whole number, 0 or more.`);
  if (o.layout && o.layout !== 'orgs' && o.layout !== 'single-csv') throw new InputError(`--layout ${o.layout}: use orgs or single-csv.`);
  const bar = process.stderr.isTTY && !o.json
    ? new cliProgress.SingleBar({ format: ' {bar} {value}/{total} cases ({duration}s)', stream: process.stderr, clearOnComplete: true }, cliProgress.Presets.shades_classic)
    : undefined;
  bar?.start(cases, 0);
  try {
    return await generateSample({
      outDir: o.out ?? DEFAULT_SAMPLE_DIR, cases, seed, plant: !o.null, layout: (o.layout as 'orgs' | 'single-csv') ?? 'orgs',
      onProgress: (done) => bar?.update(done),
    });
  } finally {
    bar?.stop();
  }
}
