// Report definitions (reports/<id>.yaml), validated by zod with messages that
// name the file, the key and its line. A definition says what a report shows;
// whether its period, filters and groups exist in the publication is checked
// when the report is built (publication.ts), because that needs the data.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { LineCounter, parseDocument, isNode, type Node as YamlNode } from 'yaml';
import { z } from 'zod';
import { SERVICE_AREA } from '../contract/index.ts';
import { InputError } from '../errors.ts';
import { MEASURES } from '../measures/group-rates.ts';
import { DIMENSION_LABELS } from '../measures/labels.ts';

export const DEFAULT_REPORTS_DIR = 'reports';

/** The same shape as the measures' scopes (pipeline/measures/scopes.ts): lists of codes, all optional. */
export interface ScopeFilter { service_area?: string[]; organisation?: string[]; program?: string[]; county?: string[] }

const MEASURE_IDS = MEASURES.map((m) => m.id) as [string, ...string[]];
const DIMENSIONS = Object.keys(DIMENSION_LABELS).filter((d) => d !== 'all') as [string, ...string[]];
const QUARTER = /^\d{4}-Q[1-4]$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

const codes = <T extends z.ZodType<string>>(item: T) => z.array(item).min(1, { message: 'give at least one code, or leave the key out' });
const Filters = z.object({
  service_area: codes(z.enum(Object.keys(SERVICE_AREA) as [string, ...string[]])).optional(),
  organisation: codes(z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, { message: 'an organisation id, like metro-legal-aid' })).optional(),
  program: codes(z.string().regex(/^[a-z0-9][a-z0-9_-]*\/[a-z0-9_]+$/, { message: 'a program as org_id/program, like metro-legal-aid/ssi_appeals' })).optional(),
  county: codes(z.string().regex(/^\d{5}$/, { message: 'a 5-digit county FIPS code, like 53033' })).optional(),
}).strict();

