import { openWarehouse } from './pipeline/warehouse/open.ts';
import { ingestFile } from './pipeline/ingest/ingest.ts';
const w = await openWarehouse('/tmp/dk/w.duckdb');
for (const f of process.argv.slice(2)) console.log(JSON.stringify(await ingestFile(w.connection, f, { asOf: '2026-01-01' }), null, 1));
console.log((await w.connection.runAndReadAll('select * from quarantine')).getRowObjectsJS());
console.log((await w.connection.runAndReadAll('select case_id, opened_on::VARCHAR o, barriers, ingest_run_id from cases')).getRowObjectsJS());
w.close();
