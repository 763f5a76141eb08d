// `npm start`: the main job end to end on the bundled sample data. Generates the
// sample exports when there are none, ingests them (files already loaded are
// skipped by content hash), runs the data tests, builds the measures, publishes
// the protected aggregates, builds the reports and the site and scans them for leaks.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { CliError, EXIT } from '../errors.ts';
import { createLogger } from '../log.ts';
import { sampleCommand, DEFAULT_SAMPLE_DIR } from './sample.ts';
import { ingestCommand } from './ingest.ts';
import { measureCommand } from './measure.ts';
import { publishCommand, scanCommand } from './publish.ts';
import { reportCommand } from './report.ts';
import type { GlobalOptions } from './options.ts';

export async function startCommand(o: GlobalOptions & { skipBuild?: boolean }): Promise<number> {
  const log = createLogger(o.json);
  if (!existsSync(join(DEFAULT_SAMPLE_DIR, 'truth.json'))) {
    log.info(`No sample data yet: generating ${DEFAULT_SAMPLE_DIR} (seeded, synthetic, no real people)…`);
    const s = await sampleCommand({ json: o.json });
    log.info(`Generated ${s.cases.toLocaleString('en-US')} cases in ${s.files.length} export files.`);
  }
  const code = await ingestCommand([DEFAULT_SAMPLE_DIR], o);
  if (code !== EXIT.ok) {
    throw new CliError('The sample data did not load cleanly (see above); the site was not built.', { exitCode: code });
  }
  const measured = await measureCommand(o);
  if (measured !== EXIT.ok) throw new CliError('The measures did not pass their data tests (see above); the site was not built.', { exitCode: measured });
  await publishCommand(o);
  if (o.skipBuild) return EXIT.ok;
  // Reports come before the site: each report is a page of it.
  log.info('Building the reports in reports/ (PDF, CSV, SVG, PNG) …');
  await reportCommand([], o);
  log.info('Building the site into dist/ …');
  const build = spawnSync('npm', ['run', '-s', 'build'], { stdio: 'inherit', env: { ...process.env, OBSERVABLE_TELEMETRY_DISABLE: 'true' } });
  if (build.status !== 0) throw new CliError('The site build failed (see above).', { exitCode: EXIT.internal });
  await scanCommand('dist', o);
  log.info('Done: the warehouse is data/warehouse.duckdb and the site is in dist/ (preview it with npm run dev).');
  return EXIT.ok;
}
