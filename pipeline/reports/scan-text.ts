// The leak scanner reads data files by their fields; a report's prose (the
// PDF's extracted text) has no fields, so its counts are found by how a report
// writes them: "n = 7", "7 of 120", "7 cases" (not the page footer "Page 1 of 2"). A count from 1 to k-1 there is a
// leak, whatever the table it came from.
import type { Finding } from '../publish/scan.ts';

const COUNT_IN_TEXT = /\bn\s*=\s*(\d[\d,]*)|(?<!Page\s+)\b(\d[\d,]*)\s+of\s+(\d[\d,]*)\b|\b(\d[\d,]*)\s+(?:cases|clients|requests)\b/g;

/**
 * Page footers ("Page 4 of 5") are blanked first, keeping every character's
 * position: the page number runs into the next page's first line ("5\n\f cases
 * opened …"), which read as "5 cases" and stopped a 1,000-case report.
 */
const PAGE_FOOTER = /\bPage\s+\d+\s+of\s+\d+\b/g;

export function scanReportText(text: string, file: string, k: number): Finding[] {
  const out: Finding[] = [];
  const prose = text.replace(PAGE_FOOTER, (m) => ' '.repeat(m.length));
  for (const m of prose.matchAll(COUNT_IN_TEXT)) {
    for (const g of [m[1], m[2], m[3], m[4]]) {
      if (g === undefined) continue;
      const v = Number(g.replaceAll(',', ''));
      if (Number.isInteger(v) && v >= 1 && v < k) out.push({ file, kind: 'small_count', where: `a count written in the text at character ${m.index}` });
    }
  }
  return out;
}
