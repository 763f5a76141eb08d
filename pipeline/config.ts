// The one configuration file (advocacy.config.yaml), validated by zod with
// messages that name the key. Defaults are written in the shipped file and here.
import { existsSync, readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { Cron } from 'croner';
import { OUTCOME, SERVICE_AREA } from './contract/index.ts';
import { MEASURES } from './measures/group-rates.ts';
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

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'use a date written YYYY-MM-DD' })
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), { message: 'not a real calendar date' });

/** A dated policy change whose before/after effect is estimated by interrupted time series. */
const PolicyChange = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, { message: 'use lower-case letters, digits, - and _ (it names the row in marts.policy_change_effects)' }),
  date: isoDay,
  label: z.string().min(1),
  /** Only cases of this service area; all cases when left out. */
  service_area: z.enum(Object.keys(SERVICE_AREA) as [string, ...string[]]).optional(),
  measure: z.enum(MEASURES.map((m) => m.id) as [string, ...string[]]),
  /** Periods the series is counted in; opened_on decides a case's period. */
  period: z.enum(['quarter', 'month']).default('quarter'),
  /** Periods with cases needed on each side of the date (Wagner et al. 2002 suggest 8 or more; fewer is refused). */
  min_points_per_side: z.number().int().min(3, { message: 'at least 3 periods on each side: a line through 2 points has no error to estimate' }).default(8),
}).strict();

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
      // Report definitions (reports/README.md): measured as scopes, built by `report` and `run`.
      reports: z.string().min(1).default('reports'),
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
      policy_changes: z.array(PolicyChange).default([])
        .refine((xs) => new Set(xs.map((x) => x.id)).size === xs.length, { message: 'every policy change needs its own id' }),
    }).strict().prefault({}),
    reliability: z.object({
      min_count: z.number().int().min(1).default(30),
      unstable_rse: share.default(0.3),
      very_unstable_rse: share.default(0.5),
    }).strict().prefault({})
      .refine((r) => r.very_unstable_rse >= r.unstable_rse, { message: 'very_unstable_rse must be at least unstable_rse', path: ['very_unstable_rse'] }),
    disclosure: z.object({
      k: z.number().int().min(5, { message: 'k below 5 does not protect anyone: use 5 or more (CMS uses 11)' }).default(11),
      // Protect the counts an attacker gets by subtracting nested shown counts
      // (closed − favourable, followed − returned): pipeline/publish/nested-counts.ts.
      subtraction_cells: z.boolean().default(true),
      // A cell crossing two slices (a program and an age band, two groups, a
      // quarter and a group) is published only when each slice has at least this
      // many requests; the others are withheld as small slices
      // (pipeline/publish/small-slices.ts). 0 publishes every breakdown.
      min_slice_requests: z.number().int().min(0, { message: 'use 0 to publish every breakdown, or a number of requests' }).default(200),
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
