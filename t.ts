import { openWarehouse } from './pipeline/warehouse/open.ts';
import { ingestFile } from './pipeline/ingest/ingest.ts';
const w = await openWarehouse('/tmp/dk/w2.duckdb');
for (const f of process.argv.slice(2)) { const r = await ingestFile(w.connection, f, { asOf: '2025-06-30' }); console.log(r.status, r.message, r.rules); }
w.close();
