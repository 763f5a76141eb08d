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
  it('the shipped advocacy.config.yaml states exactly the defaults', () => {
    expect(loadConfig(join(import.meta.dirname, '../advocacy.config.yaml'))).toEqual(ConfigSchema.parse({}));
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
