// What a report reads: ONLY the published aggregates (data/published/), never
// the warehouse. The rows of the report's scope (all cases, or the scope the
// measures built for its filters), the publication manifest (thresholds and
// data vintage), and the hash of every file read, for the report's manifest.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CliError, EXIT } from '../errors.ts';
import type { PublishedRate } from '../publish/published-rates.ts';
import { isAllCases, sameFilter, type ScopeFilter } from './definition.ts';

export interface PublicationManifest {
  k: number;
  confidence_level: number;
  favourable_outcomes: string[];
  reliability: { min_count: number; unstable_rse: number; very_unstable_rse: number };
  data: { first_opened: string; last_opened: string; last_load: string | null; loads: number };
  /** Absent in publications written before they were recorded. */
  warehouse_schema?: number;
  code_version?: string;
  files: { name: string; rows: number; sha256: string }[];
}

export interface Scope { id: string; label: string; filter: ScopeFilter; file: string }

export interface ScopeData { scope: Scope; rows: PublishedRate[] }

export interface Publication {
  dir: string;
  manifest: PublicationManifest;
  /** Every published file read, with its hash: the report's inputs. */
  inputs: { file: string; sha256: string }[];
  scope(filter: ScopeFilter): ScopeData;
}

const RERUN = 'Re-run the measures and the publish step (npm run pipeline -- measure && npm run pipeline -- publish), or npm start, then build the reports again.';

export const ALL_CASES: Scope = { id: 'all', label: 'All cases', filter: {}, file: 'group_rates.json' };

export function openPublication(dir: string): Publication {
  const inputs = new Map<string, string>();
  const read = (name: string): unknown => {
    const path = join(dir, name);
    if (!existsSync(path)) throw new CliError(`The publication has no ${name} (looked in ${path}). ${RERUN}`, { exitCode: EXIT.refused });
    const text = readFileSync(path);
    inputs.set(name, createHash('sha256').update(text).digest('hex'));
    return JSON.parse(text.toString('utf8'));
  };
  const manifest = read('manifest.json') as PublicationManifest;
  const index = (): Scope[] | null => (existsSync(join(dir, 'scopes.json')) ? read('scopes.json') as Scope[] : null);
  const cache = new Map<string, ScopeData>();
  return {
    dir,
    manifest,
    get inputs() { return [...inputs].map(([file, sha256]) => ({ file, sha256 })).sort((a, b) => a.file.localeCompare(b.file)); },
    scope(filter) {
      const scopes = isAllCases(filter) ? null : index();
      let scope = ALL_CASES;
      if (!isAllCases(filter)) {
        const found = scopes?.find((s) => sameFilter(s.filter, filter));
        if (!found) {
          throw new CliError(`The publication has no scope for the filter ${JSON.stringify(filter)}${scopes ? '' : ' (it has no scopes.json at all)'}: the measures build a scope for every report's filters. ${RERUN}`, { exitCode: EXIT.refused });
        }
        scope = found;
      }
      const hit = cache.get(scope.file);
      if (hit) return hit;
      const rows = read(scope.file) as PublishedRate[];
      if (!Array.isArray(rows) || rows.length === 0) throw new CliError(`The published file ${scope.file} holds no rows. ${RERUN}`, { exitCode: EXIT.refused });
      const data = { scope, rows };
      cache.set(scope.file, data);
      return data;
    },
  };
}
