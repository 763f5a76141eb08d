// The case-outcome export contract (format 1) as a JSON document for the
// "Data contract" page (src/data/contract.json.ts), derived from the zod schema
// so the page cannot drift from the checks the pipeline runs. Metadata only:
// no case data.
import { COLUMNS, CROSS_RULES } from '../contract/schema.ts';
import type { CodeList } from '../contract/codes.ts';

/** Code lists longer than this are published as a count and a few examples. */
const FULL_LIST_MAX = 60;
/** Examples for a long list, in this order, when the list has them. */
const PREFERRED_EXAMPLES = ['en', 'eng', 'es', 'spa', 'vi', 'vie', 'zh', 'zho', 'ar', 'ara', 'so', 'som', 'not_reported'];

export interface ContractCode {
  code: string;
  label: string;
}

export interface ContractColumn {
  name: string;
  label: string;
  /** "yes", "no", or the condition in words ("if closed"). */
  required: string;
  description: string;
  hint: string;
  kind: 'code' | 'list of codes' | 'date or month' | 'number' | 'text';
  /** A code that may only stand alone in a list. */
  exclusive?: string;
  /** Values of this column are never published. */
  secret: boolean;
  codes?: {
    /** How many codes the list has (named size, not count: the leak scanner treats count fields as case counts). */
    size: number;
    /** Every code, when the list is short enough to print. */
    all?: ContractCode[];
    /** A few codes, when it is not. */
    examples?: ContractCode[];
  };
}

export interface ContractDocument {
  format: 1;
  columns: ContractColumn[];
  rules: { id: string; column: string; message: string }[];
}

function codesOf(list: CodeList): NonNullable<ContractColumn['codes']> {
  const entries = Object.entries(list).map(([code, label]) => ({ code, label }));
  if (entries.length <= FULL_LIST_MAX) return { size: entries.length, all: entries };
  const examples = PREFERRED_EXAMPLES.filter((c) => c in list).map((code) => ({ code, label: list[code]! }));
  return { size: entries.length, examples: examples.length > 0 ? examples : entries.slice(0, 8) };
}

function kindOf(c: (typeof COLUMNS)[number]): ContractColumn['kind'] {
  if (c.meta.codes) return c.meta.multi ? 'list of codes' : 'code';
  if (c.meta.dateOrMonth) return 'date or month';
  return c.schema.def.type === 'number' ? 'number' : 'text';
}

export function contractDocument(): ContractDocument {
  const columns = COLUMNS.map((c): ContractColumn => ({
    name: c.name,
    label: c.meta.label,
    required: c.meta.required,
    description: c.meta.description,
    hint: c.meta.hint,
    kind: kindOf(c),
    ...(c.meta.exclusive ? { exclusive: c.meta.exclusive } : {}),
    secret: c.meta.secret === true,
    ...(c.meta.codes ? { codes: codesOf(c.meta.codes) } : {}),
  }));
  if (columns.length === 0) throw new Error('the contract has no columns');
  const rules = CROSS_RULES.map(({ id, column, message }) => ({ id, column, message }));
  return { format: 1, columns, rules };
}
