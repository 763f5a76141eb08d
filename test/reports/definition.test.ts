import { describe, expect, it } from 'vitest';
import { loadReport, loadReports, reportScopeFilters } from '../../pipeline/reports/definition.ts';
import { writeReports } from './fixture.ts';

const GOOD = `title: Fixture
audience: coalition
period: { from: 2023-Q1, to: 2024-Q4 }
filters:
  service_area: [income_benefits]
blocks:
  - narrative: |
      First line.
      Second line.
`;

describe('report definitions', () => {
  it('reads a good definition, with the line where each narrative starts', () => {
    const dir = writeReports({ 'fixture.yaml': GOOD });
    const r = loadReport(`${dir}/fixture.yaml`);
    expect(r.id).toBe('fixture');
    expect(r.definition.layout).toBe('report');
    expect(r.narrativeLines.get(0)).toBe(8);
  });

  it('names the file, the key and its line for a bad value', () => {
    const dir = writeReports({ 'bad.yaml': GOOD.replace('audience: coalition', 'audience: legislators').replace('2024-Q4', '2024-Q5') });
    expect(() => loadReport(`${dir}/bad.yaml`)).toThrow(/Report definition .*bad\.yaml has 2 problems:\n  - audience \(line 2\): .*program.*coalition.*public.*\n  - period\.to \(line 3\): a quarter like 2024-Q1, or a date like 2024-03-31/);
  });

  it('names an unknown key, a bad filter code and a bad block', () => {
    const dir = writeReports({ 'bad.yaml': GOOD.replace('filters:', 'colour: red\nfilters:').replace('[income_benefits]', '[benefits]').replace('  - narrative: |', '  - table: { measure: favourable_of_closed, by: shoe_size }\n  - narrative: |') });
    let message = '';
    try { loadReport(`${dir}/bad.yaml`); } catch (e) { message = (e as Error).message; }
    expect(message).toContain('colour (line 4): unknown key');
    expect(message).toMatch(/filters\.service_area\.0 \(line 6\): Invalid option/);
    expect(message).toMatch(/blocks\.0\.table\.by \(line 8\): Invalid option/);
  });

  it('refuses a file name that cannot be a report id', () => {
    const dir = writeReports({ 'My Report.yaml': GOOD });
    expect(() => loadReport(`${dir}/My Report.yaml`)).toThrow(/lowercase letters, digits and hyphens/);
  });

  it('gives the measures one filter per distinct report scope, and the definition error for a bad file', () => {
    const dir = writeReports({ 'a.yaml': GOOD, 'b.yaml': GOOD.replace('[income_benefits]', '[income_benefits, income_benefits]'), 'c.yaml': GOOD.replace(/filters:\n.*\n/, ''), 'README.md': '# not a report' });
    expect(reportScopeFilters(dir)).toEqual([{ service_area: ['income_benefits'] }]);
    const bad = writeReports({ 'a.yaml': GOOD.replace('title: Fixture', 'title: 5\ntitel: x') });
    expect(() => reportScopeFilters(bad)).toThrow(/a\.yaml has 2 problems/);
  });

  it('ships example reports that validate', () => {
    const shipped = loadReports('reports');
    expect(shipped.map((r) => r.id)).toEqual(expect.arrayContaining(['language-access-benefits']));
    expect(shipped.find((r) => r.id === 'language-access-benefits')!.definition.layout).toBe('fact_sheet');
  });
});
