// Data loader for the Barriers page: the published prevalence by group and the
// barrier-outcome associations, suppressed and audited by the publish step.
// Labels travel once in dictionaries, rows in columnar form: the page stays small.
import type { PublishedAssociation, PublishedPrevalence } from '../../pipeline/publish/published-barriers.ts';
import { columnar, readPublished } from './published.ts';

const prevalence = readPublished<PublishedPrevalence[]>('barrier_prevalence.json', 'barriers');
const associations = readPublished<PublishedAssociation[]>('barrier_associations.json', 'barriers');
if (!prevalence.length) {
  process.stderr.write('barriers loader: no published prevalence; refusing to publish an empty page.\n');
  process.exit(1);
}
const dict = <K extends keyof PublishedPrevalence>(key: K, label: keyof PublishedPrevalence) => Object.fromEntries(prevalence.map((p) => [p[key], p[label]]));
const groupLabels = Object.fromEntries(prevalence.map((p) => [`${p.dimension}|${p.group_code}`, p.group_label]));
const rows = prevalence.map(({ dimension_label, group_label, barrier_label, ...rest }) => rest);
process.stdout.write(JSON.stringify({
  labels: { dimension: dict('dimension', 'dimension_label'), barrier: dict('barrier', 'barrier_label'), group: groupLabels },
  prevalence: columnar(rows),
  associations: columnar(associations),
}));
