// The checks DuckDB runs and their JavaScript twins are generated from the same
// schema; on random rows near the edges of every rule they must agree exactly.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ingestFile } from '../../pipeline/ingest/ingest.ts';
import { failuresOfText } from '../../pipeline/contract/checks.ts';
import { COLUMNS } from '../../pipeline/contract/index.ts';
import { VALID_ROW, query, tempWarehouse, writeCsv } from '../helpers.ts';

const AS_OF = '2025-06-30';
const edgy: Record<string, string[]> = {
  dates: ['2024-01-05', '2024-01', '2024-02-29', '2023-02-29', '2024-13', '2025-07-01', '2025-06', '2025-06-30', '2023-12-31', '20240105', ''],
  numbers: ['0', '27', '3650', '3651', '-1', '1.5', '1e3', 'abc', '10000000', '10000000.01', '.5', ''],
};

function candidates(name: string): string[] {
  const col = COLUMNS.find((c) => c.name === name)!;
  const codes = col.meta.codes ? Object.keys(col.meta.codes).slice(0, 12) : [];
  if (col.meta.dateOrMonth) return edgy.dates;
  if (name === 'days_to_close' || name === 'benefit_usd') return edgy.numbers;
  if (col.meta.multi) return ['', ...codes, `${codes[0]};${codes[1]}`, `${codes[0]};${codes[0]}`, 'not_reported', `not_reported;${codes[0]}`, 'bogus', `${codes[0]};bogus`, `${codes[0]};;${codes[1]}`];
  if (codes.length) return ['', ...codes, codes[0].toUpperCase(), 'bogus'];
  return ['', VALID_ROW[name], 'ab', 'x'.repeat(70), 'Has Space', 'c-0001', '53033', '5303'];
}

describe('SQL checks and JavaScript checks agree', () => {
  it('on 1,500 random rows', async () => {
    // Mostly the valid value, sometimes an edge case: about one row in five passes every rule.
    const arb = fc.record(Object.fromEntries(COLUMNS.map((c) => [c.name,
      fc.oneof({ arbitrary: fc.constant(VALID_ROW[c.name]), weight: 14 }, { arbitrary: fc.constantFrom(...candidates(c.name)), weight: 1 })])) as Record<string, fc.Arbitrary<string>>);
    const rows = fc.sample(arb, { numRuns: 1500, seed: 42 }).map((r, i) => ({ ...r, case_id: r.case_id === VALID_ROW.case_id ? `R-${i}` : r.case_id }) as Record<string, string>);
    // Rows sharing a valid case id would also be duplicates: keep ids distinct where valid.
    const seen = new Set<string>();
    for (const [i, r] of rows.entries()) { if (seen.has(`${r.org_id}|${r.case_id}`)) r.case_id = `D-${i}`; seen.add(`${r.org_id}|${r.case_id}`); }
    const w = await tempWarehouse();
    try {
      await ingestFile(w.connection, writeCsv(w.dir, 'random.csv', rows), { asOf: AS_OF });
      const q = await query(w, `SELECT line, column_name, rule, message FROM quarantine WHERE rule <> 'duplicate_in_file'`);
      const sql = new Map<number, string[]>();
      for (const x of q) sql.set(Number(x.line), [...(sql.get(Number(x.line)) ?? []), `${x.column_name}/${x.rule}: ${x.message}`]);
      let failing = 0;
      rows.forEach((r, i) => {
        const js = failuresOfText(r, { asOf: AS_OF }).map((f) => `${f.column}/${f.rule}: ${f.message}`).sort();
        if (js.length) failing++;
        expect(sql.get(i + 2)?.sort() ?? [], `line ${i + 2}: ${JSON.stringify(r)}`).toEqual(js);
      });
      // The sample must exercise both outcomes, or the comparison proves little.
      expect(failing).toBeGreaterThan(100);
      expect(rows.length - failing).toBeGreaterThan(0);
    } finally {
      w.close();
    }
  });
});
