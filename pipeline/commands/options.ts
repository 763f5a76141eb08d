// Options every command shares, parsed once with clear errors.
import { InputError } from '../errors.ts';
import { loadConfig, DEFAULT_CONFIG_FILE, type Config } from '../config.ts';

export interface GlobalOptions { warehouse?: string; json?: boolean; wait?: string; config?: string }

/** The configuration named by --config, or the default file (or defaults when it is absent). */
export function configOf(o: GlobalOptions): Config {
  return loadConfig(o.config ?? DEFAULT_CONFIG_FILE, { required: o.config !== undefined });
}

/** --warehouse, else $ADVOCACY_WAREHOUSE, else the configuration's path. */
export function warehouseOf(o: GlobalOptions): string {
  return o.warehouse || process.env.ADVOCACY_WAREHOUSE || configOf(o).paths.warehouse;
}

export function waitSeconds(o: GlobalOptions): number {
  const s = Number(o.wait ?? 0);
  if (!Number.isFinite(s) || s < 0) throw new InputError(`--wait ${o.wait}: give a number of seconds, 0 or more.`);
  return s;
}

export function positiveInt(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InputError(`${flag} ${value}: give a whole number above 0.`);
  return n;
}

export function isoDay(value: string | undefined, flag: string): string | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
    throw new InputError(`${flag} ${value}: give a date as YYYY-MM-DD.`);
  }
  return value;
}
