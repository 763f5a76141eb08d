// A large valid export for the durability benchmarks: the kill test's file
// (every row the valid fixture row, each with its own case_id).
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { COLUMN_NAMES } from '../../pipeline/contract/index.ts';
import { VALID_ROW } from '../../test/helpers.ts';

export async function writeCasesCsv(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  out.write(`${COLUMN_NAMES.join(',')}\n`);
  const line = (i: number) => COLUMN_NAMES.map((c) => (c === 'case_id' ? `K-${String(i).padStart(6, '0')}` : c === 'barriers' ? '"wait_time;cost"' : c === 'race_ethnicity' ? 'white' : VALID_ROW[c])).join(',');
  for (let i = 0; i < rows; i++) if (!out.write(`${line(i)}\n`)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
}
