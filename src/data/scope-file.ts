// Shared by the organisation and program page loaders: the published figures of
// one scope (data/published/scopes/<kind>=<id>.json, written by the publish
// step's scopes publication), in columnar form. The route parameter is checked
// against the scope index, so a loader never reads a path it was not given by
// the publication itself.
import { parseArgs } from 'node:util';
import { columnar, readPublished } from './published.ts';

interface ScopeEntry { id: string; kind: string; label: string; file: string }

export function writeScope(kind: 'organisation' | 'program', param: string): void {
  const { values } = parseArgs({ options: { [param]: { type: 'string' } }, strict: false });
  const value = String(values[param] ?? '');
  const scopes = readPublished<ScopeEntry[]>('scopes.json', `${kind} page`);
  const entry = scopes.find((s) => s.kind === kind && s.file === `scopes/${kind}=${value}.json`);
  if (!entry) {
    process.stderr.write(`${kind} page loader: no published scope for "${value}" in scopes.json. Publish again (npm start).\n`);
    process.exit(1);
  }
  const rows = readPublished<object[]>(entry.file, `${kind} page`);
  // An organisation's page links to its programs' pages (routes named after their files).
  const programs = kind === 'organisation'
    ? scopes.filter((s) => s.kind === 'program' && s.file.startsWith(`scopes/program=${value}~`)).map((s) => ({ label: s.label, route: `../programs/${s.file.slice('scopes/program='.length, -'.json'.length)}` }))
    : [];
  process.stdout.write(JSON.stringify({ scope: { id: entry.id, kind: entry.kind, label: entry.label }, programs, rates: columnar(rows) }));
}
