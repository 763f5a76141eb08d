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
    expect(() => loadConfig(join(dir, 'none.yaml'), { required: true })).toThrow('does not exist');
  });

  it('names the key of every problem', () => {
    expect(problems('disclosure:\n  k: 3\n')).toContain('disclosure.k: k below 5 does not protect anyone: use 5 or more (CMS uses 11)');
    expect(problems('measures:\n  favourable_outcomes: [won]\n')).toContain('measures.favourable_outcomes.0: Invalid option: expected one of');
    expect(problems('reliability:\n  unstable_rse: 0.6\n')).toContain('reliability.very_unstable_rse: very_unstable_rse must be at least unstable_rse');
    expect(problems('measurez: {}\n')).toContain("unknown key 'measurez'");
    expect(problems('paths:\n  warehouse: 3\n')).toContain('paths.warehouse: Invalid input: expected string, received number');
    expect(problems('a: [\n')).toContain('is not valid YAML');
  });
});
