// The Trends page's and the Overview's data loaders, run as Framework runs a
// .js loader (node, the published folder from ADVOCACY_PUBLISHED_DIR, JSON on
// stdout) on a small hand-written trends.json: the page can rebuild every published row, with
// its status, from the compact form; a suppressed figure stays null; and the
// Overview takes all cases by quarter, the whole quarters and the trends from it.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PublishedQuarterlyRate, PublishedTrend, PublishedTrends } from '../../pipeline/publish/published-trends.ts';
import { tempDir } from '../helpers.ts';

const ROOT = join(import.meta.dirname, '..', '..');

const rate = (dimension: string, group_code: string, group_label: string, quarter: string, numerator: number | null, denominator: number | null, rate_status: PublishedQuarterlyRate['rate_status']): PublishedQuarterlyRate => ({
  measure: 'favourable_of_closed', measure_label: 'Favourable outcome (of closed, accepted)', dimension, dimension_label: dimension === 'all' ? 'All cases' : 'Gender (alone or in combination)', group_code, group_label, quarter,
  numerator, denominator, rate: numerator === null || !denominator ? null : numerator / denominator, rate_lower: numerator === null || !denominator ? null : numerator / denominator - 0.04123456789,
  rate_upper: numerator === null || !denominator ? null : numerator / denominator + 0.04123456789, rate_status, suppression_reason: rate_status === 'suppressed' ? 'complementary' : null,
  reliability: rate_status, is_partial_quarter: quarter === '2024-Q2', used_in_trend: quarter !== '2024-Q2' && rate_status === 'ok',
});
const trend = (dimension: string, group_code: string, group_label: string, status: PublishedTrend['status']): PublishedTrend => ({
  measure: 'favourable_of_closed', measure_label: 'Favourable outcome (of closed, accepted)', dimension, dimension_label: dimension === 'all' ? 'All cases' : 'Gender (alone or in combination)', group_code, group_label,
  status, suppression_reason: status === 'suppressed' ? 'series_incomplete' : null, reason: status === 'refused' ? 'no trend: 1 period(s) with cases; a trend needs at least 4' : null,
  first_quarter: status === 'refused' ? '2024-Q1' : null, last_quarter: status === 'refused' ? '2024-Q1' : null, quarters_used: status === 'suppressed' ? null : 1, partial_quarters_excluded: 1,
  slope_logodds_per_quarter: null, slope_lower: null, slope_upper: null, odds_ratio_per_quarter: null, odds_ratio_lower: null, odds_ratio_upper: null, direction: null, confidence_level: 0.95,
  note: 'recent quarters count only the cases closed so far, which may differ from those still open',
});
const TRENDS: PublishedTrends = {
  quarters: [
    { quarter: '2024-Q1', quarter_start: '2024-01-01', days_in_quarter: 91, days_observed: 91, is_partial_quarter: false },
    { quarter: '2024-Q2', quarter_start: '2024-04-01', days_in_quarter: 91, days_observed: 40, is_partial_quarter: true },
  ],
  rates: [
    rate('all', 'all', 'All cases', '2024-Q1', 300, 600, 'ok'), rate('all', 'all', 'All cases', '2024-Q2', 120, 250, 'ok'),
    rate('gender', 'woman', 'Woman', '2024-Q1', 150, 290, 'ok'), rate('gender', 'woman', 'Woman', '2024-Q2', null, null, 'suppressed'),
    rate('gender', 'two_spirit', 'Two-Spirit', '2024-Q1', 0, 0, 'no_cases'), rate('gender', 'two_spirit', 'Two-Spirit', '2024-Q2', null, 12, 'suppressed'),
  ],
  trends: [trend('all', 'all', 'All cases', 'refused'), trend('gender', 'woman', 'Woman', 'refused'), trend('gender', 'two_spirit', 'Two-Spirit', 'suppressed')],
  policy_changes: [],
};

function runLoader(name: string, files: Record<string, unknown>) {
  const dir = tempDir();
  for (const [file, body] of Object.entries(files)) writeFileSync(join(dir, file), JSON.stringify(body));
  const run = spawnSync(process.execPath, ['--no-warnings=ExperimentalWarning', join(ROOT, 'src', 'data', name)], { env: { ...process.env, ADVOCACY_PUBLISHED_DIR: dir }, encoding: 'utf8', timeout: 60_000 });
  return { status: run.status, stderr: run.stderr, out: run.status === 0 ? JSON.parse(run.stdout) : null };
}
const fromColumns = ({ columns, rows }: { columns: string[]; rows: unknown[][] }) => rows.map((r) => Object.fromEntries(columns.map((c, i) => [c, r[i]])) as Record<string, any>);

