// The claims ledger: a number in a report's text is never typed by hand. The
// narrative names a published figure by id, {{ kind.measure.dimension.group }}
// (grammar in reports/README.md); rendering puts in the value with its interval
// and n, and a numbered footnote tracing it to the measure, its definition, the
// data period and the publication it came from. Suppressed and unstable figures
// render as such and are listed as warnings; an unknown id fails the build.
import MarkdownIt from 'markdown-it';
import { InputError } from '../errors.ts';
import { MEASURES } from '../measures/group-rates.ts';
import type { PublishedRate } from '../publish/published-rates.ts';

export const CLAIM_KINDS = ['rate', 'count', 'rri', 'arri'] as const;
export type ClaimKind = (typeof CLAIM_KINDS)[number];

/** `{{ kind.measure.dimension.group }}` or `{{ kind.measure.all }}`, optionally `@ all` for the all-cases figure. */
export const CLAIM_PATTERN = /\{\{\s*([^{}]*?)\s*\}\}/g;

export interface ClaimRef { kind: ClaimKind; measure: string; dimension: string; group: string; allCases: boolean; id: string }

export type ClaimStatus = 'ok' | 'unstable' | 'suppressed';

export interface Claim {
  /** Footnote number, in order of first use. */
  n: number;
  id: string;
  status: ClaimStatus;
  /** The value as it reads in a sentence, e.g. "62.1% (95% CI 58.0–66.0%; n = 412)". */
  text: string;
  footnote: string;
}

export interface LedgerWarning { file: string; line: number; message: string }

/** Where a report's figures come from, for the footnotes. */
export interface LedgerSource {
  file: string;
  rows: readonly PublishedRate[];
  /** The all-cases rows, for `@ all` claims (only when the report compares with all cases). */
  allCases?: { rows: readonly PublishedRate[]; origin: { file: string; sha256: string } };
  scopeLabel: string;
  /** The published file the rows come from and its hash. */
  origin: { file: string; sha256: string };
  k: number;
  favourableOutcomes: readonly string[];
  period: { from: string; to: string };
  data: { first_opened: string; last_opened: string; last_load: string | null };
}

const FUNNEL_LABELS: Record<string, string> = {
  requests: 'requests for service',
  accepted: 'requests accepted',
  turned_away_capacity: 'requests turned away for lack of capacity',
  closed_accepted: 'accepted cases closed',
  favourable: 'closed accepted cases with a favourable outcome',
};

const NOT_ADJUSTED = new Set(['all', 'service_area', 'organisation', 'program']);

const int = (v: number) => v.toLocaleString('en-US');
const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
const ratio = (v: number) => v.toFixed(2);
const pValue = (p: number | null) => (p == null ? 'not computed' : p < 0.001 ? '< 0.001' : p.toFixed(3));
const ciLabel = (level: number) => `${Math.round(level * 100)}% CI`;

/** Parses the text between the braces; null when it does not follow the grammar. */
export function parseClaimId(raw: string): ClaimRef | null {
  const m = /^([a-z]+)\.([a-z_]+)\.([a-z_]+)(?:\.([A-Za-z0-9_/-]+))?(?:\s*@\s*(all))?$/.exec(raw.trim());
  if (!m || !(CLAIM_KINDS as readonly string[]).includes(m[1])) return null;
  const [, kind, measure, dimension, group, all] = m;
  if (dimension !== 'all' && !group) return null;
  const g = group ?? 'all';
  return { kind: kind as ClaimKind, measure, dimension, group: g, allCases: all === 'all', id: `${kind}.${measure}.${dimension}${dimension === 'all' && !group ? '' : `.${g}`}${all ? ' @ all' : ''}` };
}

