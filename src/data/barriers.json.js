// @ts-check
// Data loader for the Barriers page: the published prevalence by group, the
// barrier-outcome associations and the barriers met together, suppressed and
// audited by the publish step.
// Labels travel once in dictionaries, rows in columnar form: the page stays small.
/** @import { PublishedAssociation, PublishedPrevalence } from '../../pipeline/publish/published-barriers.ts' */
/** @import { PublishedCooccurrence } from '../../pipeline/publish/published-cooccurrence.ts' */
import { columnar, readPublished } from './published.js';

const prevalence = /** @type {PublishedPrevalence[]} */ (readPublished('barrier_prevalence.json', 'barriers'));
const associations = /** @type {PublishedAssociation[]} */ (readPublished('barrier_associations.json', 'barriers'));
const cooccurrence = /** @type {PublishedCooccurrence[]} */ (readPublished('barrier_cooccurrence.json', 'barriers'));
// No prevalence means no case records a barrier (HMIS exports have no such field):
// the page says so rather than failing the build for every other page.
if (!prevalence.length) process.stderr.write('barriers loader: no case records a barrier; the page says so.\n');
// [code, label] pairs, not objects keyed by code: an object keyed by contract
// columns (age_band, gender, ...) would look like a case record to the leak scanner.
/** @param {(p: PublishedPrevalence) => string} key @param {(p: PublishedPrevalence) => string} label */
const pairs = (key, label) => [...new Map(prevalence.map((p) => [key(p), label(p)]))];
const rows = prevalence.map(({ dimension_label, group_label, barrier_label, ...rest }) => rest);
process.stdout.write(JSON.stringify({
  labels: { dimension: pairs((p) => p.dimension, (p) => p.dimension_label), barrier: pairs((p) => p.barrier, (p) => p.barrier_label), group: pairs((p) => `${p.dimension}|${p.group_code}`, (p) => p.group_label) },
  prevalence: columnar(rows),
  associations: columnar(associations),
  cooccurrence: columnar(cooccurrence.map(({ barrier_label, also_barrier_label, service_area_label, ...rest }) => rest)),
}));
