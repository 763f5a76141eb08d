// One measured run in its own process, so peak memory is this run's alone.
// Prints one JSON line: {ms, maxRssMb, rows}.
//   baseline FILE DB: a plain DuckDB read_csv of the file into a table (types auto-detected)
//   ingest FILE DB:   our validated ingest of the file into a fresh warehouse
import { DuckDBInstance } from '@duckdb/node-api';
import { openWarehouse } from '../pipeline/warehouse/open.ts';
import { ingestFile } from '../pipeline/ingest/ingest.ts';

const [mode, file, db] = process.argv.slice(2);
const t0 = performance.now();
let rows = 0;
if (mode === 'baseline') {
  const instance = await DuckDBInstance.create(db, { memory_limit: '1500MB', temp_directory: `${db}.tmp` });
  const c = await instance.connect();
  // all_varchar: type sniffing fails on this file (interpreter_needed sniffed as BOOLEAN, then 'not_reported').
  await c.run(`CREATE TABLE cases AS SELECT * FROM read_csv('${file}', all_varchar = true)`);
  rows = Number((await c.runAndReadAll('SELECT count(*) FROM cases')).getRows()[0][0]);
  c.closeSync();
  instance.closeSync();
} else if (mode === 'ingest') {
  const w = await openWarehouse(db);
  const r = await ingestFile(w.connection, file, { asOf: '2026-01-01' });
  if (r.status !== 'loaded') throw new Error(`ingest did not load: ${r.message}`);
  rows = r.loaded + r.updated;
  w.close();
} else {
  throw new Error(`unknown mode ${mode}`);
}
const ms = performance.now() - t0;
console.log(JSON.stringify({ ms: Math.round(ms), maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024), rows }));
