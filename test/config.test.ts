// The configuration file: the shipped one equals the defaults, and every error names its key.
import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigSchema, loadConfig } from '../pipeline/config.ts';
import { tempDir } from './helpers.ts';

const dir = tempDir();
const file = (text: string) => { const p = join(dir, `c${Math.random().toString(36).slice(2)}.yaml`); writeFileSync(p, text); return p; };
const problems = (text: string) => { try { loadConfig(file(text)); return ''; } catch (e) { return (e as Error).message; } };

describe('configuration', () => {
  it('the shipped advocacy.config.yaml states exactly the defaults, plus the sample\'s planted policy change', () => {
    const shipped = loadConfig(join(import.meta.dirname, '../advocacy.config.yaml'));
    expect({ ...shipped, measures: { ...shipped.measures, policy_changes: [] } }).toEqual(ConfigSchema.parse({}));
    expect(shipped.measures.policy_changes).toEqual([{
      id: 'income-benefits-2024-07', date: '2024-07-01', label: 'Income benefits intake moved online', service_area: 'income_benefits',
      measure: 'favourable_of_closed', period: 'month', min_points_per_side: 6,
    }]);
  });

  it('checks each policy change and names its key', () => {
    const change = (extra: string) => problems(`measures:\n  policy_changes:\n    - { id: p1, label: x, measure: favourable_of_closed, ${extra} }\n`);
    expect(change('date: "2024-13-01"')).toContain('measures.policy_changes.0.date: not a real calendar date');
    expect(change('date: "1 July 2024"')).toContain('measures.policy_changes.0.date: use a date written YYYY-MM-DD');
    expect(change('date: "2024-07-01", service_area: housng')).toContain('measures.policy_changes.0.service_area: Invalid option');
    expect(change('date: "2024-07-01", min_points_per_side: 2')).toContain('measures.policy_changes.0.min_points_per_side: at least 3 periods on each side');
    expect(change('date: "2024-07-01", period: week')).toContain('measures.policy_changes.0.period: Invalid option');
    expect(problems('measures:\n  policy_changes:\n    - { id: p1, date: "2024-07-01", label: x, measure: favourable }\n')).toContain('measures.policy_changes.0.measure: Invalid option');
    expect(problems('measures:\n  policy_changes:\n    - { id: p1, date: "2024-07-01", label: x, measure: favourable_of_closed }\n    - { id: p1, date: "2024-08-01", label: y, measure: favourable_of_closed }\n'))
      .toContain('measures.policy_changes: every policy change needs its own id');
  });

  it('a missing file means the defaults, unless it was asked for by name', () => {
    expect(loadConfig(join(dir, 'none.yaml')).disclosure.k).toBe(11);
    expect(loadConfig(join(dir, 'none.yaml')).disclosure.min_slice_requests).toBe(200);
    expect(() => loadConfig(join(dir, 'none.yaml'), { required: true })).toThrow('does not exist');
  });

  it('names the key of every problem', () => {
    expect(problems('disclosure:\n  k: 3\n')).toContain('disclosure.k: k below 5 does not protect anyone: use 5 or more (CMS uses 11)');
    expect(problems('measures:\n  favourable_outcomes: [won]\n')).toContain('measures.favourable_outcomes.0: Invalid option: expected one of');
    expect(problems('reliability:\n  unstable_rse: 0.6\n')).toContain('reliability.very_unstable_rse: very_unstable_rse must be at least unstable_rse');
    expect(problems('measurez: {}\n')).toContain("unknown key 'measurez'");
    expect(problems('paths:\n  warehouse: 3\n')).toContain('paths.warehouse: Invalid input: expected string, received number');
    expect(problems('a: [\n')).toContain('is not valid YAML');
    expect(problems('disclosure:\n  min_slice_requests: -5\n')).toContain('disclosure.min_slice_requests: use 0 to publish every breakdown, or a number of requests');
    expect(problems('disclosure:\n  min_slice_requests: 2.5\n')).toContain('disclosure.min_slice_requests');
  });
});

describe('configuration of the scheduled job', () => {
  it('has defaults for the folders, the schedule and the operations', () => {
    const c = ConfigSchema.parse({});
    expect(c.paths).toMatchObject({ inbox: 'data/inbox', archive: 'data/archive', rejected: 'data/rejected', site: 'data/site', published: 'data/published', status: 'data/status.json' });
    expect(c.schedule).toEqual({ cron: ['0 3 * * *'], timezone: 'UTC' });
    expect(c.ops).toEqual({ retries: 3, backoff_seconds: 30, backoff_factor: 2, settle_seconds: 60, keep_releases: 5, on_failure: null });
  });

  it.each([
    ['paths:\n  inbox: ""\n', 'paths.inbox: Too small'],
    ['paths:\n  site: 7\n', 'paths.site: Invalid input: expected string, received number'],
    ['paths:\n  outbox: x\n', "paths: unknown key 'outbox'"],
    ['schedule:\n  cron: ["61 3 * * *"]\n', 'schedule.cron.0: is not a cron expression croner reads'],
    ['schedule:\n  cron: ["0 3 * * *", "every night"]\n', 'schedule.cron.1: is not a cron expression croner reads'],
    ['schedule:\n  cron: "0 3 * * *"\n', 'schedule.cron: Invalid input: expected array, received string'],
    ['schedule:\n  timezone: Mars/Olympus\n', 'schedule.timezone: is not an IANA time zone'],
    ['ops:\n  retries: -1\n', 'ops.retries: Too small'],
    ['ops:\n  retries: 1.5\n', 'ops.retries: Invalid input: expected int, received number'],
    ['ops:\n  backoff_seconds: 0\n', 'ops.backoff_seconds: Too small'],
    ['ops:\n  backoff_factor: 0.5\n', 'ops.backoff_factor: Too small'],
    ['ops:\n  settle_seconds: -5\n', 'ops.settle_seconds: Too small'],
    ['ops:\n  keep_releases: 0\n', 'ops.keep_releases: keep at least 1 release (the one published)'],
    ['ops:\n  on_failure: ""\n', 'ops.on_failure: Too small'],
    ['ops:\n  on_failure: [mail]\n', 'ops.on_failure: Invalid input: expected string, received array'],
    ['ops:\n  retry: 3\n', "ops: unknown key 'retry'"],
  ])('%s is refused naming the key', (text, message) => {
    expect(problems(text)).toContain(message);
  });

  it('accepts several cron expressions, a time zone and a failure command', () => {
    const c = loadConfig(file('schedule:\n  cron: ["0 3 * * *", "30 12 * * 1-5"]\n  timezone: America/Chicago\nops:\n  on_failure: mail -s failed ops@example.org\n'));
    expect(c.schedule.cron).toHaveLength(2);
    expect(c.ops.on_failure).toBe('mail -s failed ops@example.org');
  });
});