/** Every id the rows can answer: what "nearest valid ids" is chosen from. */
export function validIds(rows: readonly PublishedRate[], allCases = false): string[] {
  const out: string[] = [];
  for (const r of rows) {
    const base = r.dimension === 'all' ? `${r.measure}.all` : `${r.measure}.${r.dimension}.${r.group_code}`;
    const kinds: ClaimKind[] = ['rate', 'count'];
    if (r.dimension !== 'all' && r.ratio_status !== 'not_compared' && !r.is_reference) {
      kinds.push('rri');
      if (!NOT_ADJUSTED.has(r.dimension)) kinds.push('arri');
    }
    for (const k of kinds) out.push(`${k}.${base}${allCases ? ' @ all' : ''}`);
  }
  return out;
}

function levenshtein(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length];
}

export function nearestIds(raw: string, valid: readonly string[], count = 3): string[] {
  return [...valid].map((id) => ({ id, d: levenshtein(raw, id) })).sort((a, b) => a.d - b.d || a.id.localeCompare(b.id)).slice(0, count).map((x) => x.id);
}

/** A narrative that names figures the publication does not have: every one, with where it is and what was meant. */
export class UnknownClaimError extends InputError {
  constructor(readonly problems: string[]) {
    super(`The report cannot be built: ${problems.length} claim${problems.length > 1 ? 's' : ''} in its text ${problems.length > 1 ? 'do' : 'does'} not name a published figure:\n  - ${problems.join('\n  - ')}\nThe grammar is {{ kind.measure.dimension.group }} with kind rate, count, rri or arri (reports/README.md).`);
  }
}

export interface Ledger {
  /** The claim for an id (the same id keeps its footnote number); throws on an id that names no figure. */
  claim(raw: string, line: number): Claim;
  claims(): Claim[];
  warnings: LedgerWarning[];
  problems: string[];
}

