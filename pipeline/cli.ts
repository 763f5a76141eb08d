// The pipeline's command line: npm run pipeline -- <command>. Errors a person
// can fix are printed as one clear message with an exit code, never a stack trace.
import { Command, CommanderError } from 'commander';
import { CliError, EXIT, safeMessage } from './errors.ts';
import { createLogger } from './log.ts';
import { ingestCommand } from './commands/ingest.ts';
import { checkCommand, quarantineCommand, runsCommand } from './commands/inspect.ts';
import { sampleCommand } from './commands/sample.ts';
import { contractMarkdown } from './commands/contract.ts';
// The statistics and disclosure modules take seconds to load: imported only by the commands that use them.
const lazy = {
  measure: () => import('./commands/measure.ts'),
  publish: () => import('./commands/publish.ts'),
  start: () => import('./commands/start.ts'),
  ops: () => import('./commands/ops.ts'),
  report: () => import('./commands/report.ts'),
};

const program = new Command()
  .name('pipeline')
  .description('advocacy-analytics: de-identified case outcomes in, safe aggregates out')
  .option('--config <file>', 'configuration file (default advocacy.config.yaml)')
  .option('--warehouse <file>', 'the DuckDB warehouse (default: $ADVOCACY_WAREHOUSE, else paths.warehouse in the configuration)')
  .option('--json', 'machine-readable output: JSON on stdout, JSON lines on stderr')
  .option('--wait <seconds>', 'wait this long for another process using the warehouse', '0')
  .showHelpAfterError()
  .exitOverride();

program
  .command('ingest')
  .description('check export files against the contract and load them (folders: every .csv, .jsonl, .parquet inside)')
  .argument('<paths...>', 'export files or folders')
  .option('--mapping <file>', 'mapping file (YAML or JSON) for a foreign export')
  .option('--format <format>', 'csv, jsonl or parquet (default: from the extension); hmis: each path is a HUD HMIS CSV (FY2024) export folder')
  .option('--membership <who>', 'with --format hmis: heads (heads of household, default) or all household members')
  .option('--as-of <date>', 'judge "closed in the future" against this day, YYYY-MM-DD (default: today)')
  .option('--dry-run', 'report what would load and what would be quarantined, writing nothing')
  .action(async (paths: string[], opts, cmd: Command) => {
    process.exitCode = await ingestCommand(paths, { ...cmd.optsWithGlobals() });
  });

program
  .command('start')
  .description('the main job on the bundled sample data: generate it if missing, ingest, data tests, build the site')
  .option('--skip-build', 'stop after the data tests')
  .action(async (_opts, cmd: Command) => { process.exitCode = await (await lazy.start()).startCommand(cmd.optsWithGlobals()); });

program
  .command('sample')
  .description('write the seeded synthetic sample exports (with truth.json describing what was planted)')
  .option('--cases <n>', 'distinct cases', '50000')
  .option('--seed <n>', 'random seed', '20240601')
  .option('--null', 'a null data set: no planted disparity, barrier effect or policy change')
  .option('--layout <layout>', 'orgs (several organisations and formats) or single-csv (one file, for benchmarks)', 'orgs')
  .option('--out <dir>', 'output folder', 'data/sample')
  .action(async (_opts, cmd: Command) => {
    const o = cmd.optsWithGlobals();
    const s = await sampleCommand(o);
    if (o.json) console.log(JSON.stringify(s, null, 2));
    else {
      for (const f of s.files) console.log(`${f.path}: ${f.rows.toLocaleString('en-US')} rows (${f.format})`);
      console.log(`${s.cases.toLocaleString('en-US')} cases in ${s.rows.toLocaleString('en-US')} rows; planted truth in ${s.truthPath}`);
    }
  });

program
  .command('contract')
  .description('print the input contract (format 1) as Markdown, generated from the zod schema')
  .action(() => { process.stdout.write(contractMarkdown()); });

program
  .command('measure')
  .description('build the SQL models (staging -> intermediate -> marts) and run their data tests')
  .option('--as-of <date>', 'open cases are censored at this day, YYYY-MM-DD (default: today)')
  .option('--favourable <codes>', 'outcome codes that count as favourable, comma-separated (default: achieved,partially_achieved)')
  .option('--marts <dir>', 'where to export the marts as Parquet (default data/marts)')
  .action(async (_opts, cmd: Command) => { process.exitCode = await (await lazy.measure()).measureCommand(cmd.optsWithGlobals()); });

