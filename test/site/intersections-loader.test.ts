// The Outcomes page's intersections loaders, run as Framework runs a .js loader
// (node, the published folder from ADVOCACY_PUBLISHED_DIR, --pair=<value> for
// the parameterised one, JSON on stdout), on a small hand-made intersections.json
// with every pair the page names: the index carries only the breakdowns and the
// pairs; each pair's file lets the page rebuild every published cell of that
// pair (six significant digits, as every loader sends them) and nothing of
// another pair; a pair the page cannot fetch, or one it names that is not
// published, stops the build saying which.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PublishedIntersection } from '../../pipeline/publish/published-intersections.ts';
import { DIMENSION_LABELS } from '../../pipeline/measures/labels.ts';
import { pageFileKeys } from '../../src/data/intersection-pairs.js';
import { tempDir } from '../helpers.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const KEYS = pageFileKeys();

const cell = (a: string, b: string, ga: string, gb: string, i: number): PublishedIntersection => {
  const suppressed = i === 2;
  const reference = i === 0;
  return {
    dimension_a: a, dimension_a_label: DIMENSION_LABELS[a] ?? a, group_a: ga, group_a_label: `${a} ${ga}`,
    dimension_b: b, dimension_b_label: DIMENSION_LABELS[b] ?? b, group_b: gb, group_b_label: `${b} ${gb}`,
    measure: 'favourable_of_closed', numerator: suppressed ? null : 40 + i, denominator: suppressed ? null : 97 + i,
    rate: suppressed ? null : (40 + i) / (97 + i), rate_lower: suppressed ? null : 0.3123456789, rate_upper: suppressed ? null : 0.5123456789, confidence_level: 0.95,
    rate_status: suppressed ? 'suppressed' : 'ok', suppression_reason: suppressed ? 'complementary' : null, reliability: suppressed ? 'suppressed' : 'ok',
    is_reference: reference, reference_group_a: 'g0', reference_group_b: 'h0',
    rate_ratio: reference ? 1 : suppressed ? null : 1.0123456789, ratio_lower: reference || suppressed ? null : 0.8, ratio_upper: reference || suppressed ? null : 1.3,
    ratio_status: reference ? 'ok' : suppressed ? 'suppressed' : 'ok', ratio_suppression_reason: suppressed ? 'complementary' : null,
    test_method: reference || suppressed ? null : 'z', p_value: reference || suppressed ? null : 0.4, p_adjusted: reference || suppressed ? null : 0.6,
    adjusted_ratio: null, adjusted_lower: null, adjusted_upper: null, adjusted_p_bh: null, adjusted_for: reference || suppressed ? null : 'service area and organisation',
    comparison_family: `favourable_of_closed by ${a} × ${b}`, note: reference ? 'reference cell' : null,
  };
};
// Publication order: by pair, then groups; three cells per pair (the reference, an ordinary one, a suppressed one).
const PUBLISHED = KEYS.flatMap((key) => {
  const [a, b] = key.split('~');
  return [cell(a, b, 'g0', 'h0', 0), cell(a, b, 'g0', 'h1', 1), cell(a, b, 'g1', 'h0', 2)];
});

function runLoader(loader: string, rows: readonly PublishedIntersection[], args: string[] = []) {
  const dir = tempDir();
  writeFileSync(join(dir, 'intersections.json'), JSON.stringify(rows));
  const run = spawnSync(process.execPath, ['--no-warnings=ExperimentalWarning', join(ROOT, 'src', 'data', loader), ...args], { env: { ...process.env, ADVOCACY_PUBLISHED_DIR: dir }, encoding: 'utf8', timeout: 60_000 });
  return { status: run.status, stderr: run.stderr, out: run.status === 0 ? JSON.parse(run.stdout) : null };
}
const fromColumns = ({ columns, rows }: { columns: string[]; rows: unknown[][] }) => rows.map((r) => Object.fromEntries(columns.map((c, i) => [c, r[i]])) as Record<string, any>);
const round = (v: unknown) => (typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(6)) : v);