export function createLedger(source: LedgerSource): Ledger {
  const byId = new Map<string, Claim>();
  const warnings: LedgerWarning[] = [];
  const problems: string[] = [];
  const k = source.k;
  const definition = (measureId: string) => {
    const m = MEASURES.find((x) => x.id === measureId)!;
    const favourable = m.numerator === 'favourable' ? ` (outcome ${source.favourableOutcomes.map((o) => o.replaceAll('_', ' ')).join(' or ')})` : '';
    return `${FUNNEL_LABELS[m.numerator]}${favourable} out of ${FUNNEL_LABELS[m.denominator]}`;
  };
  const traced = (r: PublishedRate, scopeLabel: string, origin: { file: string; sha256: string }, id: string) =>
    `Definition: ${definition(r.measure)} (measure ${r.measure}). Scope: ${scopeLabel}; cases opened ${source.data.first_opened} to ${source.data.last_opened} (period ${source.period.from} to ${source.period.to}). Publication of ${source.data.last_load ?? 'unknown date'} UTC, ${origin.file} sha256 ${origin.sha256.slice(0, 12)}. Id: ${id}.`;

  function build(ref: ClaimRef, raw: string, line: number): Omit<Claim, 'n'> | null {
    const rows = ref.allCases ? source.allCases?.rows : source.rows;
    if (!rows) {
      problems.push(`${source.file} line ${line}: {{ ${raw} }} asks for the all-cases figure (@ all), but the report does not set compare_with_all_cases: true.`);
      return null;
    }
    const r = rows.find((x) => x.measure === ref.measure && x.dimension === ref.dimension && x.group_code === ref.group);
    const valid = validIds(rows, ref.allCases);
    if (!r || !valid.includes(ref.id)) {
      const why = r && (ref.kind === 'rri' || ref.kind === 'arri')
        ? r.is_reference ? ' (that group is the reference group: its ratio is 1 by definition)'
          : r.ratio_status === 'not_compared' ? ` (that group is not compared${r.note ? `: ${r.note}` : ''})`
          : ' (no ratio within service area and organisation is estimated for this breakdown)'
        : '';
      problems.push(`${source.file} line ${line}: unknown claim {{ ${raw} }}${why}. Nearest valid ids: ${nearestIds(ref.id, valid).join(', ')}.`);
      return null;
    }
    const scopeLabel = ref.allCases ? 'All cases' : source.scopeLabel;
    const origin = ref.allCases ? source.allCases!.origin : source.origin;
    const who = `${r.measure_label}; ${r.dimension === 'all' ? 'all cases' : `${r.dimension_label}: ${r.group_label}`}`;
    const trace = traced(r, scopeLabel, origin, ref.id);
    const hiddenNote = `Suppressed: it rests on a count of fewer than ${k} cases, or is hidden so that such a count cannot be worked out from other published figures. A suppressed rate is not necessarily a low one.`;
    const suppressedText = (reason: string | null) => (reason === 'small_slice' ? 'withheld (too few requests to break down)'
      : reason === 'complementary' || reason === 'reference_suppressed' ? `suppressed (to protect a count of fewer than ${k} cases)` : `suppressed (fewer than ${k} cases)`);

    if (ref.kind === 'rate' || ref.kind === 'count') {
      if (r.rate_status === 'suppressed') return { id: ref.id, status: 'suppressed', text: suppressedText(r.suppression_reason), footnote: `${who}. ${hiddenNote} ${trace}` };
      const unstable = r.rate_status === 'unstable';
      const text = ref.kind === 'rate'
        ? `${pct(r.rate!)} (${ciLabel(r.confidence_level)} ${pct(r.rate_lower!).slice(0, -1)}–${pct(r.rate_upper!)}; n = ${int(r.denominator!)}${unstable ? '; unstable' : ''})`
        : `${int(r.numerator!)} of ${int(r.denominator!)}${unstable ? ' (unstable)' : ''}`;
      const detail = `${int(r.numerator!)} of ${int(r.denominator!)} ${FUNNEL_LABELS[MEASURES.find((m) => m.id === r.measure)!.denominator]}; ${Math.round(r.confidence_level * 100)}% Wilson score interval ${pct(r.rate_lower!)} to ${pct(r.rate_upper!)}.${unstable ? ` Unstable (${r.reliability.replaceAll('_', ' ')}): based on a small count or a large relative standard error; read it with care.` : ''}`;
      return { id: ref.id, status: unstable ? 'unstable' : 'ok', text, footnote: `${who}. ${detail} ${trace}` };
    }
    const refRow = rows.find((x) => x.measure === r.measure && x.dimension === r.dimension && x.group_code === r.reference_group);
    const refName = `${r.dimension_label}: ${refRow?.group_label ?? r.reference_group}`;
    const against = `against ${refName} (reference group, ${r.reference_rule})`;
    if (r.ratio_status === 'suppressed') return { id: ref.id, status: 'suppressed', text: suppressedText(r.ratio_suppression_reason), footnote: `${who}, rate ratio ${against}. ${hiddenNote.replace('A suppressed rate', 'A suppressed ratio')} ${trace}` };
    const unstable = r.ratio_status === 'unstable';
    const [est, lo, hi] = ref.kind === 'rri' ? [r.rate_ratio, r.ratio_lower, r.ratio_upper] : [r.adjusted_ratio, r.adjusted_lower, r.adjusted_upper];
    if (est == null || lo == null || hi == null) {
      problems.push(`${source.file} line ${line}: {{ ${raw} }} names a ratio that was not estimated for this group (${r.note ?? 'too few cases in the strata'}); refer to its rate instead.`);
      return null;
    }
    const what = ref.kind === 'rri'
      ? `Rate ratio (relative rate) ${against}; Katz log interval; ${r.test_method?.replaceAll('_', ' ') ?? 'test'} p ${pValue(r.p_value)}, Benjamini–Hochberg adjusted p ${pValue(r.p_adjusted)} within "${r.comparison_family}".`
      : `Mantel–Haenszel rate ratio within ${r.adjusted_for ?? 'service area and organisation'} ${against}; Greenland–Robins interval; Benjamini–Hochberg adjusted p ${pValue(r.adjusted_p_bh)}.`;
    const text = `${ratio(est)} times the reference group's rate (${refName}; ${ciLabel(r.confidence_level)} ${ratio(lo)}–${ratio(hi)}; n = ${int(r.denominator!)}${unstable ? '; unstable' : ''})`;
    return { id: ref.id, status: unstable ? 'unstable' : 'ok', text, footnote: `${who}. ${what}${unstable ? ' Unstable: this group or its reference rests on a small count; read it with care.' : ''} ${trace}` };
  }

  return {
    warnings,
    problems,
    claims: () => [...byId.values()].sort((a, b) => a.n - b.n),
    claim(raw, line) {
      const ref = parseClaimId(raw);
      if (!ref) {
        const valid = validIds(source.rows);
        problems.push(`${source.file} line ${line}: {{ ${raw} }} does not follow the grammar kind.measure.dimension.group. Nearest valid ids: ${nearestIds(raw.trim(), valid).join(', ')}.`);
        return { n: 0, id: raw, status: 'ok', text: '', footnote: '' };
      }
      const seen = byId.get(ref.id);
      if (seen) return seen;
      const built = build(ref, raw.trim(), line);
      if (!built) return { n: 0, id: ref.id, status: 'ok', text: '', footnote: '' };
      const claim: Claim = { ...built, n: byId.size + 1 };
      byId.set(ref.id, claim);
      if (claim.status !== 'ok') warnings.push({ file: source.file, line, message: `{{ ${ref.id} }} is ${claim.status}: it renders as "${claim.text}"` });
      return claim;
    },
  };
}

