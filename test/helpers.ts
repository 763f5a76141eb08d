// Shared test helpers: temporary warehouses and readable CSV fixtures.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openWarehouse, type Warehouse } from '../pipeline/warehouse/open.ts';
import { COLUMN_NAMES } from '../pipeline/contract/index.ts';

export function tempDir(prefix = 'aa-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export async function tempWarehouse(): Promise<Warehouse & { dir: string }> {
  const dir = tempDir();
  const w = await openWarehouse(join(dir, 'warehouse.duckdb'), { memoryLimit: '500MB', threads: 2 });
  return Object.assign(w, { dir });
}

/** A closed, accepted, favourable case that passes every rule. */
export const VALID_ROW: Record<string, string> = {
  case_id: 'C-0001', org_id: 'org-a', program: 'eviction_defense', service_area: 'housing', intake_decision: 'accepted',
  opened_on: '2024-01-05', closed_on: '2024-02-01', days_to_close: '27', outcome: 'achieved', service_level: 'brief_service',
  escalation: 'none', barriers: 'wait_time;cost', race_ethnicity: 'black_african_american;hispanic_latino', gender: 'woman',
  age_band: '25-34', disability: 'no', language: 'es', interpreter_needed: 'yes', income_band: 'fpl_0_50', county_fips: '53033',
  veteran: 'no', benefit_usd: '1200.50',
};

const quote = (v: string) => (/[",;\n\r]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);

/** Writes rows as a comma CSV with the contract header (or the given header). */
export function writeCsv(dir: string, name: string, rows: Record<string, string>[], header: string[] = COLUMN_NAMES): string {
  const path = join(dir, name);
  const lines = [header.join(','), ...rows.map((r) => header.map((h) => quote(r[h] ?? '')).join(','))];
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

export async function query(w: Warehouse, sql: string): Promise<Record<string, unknown>[]> {
  return ((await w.connection.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[]).map((r) =>
    Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v])),
  );
}
