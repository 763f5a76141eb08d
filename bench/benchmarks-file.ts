// BENCHMARKS.md: one section per benchmark, each run replacing its own section
// (found by the start of its heading) and leaving the others as they were.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const FILE = join(import.meta.dirname, '..', 'BENCHMARKS.md');
const HEADER = '# Benchmarks\n\nMeasured by `npm run bench`; each section replaces the previous one of the same benchmark.\n\n';

/** Replaces the sections whose heading starts with `heading` by `section` (first when `first`, else last). */
export function writeSection(heading: string, section: string, { first = false } = {}): void {
  const previous = existsSync(FILE) ? readFileSync(FILE, 'utf8').replace(HEADER, '') : '';
  const others = previous.split(/(?=^## )/m).map((s) => s.trim()).filter((s) => s && !s.startsWith(heading));
  const sections = first ? [section.trim(), ...others] : [...others, section.trim()];
  writeFileSync(FILE, `${HEADER}${sections.join('\n\n')}\n`);
}
