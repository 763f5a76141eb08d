// Text forms of a row: CSV in each organisation's dialect, and JSON Lines.
// Parquet is written as plain CSV first and converted (parquet.ts).
import type { Dialect } from './orgs.ts';
import { COLUMNS_IN_ORDER, NUMERIC_COLUMNS, type RowValues } from './rows.ts';

/** A spreadsheet's headers: upper and mixed case, stray spaces, as people type them. */
const MESSY_HEADER: Readonly<Record<string, string>> = {
  case_id: ' Case_ID', org_id: 'Org_ID ', program: 'PROGRAM', service_area: 'Service_Area', intake_decision: 'Intake_Decision',
  opened_on: 'Opened_On', closed_on: ' Closed_On ', days_to_close: 'DAYS_TO_CLOSE', outcome: 'Outcome', service_level: 'Service_Level',
  escalation: 'ESCALATION', barriers: 'Barriers ', race_ethnicity: 'Race_Ethnicity', gender: 'GENDER', age_band: 'Age_Band',
  disability: 'Disability', language: 'LANGUAGE', interpreter_needed: 'Interpreter_Needed', income_band: ' Income_Band',
  county_fips: 'County_FIPS', veteran: 'Veteran', benefit_usd: 'Benefit_USD',
};

const QUOTE = 34, LF = 10, CR = 13;

/** RFC 4180 quoting. One pass over char codes: a regular expression per field cost an eighth of the run time. */
function csvField(v: string, delimiter: number): string {
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c === delimiter || c === QUOTE || c === LF || c === CR) return `"${v.replaceAll('"', '""')}"`;
  }
  return v;
}

export interface LineFormat {
  /** Written once at the start of the file (BOM and header), '' for none. */
  preamble: string;
  line(values: RowValues): string;
}

export function csvFormat(dialect: Pick<Dialect, 'delimiter' | 'bom' | 'crlf' | 'header'>): LineFormat {
  const { delimiter } = dialect;
  const delimiterCode = delimiter.charCodeAt(0);
  const eol = dialect.crlf ? '\r\n' : '\n';
  const names = COLUMNS_IN_ORDER.map((c) => (dialect.header === 'messy' ? MESSY_HEADER[c] : c));
  return {
    preamble: (dialect.bom ? '\uFEFF' : '') + names.map((n) => csvField(n, delimiterCode)).join(delimiter) + eol,
    line(values) {
      let s = '';
      for (let i = 0; i < values.length; i++) {
        const v = values[i];
        if (i > 0) s += delimiter;
        if (v !== undefined) s += typeof v === 'number' ? String(v) : csvField(v, delimiterCode);
      }
      return s + eol;
    },
  };
}

/** Keys the exporting system always writes, as "" while the case is open; other absent values are omitted. */
const ALWAYS_PRESENT = new Set(['closed_on', 'outcome']);

export function jsonlFormat(): LineFormat {
  return {
    preamble: '',
    line(values) {
      const o: Record<string, string | number> = {};
      for (let i = 0; i < values.length; i++) {
        const name = COLUMNS_IN_ORDER[i];
        const v = values[i];
        if (v !== undefined) o[name] = NUMERIC_COLUMNS.has(name) ? Number(v) : v;
        else if (ALWAYS_PRESENT.has(name)) o[name] = '';
      }
      return JSON.stringify(o) + '\n';
    },
  };
}

/** Plain comma CSV with the contract's headers: the single-file layout and the text a Parquet file is converted from. */
export const PLAIN_CSV = csvFormat({ delimiter: ',', bom: false, crlf: false, header: 'contract' });

export function lineFormat(dialect: Dialect): LineFormat {
  switch (dialect.format) {
    case 'csv': return csvFormat(dialect);
    case 'jsonl': return jsonlFormat();
    case 'parquet': return PLAIN_CSV;
  }
}
