// Organisation and program pages are parameterised routes, one per scope in the
// publish step's index (data/published/scopes.json): the routes come from the
// scope files' names, and there are none before a publication has scopes. Their
// loaders, run as Framework runs a .js loader (node, --<param>=<value>), send the
// scope's rates and an organisation's program links, and stop the build with a
// message when the scope or its file is missing.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scopePaths } from '../../observablehq.config.ts';
import { tempDir } from '../helpers.ts';

describe('scope routes', () => {
  it('one route per organisation and program scope, named after its file', () => {
    const index = join(tempDir(), 'scopes.json');
    writeFileSync(index, JSON.stringify([
      { id: 'all', kind: 'all', file: 'group_rates.json' },
      { id: 'service_area=housing', kind: 'service_area', file: 'scopes/service_area=housing.json' },
      { id: 'organisation=metro-legal-aid', kind: 'organisation', file: 'scopes/organisation=metro-legal-aid.json' },
      { id: 'program=metro-legal-aid/eviction', kind: 'program', file: 'scopes/program=metro-legal-aid~eviction.json' },
    ]));
    expect(scopePaths(index)).toEqual({ organisations: ['/organisations/metro-legal-aid'], programs: ['/programs/metro-legal-aid~eviction'] });
  });

  it('none without a scope index', () => {
    expect(scopePaths(join(tempDir(), 'missing.json'))).toEqual({ organisations: [], programs: [] });
  });
});

const ROOT = join(import.meta.dirname, '..', '..');

function runScopeLoader(loader: string, arg: string, published: string) {
  const run = spawnSync(process.execPath, ['--no-warnings=ExperimentalWarning', join(ROOT, 'src', loader), arg], { env: { ...process.env, ADVOCACY_PUBLISHED_DIR: published }, encoding: 'utf8', timeout: 60_000 });
  return { status: run.status, stderr: run.stderr, out: run.status === 0 ? JSON.parse(run.stdout) : null };
}

describe('scope page loaders', () => {
  const published = tempDir();
  mkdirSync(join(published, 'scopes'));
  writeFileSync(join(published, 'scopes.json'), JSON.stringify([
    { id: 'organisation=metro-legal-aid', kind: 'organisation', label: 'Metro Legal Aid', file: 'scopes/organisation=metro-legal-aid.json' },
    { id: 'program=metro-legal-aid/eviction', kind: 'program', label: 'Eviction', file: 'scopes/program=metro-legal-aid~eviction.json' },
    { id: 'program=metro-legal-aid/asylum', kind: 'program', label: 'Asylum', file: 'scopes/program=metro-legal-aid~asylum.json', small_slice: true },
  ]));
  writeFileSync(join(published, 'scopes', 'program=metro-legal-aid~asylum.json'), JSON.stringify([{ measure: 'favourable_of_closed', dimension: 'all', rate: 0.5, numerator: 20, denominator: 40 }]));
  writeFileSync(join(published, 'scopes', 'organisation=metro-legal-aid.json'), JSON.stringify([{ measure: 'favourable_of_closed', rate: 0.123456789, numerator: 12, denominator: 97 }]));

  it('an organisation page gets its rates (columnar, six significant digits) and links to its programs', () => {
    const { status, out } = runScopeLoader('organisations/[org].json.js', '--org=metro-legal-aid', published);
    expect(status).toBe(0);
    expect(out).toEqual({
      scope: { id: 'organisation=metro-legal-aid', kind: 'organisation', label: 'Metro Legal Aid', small_slice: false },
      programs: [{ label: 'Eviction', route: '../programs/metro-legal-aid~eviction' }, { label: 'Asylum', route: '../programs/metro-legal-aid~asylum' }],
      rates: { columns: ['measure', 'rate', 'numerator', 'denominator'], rows: [['favourable_of_closed', 0.123457, 12, 97]] },
    });
  });

  it('a program under the minimum size for breakdowns is flagged for its page, which then says its breakdowns are withheld', () => {
    const { status, out } = runScopeLoader('programs/[program].json.js', '--program=metro-legal-aid~asylum', published);
    expect(status).toBe(0);
    expect(out.scope).toEqual({ id: 'program=metro-legal-aid/asylum', kind: 'program', label: 'Asylum', small_slice: true });
  });

  it('a scope not in the index, a missing scope file or a missing index stops the build saying what to do', () => {
    const unknown = runScopeLoader('organisations/[org].json.js', '--org=nowhere', published);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/organisation page loader: no published scope for "nowhere" in scopes.json. Publish again \(npm start\)/);
    const noFile = runScopeLoader('programs/[program].json.js', '--program=metro-legal-aid~eviction', published);
    expect(noFile.status).toBe(1);
    expect(noFile.stderr).toMatch(/program page loader: .*program=metro-legal-aid~eviction.json does not exist. Publish first/);
    const noIndex = runScopeLoader('programs/[program].json.js', '--program=metro-legal-aid~eviction', tempDir());
    expect(noIndex.status).toBe(1);
    expect(noIndex.stderr).toMatch(/program page loader: .*scopes.json does not exist. Publish first: npm start/);
  });
});
