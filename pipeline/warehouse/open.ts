// Opening the DuckDB warehouse: one writer at a time, with a clear message (and an
// optional wait) when another process holds it.
import { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CliError, EXIT } from '../errors.ts';
import { migrate } from './migrate.ts';

export const DEFAULT_WAREHOUSE = 'data/warehouse.duckdb';

export interface OpenOptions {
  readOnly?: boolean;
  /** Seconds to wait for another writer to finish; 0 = fail at once. */
  waitSeconds?: number;
  /** DuckDB memory limit, e.g. '1500MB'. */
  memoryLimit?: string;
  threads?: number;
  onWait?: (message: string) => void;
}

export interface Warehouse {
  path: string;
  instance: DuckDBInstance;
  connection: DuckDBConnection;
  close(): void;
}

const LOCK_PATTERN = /Could not set lock on file|Conflicting lock is held/i;

/**
 * Every commit is made durable by a checkpoint, never by the write-ahead log.
 * DuckDB 1.5.5 logs a bulk insert as pointers to row groups it already wrote,
 * and its WAL replay merges those row groups outside the replay transaction: a
 * kill after the log entries are written but before the commit marker brings the
 * cases back without their ingest_runs row (duckdb#25931, open). A commit that
 * checkpoints instead is atomic: the new database header is written or it is not.
 * See README.md in this folder for the reproduction and the numbers.
 */
export const CHECKPOINT_EVERY_COMMIT = {
  // Checkpoint on commit whenever the commit changes anything…
  checkpoint_threshold: '0b',
  // …and then skip the log write, whatever the commit's size.
  auto_checkpoint_skip_wal_threshold: '0',
} as const;

/** DuckDB writes and fsyncs three 4 KiB headers when it creates a file, before it stores anything. */
const NEW_FILE_BYTES = 3 * 4096;

/** A file DuckDB began to create and never finished: empty, or short with DuckDB's magic bytes. */
function unfinishedCreation(file: string): boolean {
  try {
    const size = statSync(file).size;
    if (size === 0) return true;
    return size < NEW_FILE_BYTES && readFileSync(file).subarray(8, 12).toString('latin1') === 'DUCK';
  } catch {
    return false;
  }
}

export function warehousePath(path?: string): string {
  return resolve(path || DEFAULT_WAREHOUSE);
}

export async function openWarehouse(path: string, options: OpenOptions = {}): Promise<Warehouse> {
  const file = warehousePath(path);
  if (!options.readOnly) mkdirSync(dirname(file), { recursive: true });
  const deadline = Date.now() + (options.waitSeconds ?? 0) * 1000;
  let told = false;
  for (;;) {
    try {
      const config: Record<string, string> = {
        access_mode: options.readOnly ? 'READ_ONLY' : 'READ_WRITE',
        memory_limit: options.memoryLimit ?? process.env.ADVOCACY_MEMORY_LIMIT ?? '1500MB',
        temp_directory: `${file}.tmp`,
        // Extensions are statically linked; never reach out to download one.
        autoinstall_known_extensions: 'false',
        autoload_known_extensions: 'true',
      };
      if (options.threads) config.threads = String(options.threads);
      if (!options.readOnly) Object.assign(config, CHECKPOINT_EVERY_COMMIT);
      const instance = await DuckDBInstance.create(file, config);
      const connection = await instance.connect();
      if (!options.readOnly) await migrate(connection);
      return {
        path: file, instance, connection,
        close() { connection.closeSync(); instance.closeSync(); },
      };
    } catch (error) {
      const message = (error as Error).message ?? '';
      if (LOCK_PATTERN.test(message)) {
        const holder = /PID (\d+)/.exec(message)?.[1];
        const who = holder ? `process ${holder}` : 'another process';
        if (Date.now() < deadline) {
          if (!told) options.onWait?.(`The warehouse ${file} is in use by ${who}; waiting up to ${options.waitSeconds} s for it to finish…`);
          told = true;
          await sleep(500);
          continue;
        }
        throw new CliError(
          `The warehouse ${file} is in use by ${who} (another ingest or pipeline run). ` +
            'Wait for it to finish, or run again with --wait SECONDS to wait for it.',
          { exitCode: EXIT.busy },
        );
      }
      if (/not a valid DuckDB database file|Could not read enough bytes/i.test(message) && unfinishedCreation(file)) {
        // Not deleted here: another process may be creating it right now.
        throw new CliError(
          `The warehouse ${file} is incomplete: a run was stopped while creating it, before anything was stored in it. ` +
            'Delete the file (it holds no data) and run again.',
          { exitCode: EXIT.refused },
        );
      }
      if (/No such file|does not exist/i.test(message) && options.readOnly) {
        throw new CliError(`There is no warehouse at ${file} yet. Load data first: npm run pipeline -- ingest <files>.`, { exitCode: EXIT.refused });
      }
      throw error;
    }
  }
}
