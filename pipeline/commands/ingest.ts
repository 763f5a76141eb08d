// `pipeline ingest`: load export files, print a summary per file and in total,
// run the data tests, and exit 0 (all loaded), 3 (some rows quarantined),
// 2 (a file refused or unreadable) or 5 (a data test failed).
import cliProgress from 'cli-progress';
import { EXIT } from '../errors.ts';
import { createLogger } from '../log.ts';
import { openWarehouse } from '../warehouse/open.ts';
import { runDataTests } from '../warehouse/datatests.ts';
import { ingestFile, today, type FileResult } from '../ingest/ingest.ts';
import { ingestHmisFolder } from '../importers/hmis/ingest.ts';
import { InputError } from '../errors.ts';
import { loadMapping } from '../ingest/mapping.ts';
import { expandInputs } from '../ingest/files.ts';
import { detailLines, exitCodeFor, fileLine, totalLine, totals } from '../ingest/report.ts';
import { isoDay, waitSeconds, warehouseOf, type GlobalOptions } from './options.ts';
import { statSync } from 'node:fs';

export interface IngestCliOptions extends GlobalOptions {
  mapping?: string; format?: string; asOf?: string; dryRun?: boolean; membership?: string;
}

const STAGES = ['converting', 'hashing', 'reading', 'scanning for identifiers', 'checking rows', 'loading', 'loading attributes', 'committing'];
/** Files this large take more than a few seconds: show progress when interactive. */
const PROGRESS_BYTES = 50_000_000;

export async function ingestCommand(paths: string[], o: IngestCliOptions): Promise<number> {
  const log = createLogger(o.json);
  const hmis = o.format === 'hmis';
  if (hmis && o.mapping) throw new InputError('--format hmis reads an HMIS export folder itself: leave out --mapping.');
  if (o.membership && !['heads', 'all'].includes(o.membership)) throw new InputError(`--membership ${o.membership}: use heads (heads of household, the default) or all.`);
  // An HMIS export is a folder of linked files: each path given is one export.
  const files = hmis ? paths : expandInputs(paths);
  const mapping = o.mapping ? loadMapping(o.mapping) : undefined;
  const asOf = isoDay(o.asOf, '--as-of') ?? today();
  const w = await openWarehouse(warehouseOf(o), { waitSeconds: waitSeconds(o), onWait: (m) => log.info(m) });
  const results: FileResult[] = [];
  try {
    for (const file of files) {
      const interactive = process.stderr.isTTY && !o.json && (hmis || statSync(file).size > PROGRESS_BYTES);
      const bar = interactive ? new cliProgress.SingleBar({ format: ` {bar} {stage} ({duration}s)`, stream: process.stderr, clearOnComplete: true }, cliProgress.Presets.shades_classic) : undefined;
      bar?.start(STAGES.length, 0, { stage: 'starting' });
      try {
        const onStage = (stage: string) => bar?.update(Math.max(0, STAGES.indexOf(stage)), { stage });
        let r: FileResult;
        if (hmis) {
          const h = await ingestHmisFolder(w.connection, file, { asOf, dryRun: o.dryRun, onStage, membership: o.membership as 'heads' | 'all' | undefined });
          r = h.result;
          for (const warning of h.summary.warnings) log.warn(`${file}: ${warning}`);
        } else {
          r = await ingestFile(w.connection, file, { asOf, mapping, format: o.format, dryRun: o.dryRun, onStage });
        }
        results.push(r);
        bar?.stop();
        if (!o.json) {
          console.log(fileLine(r));
          for (const line of detailLines(r)) console.log(line);
        }
      } finally {
        bar?.stop();
      }
    }
    const t = totals(results);
    let code = exitCodeFor(results);
    let dataTests;
    if (!o.dryRun && results.some((r) => r.status === 'loaded')) {
      dataTests = await runDataTests(w.connection);
      const failed = dataTests.filter((d) => d.status === 'fail');
      if (failed.length) {
        log.error(`data tests failed: ${failed.map((f) => `${f.name} (${f.failures})`).join(', ')}. Publishing is blocked until they pass.`);
        code = EXIT.dataTests;
      }
    }
    if (o.json) console.log(JSON.stringify({ files: results, total: t, dataTests, exitCode: code }, null, 2));
    else {
      console.log(totalLine(t));
      if (t.quarantined) console.log(`quarantined rows are listed by: npm run pipeline -- quarantine${o.warehouse ? ` --warehouse ${o.warehouse}` : ''}`);
      if (dataTests) console.log(`data tests: ${dataTests.filter((d) => d.status === 'pass').length}/${dataTests.length} passed`);
    }
    return code;
  } finally {
    w.close();
  }
}
