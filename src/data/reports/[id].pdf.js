// @ts-check
// Data loader: one built report's printed PDF, from data/published/reports/<id>/.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { id: { type: 'string' } } });
// ADVOCACY_PUBLISHED_DIR: set by `pipeline run` (on main), which may publish elsewhere.
const file = join(process.env.ADVOCACY_PUBLISHED_DIR || join(process.cwd(), 'data', 'published'), 'reports', String(values.id), 'report.pdf');
if (!existsSync(file)) {
  process.stderr.write(`report loader: ${file} does not exist. Build the reports first: npm start (or npm run pipeline -- report ${values.id}).\n`);
  process.exit(1);
}
process.stdout.write(readFileSync(file));
