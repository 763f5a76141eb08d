// Commands that read the warehouse: data tests, quarantine and ingest runs.
import { EXIT } from '../errors.ts';
import { openWarehouse } from '../warehouse/open.ts';
import { runDataTests } from '../warehouse/datatests.ts';
import { positiveInt, waitSeconds, warehouseOf, type GlobalOptions } from './options.ts';

function table(rows: Record<string, unknown>[]): string {
  if (rows.length === 0) return '(none)';
  const cols = Object.keys(rows[0]);
  const cell = (v: unknown) => (v === null || v === undefined ? '' : String(v));
  const width = cols.map((c) => Math.min(90, Math.max(c.length, ...rows.map((r) => cell(r[c]).length))));
  const fmt = (vals: string[]) => vals.map((v, i) => (v.length > width[i] ? `${v.slice(0, width[i] - 1)}…` : v.padEnd(width[i]))).join('  ').trimEnd();
  return [fmt(cols), fmt(width.map((w) => '-'.repeat(w))), ...rows.map((r) => fmt(cols.map((c) => cell(r[c]))))].join('\n');
}

const plain = (rows: Record<string, unknown>[]) =>
  rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v])));

export async function checkCommand(o: GlobalOptions): Promise<number> {
  const w = await openWarehouse(warehouseOf(o), { waitSeconds: waitSeconds(o) });
  try {
    const results = await runDataTests(w.connection);
    if (o.json) console.log(JSON.stringify(results, null, 2));
    else console.log(table(results as unknown as Record<string, unknown>[]));
    return results.every((r) => r.status === 'pass') ? EXIT.ok : EXIT.dataTests;
  } finally {
    w.close();
  }
}

export async function quarantineCommand(o: GlobalOptions & { run?: string; file?: string; limit?: string }): Promise<number> {
  const w = await openWarehouse(warehouseOf(o), { waitSeconds: waitSeconds(o) });
  try {
    const where: string[] = [];
    const params: (string | number)[] = [];
    const run = positiveInt(o.run, '--run');
    if (run) { params.push(run); where.push(`run_id = $${params.length}`); }
    if (o.file) { params.push(o.file); where.push(`file_name = $${params.length}`); }
    const limit = positiveInt(o.limit, '--limit') ?? 50;
    const rows = plain((await w.connection.runAndReadAll(
      `SELECT run_id, file_name AS file, line, column_name AS column, rule, message FROM quarantine
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY run_id, line, column_name LIMIT ${limit}`, params)).getRowObjectsJS());
    if (o.json) console.log(JSON.stringify(rows, null, 2));
    else console.log(table(rows));
    return EXIT.ok;
  } finally {
    w.close();
  }
}

export async function runsCommand(o: GlobalOptions & { limit?: string }): Promise<number> {
  const w = await openWarehouse(warehouseOf(o), { waitSeconds: waitSeconds(o) });
  try {
    const limit = positiveInt(o.limit, '--limit') ?? 20;
    const rows = plain((await w.connection.runAndReadAll(
      `SELECT run_id, file_name AS file, status, rows_read AS read, rows_loaded AS loaded, rows_updated AS updated, rows_quarantined AS quarantined,
              duration_ms, strftime(finished_at, '%Y-%m-%d %H:%M:%S') AS finished, coalesce(message, '') AS message
       FROM ingest_runs ORDER BY run_id DESC LIMIT ${limit}`)).getRowObjectsJS());
    if (o.json) console.log(JSON.stringify(rows, null, 2));
    else console.log(table(rows));
    return EXIT.ok;
  } finally {
    w.close();
  }
}
