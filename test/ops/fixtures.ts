// Readable fixtures for the scheduled job: small format-1 exports written into
// an inbox, and a configuration whose every folder is inside a temporary
// directory (nothing touches the project's data/).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig, type Config } from '../../pipeline/config.ts';
import { createLogger, type Logger } from '../../pipeline/log.ts';
import { VALID_ROW, tempDir, writeCsv } from '../helpers.ts';

const RACES = ['white', 'black_african_american', 'hispanic_latino'];

/**
 * `n` closed, accepted cases of organisation `org`; the first `favourable` of
 * every 10 achieved their outcome, the rest did not. Case ids are `<org>-<batch>-<i>`.
 */
export function exportRows(org: string, batch: string, n: number, favourable: number): Record<string, string>[] {
  return Array.from({ length: n }, (_, i) => {
    const opened = new Date(Date.UTC(2024, i % 6, 1 + (i % 27)));
    const closed = new Date(opened.getTime() + 30 * 86_400_000);
    return {
      ...VALID_ROW,
      case_id: `${org}-${batch}-${String(i).padStart(4, '0')}`,
      org_id: org,
      race_ethnicity: RACES[i % RACES.length],
      opened_on: opened.toISOString().slice(0, 10),
      closed_on: closed.toISOString().slice(0, 10),
      days_to_close: '30',
      outcome: i % 10 < favourable ? 'achieved' : 'not_achieved',
    };
  });
}

export interface OpsFixture { dir: string; configFile: string; config: Config; warehouse: string; inbox: string; site: string; published: string }

export function opsFixture(extra = ''): OpsFixture {
  const dir = tempDir('aa-ops-');
  const p = (x: string) => join(dir, x);
  const configFile = p('config.yaml');
  writeFileSync(configFile, [
    'paths:',
    `  warehouse: ${p('warehouse.duckdb')}`,
    `  marts: ${p('marts')}`,
    `  inbox: ${p('inbox')}`,
    `  archive: ${p('archive')}`,
    `  rejected: ${p('rejected')}`,
    `  site: ${p('site')}`,
    `  published: ${p('published')}`,
    `  status: ${p('status.json')}`,
    `  reports: ${p('reports')}`,
    'schedule:',
    '  cron: ["0 3 1 1 *"]',
    'ops:',
    '  settle_seconds: 0',
    '  backoff_seconds: 0.05',
    '  keep_releases: 3',
    extra,
  ].join('\n'));
  const config = loadConfig(configFile);
  return { dir, configFile, config, warehouse: config.paths.warehouse, inbox: p('inbox'), site: p('site'), published: p('published') };
}

/** Drops an export into <inbox>/<org>/<name>. */
export function drop(f: OpsFixture, org: string, name: string, rows: Record<string, string>[], header?: string[]): string {
  const dir = join(f.inbox, org);
  mkdirSync(dir, { recursive: true });
  return writeCsv(dir, name, rows, header);
}

/** A logger that keeps every line it is given, for asserting what the job said. */
export function memoryLogger(): Logger & { lines: { level: string; message: string; fields?: Record<string, unknown> }[] } {
  const lines: { level: string; message: string; fields?: Record<string, unknown> }[] = [];
  const sink = { write: (s: string) => { const o = JSON.parse(s) as { level: string; message: string }; lines.push({ level: o.level, message: o.message, fields: o }); return true; } };
  return Object.assign(createLogger(true, sink as unknown as NodeJS.WritableStream), { lines });
}
