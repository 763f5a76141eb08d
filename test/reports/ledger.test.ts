import { describe, expect, it } from 'vitest';
import { createLedger, handTypedNumbers, parseClaimId, renderNarrative, UnknownClaimError, type LedgerSource } from '../../pipeline/reports/ledger.ts';
import { MANIFEST, scopeRows } from './fixture.ts';

const source = (over: Partial<LedgerSource> = {}): LedgerSource => ({
  file: 'reports/fixture.yaml', rows: scopeRows(), scopeLabel: 'Service area: Income and public benefits',
  origin: { file: 'scopes/service_area=income_benefits.json', sha256: 'abcdef0123456789' }, k: 11,
  favourableOutcomes: MANIFEST.favourable_outcomes, period: { from: '2023-Q1', to: '2024-Q4' }, data: MANIFEST.data, ...over,
});

describe('claims ledger', () => {
  it('renders a rate with its interval and n, and a footnote tracing it', () => {
    const ledger = createLedger(source());
    const c = ledger.claim('rate.favourable_of_closed.interpreter_needed.yes', 3);
    expect(c.text).toBe('62.1% (95% CI 58.0–66.0%; n = 412)');
    expect(c.status).toBe('ok');
    expect(c.n).toBe(1);
    expect(c.footnote).toContain('256 of 412 accepted cases closed');
    expect(c.footnote).toContain('measure favourable_of_closed');
    expect(c.footnote).toContain('outcome achieved or partially achieved');
    expect(c.footnote).toContain('cases opened 2023-01-01 to 2024-12-31 (period 2023-Q1 to 2024-Q4)');
    expect(c.footnote).toContain('Publication of 2025-01-15 10:00:00 UTC, scopes/service_area=income_benefits.json sha256 abcdef012345');
    expect(ledger.warnings).toEqual([]);
  });

  it('numbers footnotes in order of first use and reuses the number for a repeated id', () => {
    const ledger = createLedger(source());
    const html = renderNarrative('A {{ rate.favourable_of_closed.all }} and {{ count.accepted_of_requests.interpreter_needed.yes }}, again {{rate.favourable_of_closed.all}}.', 10, ledger, 'reports/fixture.yaml');
    expect(ledger.claims().map((c) => [c.n, c.id])).toEqual([[1, 'rate.favourable_of_closed.all'], [2, 'count.accepted_of_requests.interpreter_needed.yes']]);
    expect(html).toContain('600 of 880');
    expect(html.match(/href="#fn-1"/g)).toHaveLength(2);
  });

  it('names the reference group of a ratio, pooled and within strata', () => {
    const ledger = createLedger(source());
    expect(ledger.claim('rri.accepted_of_requests.interpreter_needed.yes', 1).text).toBe("0.81 times the reference group's rate (Interpreter needed: No; 95% CI 0.77–0.85; n = 880)");
    const within = ledger.claim('arri.accepted_of_requests.interpreter_needed.yes', 1);
    expect(within.text).toBe("0.82 times the reference group's rate (Interpreter needed: No; 95% CI 0.78–0.86; n = 880)");
    expect(within.footnote).toContain('Mantel–Haenszel');
  });

  it('renders a suppressed claim as suppressed, says it is not necessarily low, and warns', () => {
    const ledger = createLedger(source());
    const c = ledger.claim('rate.favourable_of_closed.interpreter_needed.not_recorded', 7);
    expect(c.text).toBe('suppressed (fewer than 11 cases)');
    expect(c.status).toBe('suppressed');
    expect(c.footnote).toContain('A suppressed rate is not necessarily a low one.');
    expect(ledger.warnings).toEqual([{ file: 'reports/fixture.yaml', line: 7, message: expect.stringContaining('is suppressed') }]);
  });

  it('marks an unstable claim and warns', () => {
    const ledger = createLedger(source());
    const c = ledger.claim('rate.accepted_of_requests.interpreter_needed.not_recorded', 4);
    expect(c.text).toBe('70.0% (95% CI 48.0–86.0%; n = 20; unstable)');
    expect(c.status).toBe('unstable');
    expect(ledger.warnings[0].message).toContain('is unstable');
  });

  it('fails on an unknown id with the file, the line and the nearest valid ids', () => {
    const ledger = createLedger(source());
    renderNarrative('Intro.\nThey won {{ rate.favourable_of_closed.interpreter_needed.maybe }} of cases.', 20, ledger, 'reports/fixture.yaml');
    ledger.claim('rri.favourable_of_closed.interpreter_needed.no', 30);
    const error = new UnknownClaimError(ledger.problems);
    expect(error.message).toContain('reports/fixture.yaml line 21: unknown claim {{ rate.favourable_of_closed.interpreter_needed.maybe }}. Nearest valid ids: rate.favourable_of_closed.interpreter_needed.yes');
    expect(error.message).toContain('line 30: unknown claim {{ rri.favourable_of_closed.interpreter_needed.no }} (that group is the reference group');
    expect(ledger.problems).toHaveLength(2);
  });

  it('refuses an all-cases claim unless the report compares with all cases', () => {
    const ledger = createLedger(source());
    ledger.claim('rate.favourable_of_closed.all @ all', 2);
    expect(ledger.problems[0]).toContain('compare_with_all_cases: true');
    const withAll = createLedger(source({ allCases: { rows: scopeRows(3), origin: { file: 'group_rates.json', sha256: 'ffff' } } }));
    expect(withAll.claim('rate.favourable_of_closed.all @ all', 2).text).toBe('58.3% (95% CI 56.3–60.3%; n = 10,800)');
  });

  it('parses the grammar, and rejects what does not follow it', () => {
    expect(parseClaimId(' rate.favourable_of_closed.all ')).toMatchObject({ kind: 'rate', dimension: 'all', group: 'all', allCases: false });
    expect(parseClaimId('rri.x.program.metro-legal-aid/ssi_appeals @ all')).toMatchObject({ group: 'metro-legal-aid/ssi_appeals', allCases: true });
    expect(parseClaimId('median.favourable_of_closed.all')).toBeNull();
    expect(parseClaimId('rate.favourable_of_closed.interpreter_needed')).toBeNull();
  });
});

describe('numbers typed by hand', () => {
  it('finds percentages, decimals and counts, not years, quarters, claims or code', () => {
    const found = handTypedNumbers('In 2024, 45% of clients (1,203 people, 0.8 of the rate) waited.\nSee `Section 8`, 2023-Q1 and {{ rate.favourable_of_closed.all }}.');
    expect(found).toEqual([{ value: '45%', lineOffset: 0 }, { value: '1,203', lineOffset: 0 }, { value: '0.8', lineOffset: 0 }]);
  });

  it('warns with the line of the narrative', () => {
    const ledger = createLedger(source());
    renderNarrative('Fine.\nBut 62% is typed.', 40, ledger, 'reports/fixture.yaml');
    expect(ledger.warnings).toEqual([{ file: 'reports/fixture.yaml', line: 41, message: expect.stringContaining('"62%" looks like a number typed by hand') }]);
  });
});
