// The one configuration file (advocacy.config.yaml), validated by zod with
// messages that name the key. Defaults are written in the shipped file and here.
import { existsSync, readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { Cron } from 'croner';
import { OUTCOME } from './contract/index.ts';
import { InputError } from './errors.ts';

export const DEFAULT_CONFIG_FILE = 'advocacy.config.yaml';

const share = z.number().min(0).max(1);

function isCron(expression: string): boolean {
  try {
    new Cron(expression, { paused: true });
    return true;
  } catch {
    return false;
  }
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const ConfigSchema = z
  .object({
    paths: z.object({
      warehouse: z.string().min(1).default('data/warehouse.duckdb'),
      marts: z.string().min(1).default('data/marts'),
      // The scheduled job's folders (pipeline/ops): exports arrive in inbox/<org>/,
      // leave for archive/<org>/<date>/ or rejected/<org>/; site releases live in site/.
      inbox: z.string().min(1).default('data/inbox'),
      archive: z.string().min(1).default('data/archive'),
      rejected: z.string().min(1).default('data/rejected'),
      site: z.string().min(1).default('data/site'),
      // What `run` publishes (the site's loaders read it) and the monitoring status file.
      published: z.string().min(1).default('data/published'),
      status: z.string().min(1).default('data/status.json'),
    }).strict().prefault({}),
    schedule: z.object({
      cron: z.array(z.string().min(1).refine(isCron, { message: 'is not a cron expression croner reads (five or six fields, e.g. "0 3 * * *")' })).default(['0 3 * * *']),
      timezone: z.string().min(1).refine(isTimeZone, { message: 'is not an IANA time zone (e.g. "Europe/London", "America/Chicago", "UTC")' }).default('UTC'),
    }).strict().prefault({}),
    ops: z.object({
      retries: z.number().int().min(0).max(20).default(3),
      backoff_seconds: z.number().positive().max(3600).default(30),
      backoff_factor: z.number().min(1).max(10).default(2),
      settle_seconds: z.number().min(0).max(86_400).default(60),
      keep_releases: z.number().int().min(1, { message: 'keep at least 1 release (the one published)' }).max(100).default(5),
      on_failure: z.string().min(1).nullable().default(null),
    }).strict().prefault({}),
    measures: z.object({
      favourable_outcomes: z.array(z.enum(Object.keys(OUTCOME) as [string, ...string[]])).min(1).default(['achieved', 'partially_achieved']),
      reference_groups: z.record(z.string(), z.string().min(1)).default({ default: 'largest', race_ethnicity_aoic: 'white', race_ethnicity_alone: 'white' }),
      min_group_share: share.default(0.01),
      confidence_level: z.number().gt(0.5).lt(1).default(0.95),
    }).strict().prefault({}),
    reliability: z.object({
      min_count: z.number().int().min(1).default(30),
      unstable_rse: share.default(0.3),
      very_unstable_rse: share.default(0.5),
    }).strict().prefault({})
      .refine((r) => r.very_unstable_rse >= r.unstable_rse, { message: 'very_unstable_rse must be at least unstable_rse', path: ['very_unstable_rse'] }),
    disclosure: z.object({
      k: z.number().int().min(5, { message: 'k below 5 does not protect anyone: use 5 or more (CMS uses 11)' }).default(11),
    }).strict().prefault({}),
  })
  .strict();

export type Config = z.infer<typeof ConfigSchema>;

/** Reads and checks the configuration; a missing file means every default. */
export function loadConfig(path = DEFAULT_CONFIG_FILE, { required = false } = {}): Config {
  if (!existsSync(path)) {
    if (required) throw new InputError(`Configuration file ${path} does not exist. Check the path, or leave --config out to use ${DEFAULT_CONFIG_FILE}.`);
    return ConfigSchema.parse({});
  }
  let data: unknown;
  try {
    data = parseYaml(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new InputError(`Configuration file ${path} is not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  const parsed = ConfigSchema.safeParse(data ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => {
      const key = i.path.join('.') || '(top level)';
      if (i.code === 'unrecognized_keys') return `${key === '(top level)' ? '' : `${key}: `}unknown key${i.keys.length > 1 ? 's' : ''} ${i.keys.map((k) => `'${k}'`).join(', ')}`;
      return `${key}: ${i.message}`;
    });
    throw new InputError(`Configuration file ${path} has ${problems.length} problem${problems.length > 1 ? 's' : ''}:\n  - ${problems.join('\n  - ')}`);
  }
  return parsed.data;
}
