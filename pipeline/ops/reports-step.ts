// The hook through which `pipeline run` builds the published reports. The
// reports feature (reports/ and `pipeline report`) registers its builder here;
// until one is registered the step is skipped with a log line. Its output goes
// into the site release being built, under reports/, so site and reports are
// published together and rolled back together.
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';

export interface ReportBuildContext {
  /** An empty folder inside the release being built: write the reports here. */
  outDir: string;
  /** The protected aggregates (paths.published): the only data a report may read. */
  publishedDir: string;
  config: Config;
  log: Logger;
  runId: string;
}

export interface ReportBuilder {
  name: string;
  /** Files and folders the reports are built from (definitions, templates): a change rebuilds them. */
  inputs: string[];
  build(ctx: ReportBuildContext): Promise<{ reports: number }>;
}

let registered: ReportBuilder | undefined;

/** Called once by the reports feature, e.g. from pipeline/reports/register.ts imported by the CLI. */
export function registerReportBuilder(builder: ReportBuilder): void {
  registered = builder;
}

export function reportBuilder(): ReportBuilder | undefined {
  return registered;
}

export const NO_REPORT_BUILDER = 'no report builder is registered (the reports feature registers one with registerReportBuilder in pipeline/ops/reports-step.ts)';
