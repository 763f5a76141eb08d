// One measured run of the measures benchmark in its own process, so peak memory is
// this run's alone. Prints one JSON line: the plain GROUP BY's times (before and
// after the marts, median taken by the caller), the whole buildMeasures, each model.
//   measures-child.ts DB
import { openWarehouse } from '../pipeline/warehouse/open.ts';
import { buildMeasures } from '../pipeline/measures/build.ts';
import { loadConfig } from '../pipeline/config.ts';

const [db] = process.argv.slice(2);
const cpuMs = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const w = await openWarehouse(db);
const c = w.connection;
const cases = Number((await c.runAndReadAll('SELECT count(*) FROM cases')).getRows()[0][0]);
const baseline: { ms: number; cpuMs: number }[] = [];
const groupBy = async () => {
  const c0 = cpuMs(), t0 = performance.now();
  await c.runAndReadAll('SELECT org_id, service_area, outcome, count(*) FROM cases GROUP BY ALL');
  baseline.push({ ms: performance.now() - t0, cpuMs: cpuMs() - c0 });
};
for (let i = 0; i < 3; i++) await groupBy();
const c0 = cpuMs(), t0 = performance.now();
// The shipped configuration: the sample's policy change included.
const models = await buildMeasures(c, loadConfig(), '2025-06-30');
const measures = { ms: performance.now() - t0, cpuMs: cpuMs() - c0 };
for (let i = 0; i < 3; i++) await groupBy();
w.close();
console.log(JSON.stringify({ cases, baseline, measures, models, maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }));
