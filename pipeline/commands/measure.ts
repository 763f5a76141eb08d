// `pipeline measure`: build the SQL models (staging -> intermediate -> marts)
// and run their data tests. A failing test blocks publishing (exit 5).
import { EXIT } from '../errors.ts';
import { createLogger } from '../log.ts';
import { openWarehouse } from '../warehouse/open.ts';
import { runDataTests } from '../warehouse/datatests.ts';
import { MODEL_TESTS } from '../model/tests.ts';
import { exportMarts } from '../model/export.ts';
import { buildMeasures } from '../measures/build.ts';
import { reportScopeFilters } from '../reports/definition.ts';
import { today } from '../ingest/ingest.ts';
import { configOf, isoDay, waitSeconds, warehouseOf, type GlobalOptions } from './options.ts';

export interface MeasureCliOptions extends GlobalOptions { asOf?: string; favourable?: string; marts?: string }

export async function measureCommand(o: MeasureCliOptions): Promise<number> {
  const log = createLogger(o.json);
  const config = configOf(o);
  const favourableOutcomes = o.favourable ? o.favourable.split(',').map((x) => x.trim()) : config.measures.favourable_outcomes;
  const martsDir = o.marts ?? config.paths.marts;
  const asOf = isoDay(o.asOf, '--as-of') ?? today();
  const w = await openWarehouse(warehouseOf(o), { waitSeconds: waitSeconds(o), onWait: (m) => log.info(m) });
  try {
    // Each report's filters become a scope of their own, measured and published with the rest.
    const built = await buildMeasures(w.connection, { ...config, measures: { ...config.measures, favourable_outcomes: favourableOutcomes } }, asOf, reportScopeFilters(config.paths.reports));
    const tests = await runDataTests(w.connection, MODEL_TESTS);
    const failed = tests.filter((t) => t.status === 'fail');
    if (o.json) console.log(JSON.stringify({ models: built, tests }, null, 2));
    else {
      for (const m of built) console.log(`${m.layer}.${m.model}: ${m.rows === null ? 'view' : `${m.rows.toLocaleString('en-US')} rows`} (${(m.ms / 1000).toFixed(1)} s)`);
      console.log(`model tests: ${tests.length - failed.length}/${tests.length} passed`);
    }
    if (failed.length) {
      log.error(`model tests failed: ${failed.map((f) => `${f.name} (${f.failures})`).join(', ')}. Publishing is blocked until they pass.`);
      return EXIT.dataTests;
    }
    const exported = await exportMarts(w.connection, martsDir);
    if (!o.json) console.log(`exported ${exported.length} marts to ${martsDir}/ (Parquet, with manifest.json)`);
    return EXIT.ok;
  } finally {
    w.close();
  }
}
