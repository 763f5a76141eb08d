// Manual runs while developing the generator (the project's CLI is pipeline/cli.ts):
//   npx tsx pipeline/sample/main.ts [outDir] [cases] [orgs|single-csv] [null]
import { generateSample } from './index.ts';

const [outDir = 'data/sample', cases = '50000', layout = 'orgs', mode = ''] = process.argv.slice(2);
if (layout !== 'orgs' && layout !== 'single-csv') throw new Error(`layout must be orgs or single-csv, got ${layout}`);
const started = process.hrtime.bigint();
let peakRss = 0;
const summary = await generateSample({
  outDir, cases: Number(cases), layout, plant: mode !== 'null',
  onProgress: (done, total) => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    if (done % 1_000_000 === 0 || done === total) process.stderr.write(`${done}/${total}\n`);
  },
});
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const cpu = process.cpuUsage();
for (const f of summary.files) console.log(`${f.path}\t${f.format}\t${f.rows}`);
console.log(`${summary.cases} cases, ${summary.rows} rows in ${seconds.toFixed(2)} s ` +
  `(${Math.round(summary.rows / seconds)} rows/s), CPU ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s, ` +
  `peak RSS seen ${(peakRss / 2 ** 20).toFixed(0)} MiB`);
