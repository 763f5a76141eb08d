// `pipeline report [id...]`: build the reports defined in reports/ from the
// published aggregates (every report by default). Warnings (suppressed or
// unstable claims, numbers typed by hand) are listed; an unknown claim, a bad
// definition, a fact sheet over two pages or a leak fails the command.
import { existsSync } from 'node:fs';
import { EXIT } from '../errors.ts';
import { createLogger } from '../log.ts';
import { openWarehouse, type Warehouse } from '../warehouse/open.ts';
import { buildReports } from '../reports/build.ts';
import { configOf, warehouseOf, waitSeconds, type GlobalOptions } from './options.ts';

export interface ReportCliOptions extends GlobalOptions { published?: string; reports?: string }

export async function reportCommand(ids: string[], o: ReportCliOptions): Promise<number> {
  const log = createLogger(o.json);
  // The warehouse is opened only so the leak scan can check tokens against case ids; reports never read it.
  const file = warehouseOf(o);
  let w: Warehouse | undefined;
  if (existsSync(file)) w = await openWarehouse(file, { waitSeconds: waitSeconds(o) });
  else log.warn(`no warehouse at ${file}: the leak scan of the reports cannot check for case ids`);
  try {
    const built = await buildReports({ ids, publishedDir: o.published, reportsDir: o.reports ?? configOf(o).paths.reports, warehouse: w?.connection });
    if (o.json) console.log(JSON.stringify(built, null, 2));
    for (const r of built) {
      for (const warning of r.warnings) log.warn(`${warning.file} line ${warning.line}: ${warning.message}`);
      if (!o.json) console.log(`report ${r.id}: ${r.pages} page${r.pages > 1 ? 's' : ''}, ${r.claims} claims, ${r.files.length} files in ${r.dir} (${(r.ms / 1000).toFixed(1)} s); ${r.warnings.length} warning${r.warnings.length === 1 ? '' : 's'}; no leak found`);
    }
    if (!built.length) log.warn('there are no report definitions in reports/: nothing to build');
    return EXIT.ok;
  } finally {
    w?.close();
  }
}
