// `pipeline publish` protects and writes the published aggregates; `pipeline
// scan` checks a built folder for anything that must never be published.
import { resolve } from 'node:path';
import { CliError, EXIT } from '../errors.ts';
import { createLogger } from '../log.ts';
import { openWarehouse } from '../warehouse/open.ts';
import { describeProtection, publish, DEFAULT_PUBLISHED_DIR } from '../publish/publish.ts';
import { scanForLeaks } from '../publish/scan.ts';
import { configOf, waitSeconds, warehouseOf, type GlobalOptions } from './options.ts';

export async function publishCommand(o: GlobalOptions & { out?: string }): Promise<number> {
  const log = createLogger(o.json);
  const config = configOf(o);
  const w = await openWarehouse(warehouseOf(o), { waitSeconds: waitSeconds(o), onWait: (m) => log.info(m) });
  try {
    const s = await publish(w.connection, config, o.out ?? DEFAULT_PUBLISHED_DIR, undefined, log);
    const findings = await scanForLeaks(s.dir, s.k, w.connection);
    if (findings.length) throw leakError(s.dir, findings);
    if (o.json) console.log(JSON.stringify(s, null, 2));
    else console.log(`published ${describeFiles(s.files)} to ${s.dir}: ${describeProtection(s)}`);
    return EXIT.ok;
  } finally {
    w.close();
  }
}

/** Top-level files by name; files in a folder (one per scope) counted by folder. */
function describeFiles(files: { name: string; rows: number }[]): string {
  const folders = new Map<string, number>();
  const top: string[] = [];
  for (const f of files) {
    const slash = f.name.indexOf('/');
    if (slash < 0) top.push(`${f.name} (${f.rows} rows)`);
    else folders.set(f.name.slice(0, slash), (folders.get(f.name.slice(0, slash)) ?? 0) + 1);
  }
  return [...top, ...[...folders].map(([dir, n]) => `${n} files in ${dir}/`)].join(', ');
}

function leakError(dir: string, findings: { file: string; kind: string; where: string }[]): CliError {
  const shown = findings.slice(0, 20).map((f) => `  - ${f.file}: ${f.kind.replaceAll('_', ' ')} (${f.where})`);
  return new CliError(`The leak scan of ${dir} found ${findings.length} problem${findings.length > 1 ? 's' : ''}; nothing may be published until they are fixed:\n${shown.join('\n')}`, { exitCode: EXIT.refused });
}

export async function scanCommand(dir: string, o: GlobalOptions): Promise<number> {
  const config = configOf(o);
  const w = await openWarehouse(warehouseOf(o), { waitSeconds: waitSeconds(o) });
  try {
    const findings = await scanForLeaks(resolve(dir), config.disclosure.k, w.connection);
    if (findings.length) throw leakError(dir, findings);
    console.log(`scanned ${dir}: no case id, row-level record, count from 1 to ${config.disclosure.k - 1} or identifier found`);
    return EXIT.ok;
  } finally {
    w.close();
  }
}
