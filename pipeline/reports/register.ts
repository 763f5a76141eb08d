// Registers the reports with the scheduled job (`pipeline run`): reports are built
// from the publication into <published>/reports (where the site's report pages
// read them) and copied into the release being built, so site and reports are
// published and rolled back together. The builder loads the report modules
// (Chromium, jsdom) only when there is a report to build.
import { cpSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { registerReportBuilder } from '../ops/reports-step.ts';
import { reportFiles } from './definition.ts';

registerReportBuilder({
  name: 'pipeline/reports',
  // The definitions (config paths.reports) are hashed by the step itself.
  inputs: ['pipeline/reports'],
  build: async ({ outDir, publishedDir, config, log }) => {
    if (reportFiles(config.paths.reports).length === 0) {
      log.info(`no report definitions in ${config.paths.reports}/: no reports to build`);
      return { reports: 0 };
    }
    const { buildReports } = await import('./build.ts');
    const built = await buildReports({ publishedDir, reportsDir: config.paths.reports, outDir: join(publishedDir, 'reports') });
    for (const r of built) log.info(`report ${r.id}: ${r.pages} page${r.pages === 1 ? '' : 's'}, ${r.claims} figures, ${r.warnings.length} warning${r.warnings.length === 1 ? '' : 's'}`);
    if (existsSync(join(publishedDir, 'reports'))) cpSync(join(publishedDir, 'reports'), outDir, { recursive: true });
    return { reports: built.length };
  },
});
