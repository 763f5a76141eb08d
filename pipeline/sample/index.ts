// Public API of the sample-data generator.
export { generateSample, DEFAULT_CASES, DEFAULT_SEED, type SampleOptions, type SampleSummary } from './generate.ts';
