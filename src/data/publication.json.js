// @ts-check
// Data loader: the publication's manifest (k, suppressed share, data period,
// thresholds). Metadata of the published aggregates only.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// ADVOCACY_PUBLISHED_DIR: set by `pipeline run`, which may publish elsewhere (paths.published).
const file = join(process.env.ADVOCACY_PUBLISHED_DIR || join(process.cwd(), 'data', 'published'), 'manifest.json');
if (!existsSync(file)) {
  process.stderr.write(`publication loader: ${file} does not exist. Publish first: npm start (or npm run pipeline -- publish).\n`);
  process.exit(1);
}
process.stdout.write(readFileSync(file, 'utf8'));
