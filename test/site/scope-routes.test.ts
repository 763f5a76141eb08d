// Organisation and program pages are parameterised routes, one per scope in the
// publish step's index (data/published/scopes.json): the routes come from the
// scope files' names, and there are none before a publication has scopes.
import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
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
