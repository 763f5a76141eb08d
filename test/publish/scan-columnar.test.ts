// The data loaders write rows in columnar form ({columns, rows: [[...]]}) to keep
// pages small; a count there has no key of its own, so the leak scanner reads
// it as the row objects the page rebuilds. A small count planted there is caught.
import { describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scanForLeaks } from '../../pipeline/publish/scan.ts';
import { tempDir } from '../helpers.ts';

describe('leak scanner on columnar loader output', () => {
  it('finds a count from 1 to k-1 inside a columnar table, and passes 0, k and null', async () => {
    const dist = tempDir();
    mkdirSync(join(dist, '_file', 'data'), { recursive: true });
    const table = { columns: ['group_code', 'with_barrier_count', 'requests', 'prevalence'], rows: [['a', 0, 400, 0], ['b', null, 40, null], ['c', 11, 200, 0.055], ['d', 7, 300, 0.023]] };
    writeFileSync(join(dist, '_file', 'data', 'barriers.json'), JSON.stringify({ prevalence: table }));
    const findings = await scanForLeaks(dist, 11);
    expect(findings).toEqual([{ file: join('_file', 'data', 'barriers.json'), kind: 'small_count', where: '$.prevalence.rows[3].with_barrier_count' }]);
  });
});
