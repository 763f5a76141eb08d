// The summary a person reads after an ingest: one line per file, one in total,
// and where to look when rows were quarantined.
import type { FileResult } from './ingest.ts';
import { EXIT } from '../errors.ts';

const n = (x: number) => x.toLocaleString('en-US');

export interface Totals { files: number; read: number; loaded: number; updated: number; quarantined: number; refused: number; skipped: number }

export function totals(results: FileResult[]): Totals {
  const t: Totals = { files: results.length, read: 0, loaded: 0, updated: 0, quarantined: 0, refused: 0, skipped: 0 };
  for (const r of results) {
    if (r.status === 'refused') t.refused++;
    if (r.status === 'skipped') { t.skipped++; continue; }
    t.read += r.read; t.loaded += r.loaded; t.updated += r.updated; t.quarantined += r.quarantined;
  }
  return t;
}

export function exitCodeFor(results: FileResult[]): number {
  if (results.some((r) => r.status === 'refused')) return EXIT.refused;
  if (results.some((r) => r.quarantined > 0 && r.status !== 'skipped')) return EXIT.quarantined;
  return EXIT.ok;
}

export function fileLine(r: FileResult): string {
  if (r.status === 'skipped') return `${r.file}: skipped, ${r.message}`;
  if (r.status === 'refused') return `${r.file}: ${r.message}`;
  const verb = r.status === 'checked' ? 'would load' : 'loaded';
  return `${r.file}: read ${n(r.read)} · ${verb} ${n(r.loaded)} · updated ${n(r.updated)} · quarantined ${n(r.quarantined)} (${r.seconds.toFixed(1)} s)`;
}

export function detailLines(r: FileResult, maxRules = 8): string[] {
  const lines: string[] = [];
  for (const rule of r.rules.slice(0, maxRules)) {
    lines.push(`  ${n(rule.rows)} row${rule.rows > 1 ? 's' : ''} ${rule.column ? `${rule.column}/` : ''}${rule.rule}, first at line ${rule.firstLine}: ${rule.example}`);
  }
  if (r.rules.length > maxRules) lines.push(`  … and ${r.rules.length - maxRules} more rules`);
  if (r.unusedColumns.length) lines.push(`  not loaded (not in the contract): ${r.unusedColumns.join(', ')}. Map them with --mapping or drop them there to silence this.`);
  return lines;
}

export function totalLine(t: Totals): string {
  return `total: ${t.files} file${t.files === 1 ? '' : 's'} · read ${n(t.read)} · loaded ${n(t.loaded)} · updated ${n(t.updated)} · quarantined ${n(t.quarantined)} · refused ${t.refused} file${t.refused === 1 ? '' : 's'}` +
    (t.skipped ? ` · skipped ${t.skipped} already loaded` : '');
}
