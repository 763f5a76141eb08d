// Which files an ingest reads: the paths given, and inside folders every export
// file, in name order (so yearly exports load oldest first and the latest wins).
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../errors.ts';

const EXPORT_FILE = /\.(csv|jsonl|ndjson|parquet)$/i;

export function expandInputs(paths: string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (EXPORT_FILE.test(name)) out.push(p);
    }
  };
  for (const p of paths) {
    let st;
    try { st = statSync(p); } catch { throw new InputError(`${p}: no such file or folder. Check the path.`); }
    if (st.isDirectory()) {
      const before = out.length;
      walk(p);
      if (out.length === before) throw new InputError(`${p}: the folder has no .csv, .jsonl or .parquet files.`);
    } else out.push(p);
  }
  return out;
}