describe('intersections loaders', () => {
  it('the page names 35 pairs: every two breakdowns but race alone with race alone or in combination', () => {
    expect(KEYS).toHaveLength(35);
    expect(new Set(KEYS).size).toBe(35);
    expect(KEYS).not.toContain('race_ethnicity_alone~race_ethnicity_aoic');
    expect(KEYS).toContain('race_ethnicity_aoic~gender');
    expect(KEYS).toContain('veteran~service_area');
  });

  it('the index carries the breakdowns in publication order with their labels, and the pairs, nothing else', () => {
    const { status, out, stderr } = runLoader('intersections.json.js', PUBLISHED);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(Object.keys(out).sort()).toEqual(['dimensions', 'pairs']);
    expect(out.dimensions.map(([d]: [string]) => d)).toEqual([
      'race_ethnicity_alone', 'gender', 'age_band', 'disability', 'interpreter_needed', 'income_band', 'veteran', 'service_area', 'race_ethnicity_aoic',
    ]);
    for (const [d, label] of out.dimensions) expect(label).toBe(DIMENSION_LABELS[d]);
    expect(out.pairs.map(([a, b]: [string, string]) => `${a}~${b}`)).toEqual(KEYS);
  });

  it('each pair file rebuilds, as the page does, exactly the published cells of that pair', () => {
    for (const key of [KEYS[0], 'race_ethnicity_aoic~gender', KEYS[KEYS.length - 1]]) {
      const { status, out } = runLoader('intersections/[pair].json.js', PUBLISHED, [`--pair=${key}`]);
      expect(status).toBe(0);
      const groups = new Map<string, string>(out.groups);
      const rebuilt = fromColumns(out.cells).map((r) => ({
        ...r, ...out.pair, note: out.strings[r.note], adjusted_for: out.strings[r.adjusted_for],
        group_a_label: groups.get(`${out.pair.dimension_a}|${r.group_a}`), group_b_label: groups.get(`${out.pair.dimension_b}|${r.group_b}`),
      }));
      const expected = PUBLISHED.filter((r) => `${r.dimension_a}~${r.dimension_b}` === key)
        .map(({ dimension_a_label, dimension_b_label, ...r }) => Object.fromEntries(Object.entries(r).map(([c, v]) => [c, round(v)])));
      expect(rebuilt).toEqual(expected);
      expect(rebuilt.find((r) => r.rate_status === 'suppressed')).toMatchObject({ numerator: null, denominator: null, rate: null, rate_ratio: null });
    }
  });

  it('a pair not published, or named the other way round, stops the build saying what to do', () => {
    const reversed = runLoader('intersections/[pair].json.js', PUBLISHED, ['--pair=gender~race_ethnicity_alone']);
    expect(reversed.status).toBe(1);
    expect(reversed.stderr).toMatch(/intersections pair loader: no published pair "gender~race_ethnicity_alone" in intersections.json/);
    const empty = runLoader('intersections/[pair].json.js', [], ['--pair=race_ethnicity_alone~gender']);
    expect(empty.status).toBe(1);
    expect(empty.stderr).toMatch(/no published intersections/);
  });

  it('a pair the page does not name, or one it names that is not published, stops the build naming them', () => {
    const extra = runLoader('intersections.json.js', [...PUBLISHED, cell('race_ethnicity_alone', 'language', 'g0', 'h0', 0)]);
    expect(extra.status).toBe(1);
    expect(extra.stderr).toMatch(/published but not named there: race_ethnicity_alone~language\b/);
    const fewer = runLoader('intersections.json.js', PUBLISHED.filter((r) => r.dimension_b !== 'service_area'));
    expect(fewer.status).toBe(1);
    expect(fewer.stderr).toMatch(/named there but not published: race_ethnicity_alone~service_area, race_ethnicity_aoic~service_area/);
    const none = runLoader('intersections.json.js', []);
    expect(none.status).toBe(1);
    expect(none.stderr).toMatch(/intersections loader: no published intersections; refusing to publish an empty page section/);
  });
});
