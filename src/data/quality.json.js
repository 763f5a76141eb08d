// @ts-check
// Data loader for the Data quality page: ingest runs (file names only, never
// paths), quarantined rows by rule, missing demographics by organisation, as
// published and protected; and the operations log (runs.json) when the
// scheduler has written one.
/** @import { PublishedMissing, PublishedRule, PublishedRun } from '../../pipeline/publish/published-quality.ts' */
import { columnar, readOptional, readPublished } from './published.js';

const quality = /** @type {{ runs: PublishedRun[]; quarantine_rules: PublishedRule[]; missing: PublishedMissing[] }} */ (readPublished('data_quality.json', 'quality'));
const ops = readOptional('runs.json');
process.stdout.write(JSON.stringify({ runs: quality.runs, quarantine_rules: quality.quarantine_rules, missing: columnar(quality.missing), ops: ops ?? null }));
