// @ts-check
// Data loader: one built report's page (title, body, tables), as the report
// step published it in data/published/reports/<id>/page.json. It reads only
// that published, scanned output.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { id: { type: 'string' } } });
// ADVOCACY_PUBLISHED_DIR: set by `pipeline run` (on main), which may publish elsewhere.
const file = join(process.env.ADVOCACY_PUBLISHED_DIR || join(process.cwd(), 'data', 'published'), 'reports', String(values.id), 'page.json');
if (!existsSync(file)) {
  process.stderr.write(`report loader: ${file} does not exist. Build the reports first: npm start (or npm run pipeline -- report ${values.id}).\n`);
  process.exit(1);
}
process.stdout.write(readFileSync(file, 'utf8'));