/** Numbers typed into narrative by hand: percentages, decimals and counts; years and quarters are left alone. */
export function handTypedNumbers(text: string): { value: string; lineOffset: number }[] {
  const out: { value: string; lineOffset: number }[] = [];
  text.split('\n').forEach((line, i) => {
    const bare = line.replace(CLAIM_PATTERN, ' ').replace(/`[^`]*`/g, ' ').replace(/\]\([^)]*\)/g, ']');
    for (const m of bare.matchAll(/(?<![\w.\-/])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?\s?(%|percent\b)?/g)) {
      const [whole, digits, decimals, percent] = m;
      const n = Number(digits.replaceAll(',', ''));
      const isYear = !decimals && !percent && n >= 1900 && n <= 2100;
      const isQuarter = /^-?Q[1-4]/.test(bare.slice(m.index! + whole.length));
      if (isYear || isQuarter) continue;
      out.push({ value: whole.trim(), lineOffset: i });
    }
  });
  return out;
}

const md = new MarkdownIt({ html: false, linkify: false, typographer: true });
const escapeHtml = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/** A claim as HTML: the value, marked when not ok, with its footnote link. */
export function claimHtml(c: Claim): string {
  return `<span class="claim claim-${c.status}">${escapeHtml(c.text)}</span><sup class="fn-ref"><a href="#fn-${c.n}" aria-label="note ${c.n}">${c.n}</a></sup>`;
}

/** A narrative block as HTML, with every claim resolved through the ledger; warns about numbers typed by hand. */
export function renderNarrative(text: string, firstLine: number, ledger: Ledger, file: string): string {
  const claims: Claim[] = [];
  const lines = text.split('\n');
  const marked = lines.map((line, i) => line.replace(CLAIM_PATTERN, (_, raw: string) => {
    claims.push(ledger.claim(raw, firstLine + i));
    return `@@CLAIM${claims.length - 1}@@`;
  })).join('\n');
  for (const h of handTypedNumbers(text)) {
    ledger.warnings.push({ file, line: firstLine + h.lineOffset, message: `"${h.value}" looks like a number typed by hand: a figure in the text should come from the ledger ({{ rate.… }}) so it can be traced. If it is not a figure, write it in words or in \`code\`.` });
  }
  return md.render(marked).replace(/@@CLAIM(\d+)@@/g, (_, i: string) => claimHtml(claims[Number(i)]));
}

export function footnotesHtml(claims: readonly Claim[]): string {
  if (!claims.length) return '';
  return `<ol class="footnotes">${claims.map((c) => `<li id="fn-${c.n}">${escapeHtml(c.footnote)}</li>`).join('')}</ol>`;
}

export { escapeHtml };
