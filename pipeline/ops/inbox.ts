// The inbox: organisations drop exports in <inbox>/<org>/. A processed file moves
// to <archive>/<org>/<date>/, a refused one to <rejected>/<org>/ with
// <file>.why.txt beside it saying why (the refusal message: names columns and
// lines, never a value). Moves are renames, so a file is in one place at a time.
import { existsSync, mkdirSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { basename, extname, join, relative } from 'node:path';
import type { FileResult } from '../ingest/ingest.ts';

const EXPORT_FILE = /\.(csv|jsonl|ndjson|parquet)$/i;
/** An optional mapping file for the organisation's exports, beside them in its inbox folder. */
const MAPPING_FILES = ['mapping.yaml', 'mapping.yml', 'mapping.json'];

export interface InboxFile { org: string; path: string; name: string; bytes: number; mtimeMs: number }

export interface InboxListing { files: InboxFile[]; settling: InboxFile[]; mappings: Map<string, string> }

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1)).flatMap((e) => {
    if (e.name.startsWith('.')) return [];
    const p = join(dir, e.name);
    return e.isDirectory() ? walk(p) : e.isFile() && EXPORT_FILE.test(e.name) ? [p] : [];
  });
}

/**
 * Export files waiting in the inbox, by organisation and name (oldest export
 * first, so the latest wins). Files modified less than `settleSeconds` ago may
 * still be being copied in: they wait for the next run.
 */
export function listInbox(inbox: string, settleSeconds: number, now = Date.now()): InboxListing {
  const out: InboxListing = { files: [], settling: [], mappings: new Map() };
  if (!existsSync(inbox)) return out;
  for (const e of readdirSync(inbox, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (!e.isDirectory() || e.name.startsWith('.')) continue;
    const dir = join(inbox, e.name);
    const mapping = MAPPING_FILES.map((m) => join(dir, m)).find((m) => existsSync(m));
    if (mapping) out.mappings.set(e.name, mapping);
    for (const path of walk(dir)) {
      const st = statSync(path);
      const f = { org: e.name, path, name: relative(dir, path), bytes: st.size, mtimeMs: st.mtimeMs };
      (now - st.mtimeMs < settleSeconds * 1000 ? out.settling : out.files).push(f);
    }
  }
  return out;
}

/** Exports lying in the inbox itself, outside an organisation's folder: never read, but worth a warning. */
export function strayFiles(inbox: string): string[] {
  if (!existsSync(inbox)) return [];
  return readdirSync(inbox, { withFileTypes: true }).filter((e) => e.isFile() && EXPORT_FILE.test(e.name)).map((e) => e.name);
}

/** `dir/name`, or `dir/stem-2.ext`… when a file of that name is already there. */
function freeName(dir: string, name: string): string {
  let target = join(dir, name);
  const ext = extname(name);
  for (let i = 2; existsSync(target); i++) target = join(dir, `${name.slice(0, name.length - ext.length)}-${i}${ext}`);
  return target;
}

function writeAside(path: string, text: string): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

export function utcDay(d = new Date()): string {
  return d.toISOString().slice(0, 10);
}

/** Moves a loaded (or already loaded) export to the archive; with quarantined rows, a note beside it says where they are listed. */
export function archiveFile(f: InboxFile, r: FileResult, archive: string, day: string, commandPrefix: string): string {
  const dir = join(archive, f.org, day);
  mkdirSync(dir, { recursive: true });
  const target = freeName(dir, basename(f.path));
  if (r.status === 'loaded' && r.quarantined > 0) {
    const rules = r.rules.map((x) => `  ${x.rows} row${x.rows > 1 ? 's' : ''}: ${x.column ? `${x.column}/` : ''}${x.rule}, first at line ${x.firstLine}`);
    writeAside(`${target}.quarantine.txt`, [
      `${basename(f.path)}: ${r.read} rows read, ${r.loaded} loaded, ${r.updated} updated, ${r.quarantined} quarantined (ingest run ${r.runId}).`,
      'The good rows are loaded. Quarantined rows, by rule:',
      ...rules,
      '',
      `Each quarantined row, with its line, column and how to fix it: ${commandPrefix} quarantine --run ${r.runId}`,
      'Fix them in the source system and drop the corrected export in the inbox again: it updates those cases.',
      '',
    ].join('\n'));
  }
  renameSync(f.path, target);
  return target;
}

/** Moves a refused export to the rejected folder with <file>.why.txt beside it. */
export function rejectFile(f: InboxFile, why: string, rejected: string, inbox: string): string {
  const dir = join(rejected, f.org);
  mkdirSync(dir, { recursive: true });
  const target = freeName(dir, basename(f.path));
  writeAside(`${target}.why.txt`, [
    `${basename(f.path)} (from ${relative(inbox, f.path)}) was refused on ${new Date().toISOString()}; nothing from it was loaded.`,
    '',
    why,
    '',
    `Fix the export and drop it in ${join(inbox, f.org)}/ again.`,
    '',
  ].join('\n'));
  renameSync(f.path, target);
  return target;
}