describe('trends loader', () => {
  it('sends each series once and each quarterly rate with its series, so the page rebuilds every published row', () => {
    const { status, out } = runLoader('trends.json.js', { 'trends.json': TRENDS });
    expect(status).toBe(0);
    expect(Object.keys(out).sort()).toEqual(['dimensions', 'groups', 'measures', 'notes', 'policy_changes', 'quarters', 'rates', 'series'].sort());
    expect(out.quarters).toEqual(TRENDS.quarters);
    expect(out.measures).toEqual([{ id: 'favourable_of_closed', label: 'Favourable outcome (of closed, accepted)' }]);
    expect(out.notes).toEqual({ favourable_of_closed: TRENDS.trends[0].note });
    const series = fromColumns(out.series);
    expect(series.map((s) => `${s.dimension}=${s.group_code}:${s.status}`)).toEqual(['all=all:refused', 'gender=woman:refused', 'gender=two_spirit:suppressed']);
    const label = new Map(out.groups.map((g: { dimension: string; group_code: string; group_label: string }) => [`${g.dimension}=${g.group_code}`, g.group_label]));
    // As the page does it: the series' stage and group, then the quarter's figures.
    const rebuilt = fromColumns(out.rates).map(({ series: i, ...r }): Record<string, any> => ({ ...r, measure: series[i as number].measure, dimension: series[i as number].dimension, group_code: series[i as number].group_code, group_label: label.get(`${series[i as number].dimension}=${series[i as number].group_code}`) }));
    expect(rebuilt).toHaveLength(TRENDS.rates.length);
    TRENDS.rates.forEach((p, i) => {
      const r = rebuilt[i];
      expect(r).toMatchObject({
        measure: p.measure, dimension: p.dimension, group_code: p.group_code, group_label: p.group_label, quarter: p.quarter,
        numerator: p.numerator, denominator: p.denominator, rate_status: p.rate_status, suppression_reason: p.suppression_reason,
      });
      // Six significant digits, as every page's loader sends them.
      if (p.rate === null) expect([r.rate, r.rate_lower, r.rate_upper]).toEqual([null, null, null]);
      else expect(r.rate_lower).toBeCloseTo(p.rate_lower!, 5);
    });
  });

  it('refuses an empty publication, and a rate without its series, saying what to do', () => {
    const empty = runLoader('trends.json.js', { 'trends.json': { ...TRENDS, rates: [] } });
    expect(empty.status).not.toBe(0);
    expect(empty.stderr).toMatch(/no published quarterly rates/);
    const orphan = runLoader('trends.json.js', { 'trends.json': { ...TRENDS, trends: TRENDS.trends.slice(0, 2) } });
    expect(orphan.status).not.toBe(0);
    expect(orphan.stderr).toMatch(/favourable_of_closed for gender=two_spirit have no trend row; publish again/);
  });
});

describe('overview loader', () => {
  it('takes all cases by quarter, the whole quarters and the trends of all cases from trends.json', () => {
    const manifest = { k: 11, suppressed_share: 0.2, confidence_level: 0.95, data: { first_opened: '2024-01-02', last_opened: '2024-05-10', last_load: '2024-05-11 03:00:00', loads: 1 } };
    const { status, out } = runLoader('overview.json.js', { 'trends.json': TRENDS, 'group_rates.json': [], 'manifest.json': manifest });
    expect(status).toBe(0);
    expect(out.whole_quarters).toEqual(['2024-Q1']);
    expect(out.quarters.map((q: { group_code: string; is_partial_quarter: boolean; numerator: number }) => [q.group_code, q.is_partial_quarter, q.numerator])).toEqual([['2024-Q1', false, 300], ['2024-Q2', true, 120]]);
    expect(out.trends).toEqual([{ measure: 'favourable_of_closed', status: 'refused', reason: TRENDS.trends[0].reason, direction: null, odds_ratio_per_quarter: null, odds_ratio_lower: null, odds_ratio_upper: null, first_quarter: '2024-Q1', last_quarter: '2024-Q1', quarters_used: 1, confidence_level: 0.95 }]);
  });
});