const PeriodEnd = z.string().refine((s) => QUARTER.test(s) || (DAY.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`))), { message: 'a quarter like 2024-Q1, or a date like 2024-03-31' });

/** A breakdown of one measure: a table of every group, or a chart of the same rows. */
const Breakdown = z.object({
  measure: z.enum(MEASURE_IDS),
  by: z.enum(DIMENSIONS),
  title: z.string().min(1).optional(),
  /** Only these groups, in this order (default: every published group). */
  groups: z.array(z.string().min(1)).min(1).optional(),
}).strict();

const Block = z.object({
  heading: z.string().min(1).optional(),
  narrative: z.string().min(1).optional(),
  table: Breakdown.optional(),
  chart: Breakdown.optional(),
}).strict().refine((b) => [b.heading, b.narrative, b.table, b.chart].some((x) => x !== undefined), { message: 'a block needs a heading, narrative, table or chart' });

export const ReportSchema = z.object({
  title: z.string().min(1),
  subtitle: z.string().min(1).optional(),
  audience: z.enum(['program', 'coalition', 'public']),
  /** fact_sheet: at most two printed pages, checked at build. */
  layout: z.enum(['fact_sheet', 'report']).default('report'),
  max_pages: z.number().int().min(1).optional(),
  period: z.object({ from: PeriodEnd, to: PeriodEnd }).strict(),
  filters: Filters.default({}),
  /** The reference group each breakdown must be compared with; the build fails if the publication compares with another. */
  reference: z.partialRecord(z.enum(DIMENSIONS), z.string().min(1)).default({}),
  /** Tables add the all-cases rate beside the report's own, and `@ all` claims become available. */
  compare_with_all_cases: z.boolean().default(false),
  blocks: z.array(Block).min(1),
}).strict().refine((r) => r.period.from <= r.period.to, { message: 'the period ends before it starts', path: ['period', 'to'] });

export type ReportDefinition = z.infer<typeof ReportSchema>;
export type BlockDefinition = ReportDefinition['blocks'][number];

export interface LoadedReport {
  id: string;
  file: string;
  /** The file's text, hashed into the report's manifest. */
  source: string;
  definition: ReportDefinition;
  /** 1-based line of each narrative block's first line of text, for messages. */
  narrativeLines: Map<number, number>;
}

function lineOfPath(doc: ReturnType<typeof parseDocument>, counter: LineCounter, path: (string | number)[]): number | undefined {
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n), true);
    if (isNode(node) && (node as YamlNode).range) return counter.linePos((node as YamlNode).range![0]).line;
  }
  return undefined;
}

/** Reads and checks one definition; every problem names the file, the key and its line. */
export function loadReport(file: string): LoadedReport {
  const id = basename(file).replace(/\.ya?ml$/, '');
  if (!/^[a-z0-9][a-z0-9-]*$/.test(id)) throw new InputError(`Report definition ${file}: the file name is the report's id and must be lowercase letters, digits and hyphens (like language-access-benefits.yaml).`);
  const source = readFileSync(file, 'utf8');
  const counter = new LineCounter();
  const doc = parseDocument(source, { lineCounter: counter, prettyErrors: false });
  if (doc.errors.length) {
    const e = doc.errors[0];
    throw new InputError(`Report definition ${file} is not valid YAML (line ${counter.linePos(e.pos[0]).line}): ${e.message.split('\n')[0]}`);
  }
  const parsed = ReportSchema.safeParse(doc.toJS() ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => {
      const at = (path: (string | number)[]) => {
        const line = lineOfPath(doc, counter, path);
        return `${path.join('.') || '(top level)'}${line ? ` (line ${line})` : ''}`;
      };
      const path = i.path as (string | number)[];
      if (i.code === 'unrecognized_keys') return i.keys.map((k) => `${at([...path, k])}: unknown key`).join('\n  - ');
      return `${at(path)}: ${i.message}`;
    });
    throw new InputError(`Report definition ${file} has ${problems.length} problem${problems.length > 1 ? 's' : ''}:\n  - ${problems.join('\n  - ')}`);
  }
  const narrativeLines = new Map<number, number>();
  parsed.data.blocks.forEach((b, i) => {
    if (b.narrative === undefined) return;
    const node = doc.getIn(['blocks', i, 'narrative'], true) as YamlNode | undefined;
    const start = node?.range ? counter.linePos(node.range[0]).line : 0;
    // A block scalar (| or >) starts its text on the line after its indicator.
    const block = typeof (node as { type?: string })?.type === 'string' && (node as { type: string }).type.startsWith('BLOCK');
    narrativeLines.set(i, start + (block ? 1 : 0));
  });
  return { id, file, source, definition: parsed.data, narrativeLines };
}

/** Every definition in the folder (`.yaml`/`.yml`, name order); README and other files are ignored. */
export function reportFiles(dir = DEFAULT_REPORTS_DIR): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => join(dir, f));
}

export function loadReports(dir = DEFAULT_REPORTS_DIR): LoadedReport[] {
  return reportFiles(dir).map(loadReport);
}

const canonical = (f: ScopeFilter): ScopeFilter => Object.fromEntries(
  (['service_area', 'organisation', 'program', 'county'] as const).filter((k) => f[k]?.length).map((k) => [k, [...new Set(f[k]!)].sort()]),
);

/** True when the filter selects nothing out of all cases (the all-cases scope). */
export const isAllCases = (f: ScopeFilter) => Object.keys(canonical(f)).length === 0;

/** Two filters select the same cases (order and repeats of codes do not matter). */
export const sameFilter = (a: ScopeFilter, b: ScopeFilter) => JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));

/**
 * The filters the reports ask for, for the measures to build and publish their
 * scopes: one per distinct non-empty filter (a report without filters uses the
 * all-cases scope). Throws the definition's error message on a bad file.
 */
export function reportScopeFilters(dir = DEFAULT_REPORTS_DIR): ScopeFilter[] {
  const out: ScopeFilter[] = [];
  for (const r of loadReports(dir)) {
    const f = canonical(r.definition.filters);
    if (!isAllCases(f) && !out.some((o) => sameFilter(o, f))) out.push(f);
  }
  return out;
}
