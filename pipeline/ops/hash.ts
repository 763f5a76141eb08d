// Content hashes of a step's inputs and outputs: the same content gives the same
// hash whatever the files' times, so a step is skipped exactly when nothing it
// reads has changed.
import { createHash } from 'node:crypto';
import { createReadStream, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export function sha256(value: string | Buffer): string {
  return createHash('sha256').update(value).digest('hex');
}

/** A hash of any JSON-able values (object keys in the order given). */
export function hashOf(...parts: unknown[]): string {
  return sha256(JSON.stringify(parts));
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function filesUnder(dir: string, skip: (name: string) => boolean): string[] {
  return readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1)).flatMap((e) => {
    if (skip(e.name)) return [];
    const p = join(dir, e.name);
    return e.isDirectory() ? filesUnder(p, skip) : e.isFile() ? [p] : [];
  });
}

/**
 * One hash for files and folders: each file's path (relative to `base`) and
 * content. A missing path counts as "missing", so deleting an output changes it.
 * `skip` drops names anywhere in the tree (caches, dependencies).
 */
export async function hashTree(paths: string[], base: string, skip: (name: string) => boolean = () => false): Promise<string> {
  const lines: string[] = [];
  for (const p of paths) {
    let st;
    try { st = statSync(p); } catch { lines.push(`${relative(base, p)}\0missing`); continue; }
    const files = st.isDirectory() ? filesUnder(p, skip) : [p];
    for (const f of files) lines.push(`${relative(base, f)}\0${await sha256File(f)}`);
  }
  return sha256(lines.join('\n'));
}
