// @ts-check
// Shared by the organisation and program page loaders: the published figures of
// one scope (data/published/scopes/<kind>=<id>.json, written by the publish
// step's scopes publication), in columnar form. The route parameter is checked
// against the scope index, so a loader never reads a path it was not given by
// the publication itself. Plain JavaScript, like published.js: these loaders
// run once per organisation and per program, with `node`.
import { parseArgs } from 'node:util';
import { columnar, readPublished } from './published.js';

/** @typedef {{ id: string; kind: string; label: string; file: string; small_slice?: boolean }} ScopeEntry */

/**
 * @param {'organisation' | 'program'} kind
 * @param {string} param the route parameter's name (Framework passes --<param>=<value>)
 * @returns {void}
 */
export function writeScope(kind, param) {
  const { values } = parseArgs({ options: { [param]: { type: 'string' } }, strict: false });
  const value = String(values[param] ?? '');
  const scopes = /** @type {ScopeEntry[]} */ (readPublished('scopes.json', `${kind} page`));
  const entry = scopes.find((s) => s.kind === kind && s.file === `scopes/${kind}=${value}.json`);
  if (!entry) {
    process.stderr.write(`${kind} page loader: no published scope for "${value}" in scopes.json. Publish again (npm start).\n`);
    process.exit(1);
  }
  const rows = /** @type {object[]} */ (readPublished(entry.file, `${kind} page`));
  // An organisation's page links to its programs' pages (routes named after their files).
  const programs = kind === 'organisation'
    ? scopes.filter((s) => s.kind === 'program' && s.file.startsWith(`scopes/program=${value}~`)).map((s) => ({ label: s.label, route: `../programs/${s.file.slice('scopes/program='.length, -'.json'.length)}` }))
    : [];
  process.stdout.write(JSON.stringify({ scope: { id: entry.id, kind: entry.kind, label: entry.label, small_slice: entry.small_slice === true }, programs, rates: columnar(rows) }));
}