program
  .command('publish')
  .description('protect every published count (suppression proven by the LP audit) and write the published aggregates')
  .option('--out <dir>', 'where to write them (default data/published)')
  .action(async (_opts, cmd: Command) => { process.exitCode = await (await lazy.publish()).publishCommand(cmd.optsWithGlobals()); });

program
  .command('report')
  .description('build the reports defined in reports/ (PDF, CSV, SVG, PNG, page and manifest) from the published aggregates')
  .argument('[ids...]', 'report ids (file names in reports/ without .yaml); default: all')
  .option('--published <dir>', 'the published aggregates to read (default data/published); reports go to <dir>/reports/<id>/')
  .option('--reports <dir>', 'the folder of report definitions (default reports)')
  .action(async (ids: string[], _opts, cmd: Command) => { process.exitCode = await (await lazy.report()).reportCommand(ids, cmd.optsWithGlobals()); });

program
  .command('scan')
  .description('check a built folder for case ids, row-level records, small counts and identifiers')
  .argument('[dir]', 'the folder to scan', 'dist')
  .action(async (dir: string, _opts, cmd: Command) => { process.exitCode = await (await lazy.publish()).scanCommand(dir, cmd.optsWithGlobals()); });

program
  .command('check')
  .description('run the data tests on the warehouse (uniqueness, not-null, accepted values, relationships, reconciliation)')
  .action(async (_opts, cmd: Command) => { process.exitCode = await checkCommand(cmd.optsWithGlobals()); });

program
  .command('quarantine')
  .description('list quarantined rows: file, line, column, rule and how to fix it')
  .option('--run <id>', 'only this ingest run')
  .option('--file <name>', 'only this file name')
  .option('--limit <n>', 'at most this many rows', '50')
  .action(async (_opts, cmd: Command) => { process.exitCode = await quarantineCommand(cmd.optsWithGlobals()); });

program
  .command('runs')
  .description('list ingest runs with their counts')
  .option('--limit <n>', 'at most this many runs', '20')
  .action(async (_opts, cmd: Command) => { process.exitCode = await runsCommand(cmd.optsWithGlobals()); });

program
  .command('run')
  .description('the scheduled job: new exports from the inbox, models, publish, reports, site release; steps whose inputs have not changed are skipped')
  .option('--as-of <date>', 'judge closing dates and censor open cases at this day, YYYY-MM-DD (default: today)')
  .option('--skip-site', 'bring the warehouse, marts and published aggregates up to date, but build no site or reports')
  .action(async (_opts, cmd: Command) => { process.exitCode = await (await lazy.ops()).runCommand(cmd.optsWithGlobals()); });

program
  .command('schedule')
  .description('run the job on the cron expressions of the configuration (schedule.cron) until stopped; one scheduler per warehouse')
  .option('--run-now', 'also run once at start')
  .option('--skip-site', 'scheduled runs build no site or reports')
  .action(async (_opts, cmd: Command) => { process.exitCode = await (await lazy.ops()).scheduleCommand(cmd.optsWithGlobals()); });

program
  .command('status')
  .description('the last runs (steps, timings, counts, outcome), the published release and the next scheduled run')
  .option('--limit <n>', 'at most this many runs', '10')
  .action(async (_opts, cmd: Command) => { process.exitCode = await (await lazy.ops()).statusCommand(cmd.optsWithGlobals()); });

program
  .command('rollback')
  .description('publish the previous site release again (or --to a named one)')
  .option('--to <release>', 'the release to publish (a folder name under <paths.site>/releases)')
  .action(async (_opts, cmd: Command) => { process.exitCode = await (await lazy.ops()).rollbackCommand(cmd.optsWithGlobals()); });

async function main(): Promise<void> {
  const json = process.argv.includes('--json');
  const log = createLogger(json);
  try {
    await program.parseAsync(process.argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode === 0 ? EXIT.ok : EXIT.refused;
      return;
    }
    if (error instanceof CliError) {
      log.error(error.message);
      process.exitCode = error.exitCode;
      return;
    }
    log.error(`internal error: ${safeMessage(error)}. This is a bug; please report it with the command you ran.`);
    // Debug output keeps the stack frames only: DuckDB messages can quote an input line.
    if (process.env.ADVOCACY_DEBUG && error instanceof Error) console.error((error.stack ?? '').split('\n').filter((l) => /^\s+at /.test(l)).join('\n'));
    process.exitCode = EXIT.internal;
  }
}

await main();
