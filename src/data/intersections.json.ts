// Data loader for the Outcomes page's intersections: the favourable rate in each
// intersection of two breakdowns, suppressed and audited by the publish step.
// Labels travel once as [code, label] pairs, rows in columnar form.
import type { PublishedIntersection } from '../../pipeline/publish/published-intersections.ts';
import { columnar, readPublished } from './published.ts';

const rows = readPublished<PublishedIntersection[]>('intersections.json', 'intersections');
if (!rows.length) {
  process.stderr.write('intersections loader: no published intersections; refusing to publish an empty page section.\n');
  process.exit(1);
}
const dimensions = new Map<string, string>();
const groups = new Map<string, string>();
for (const r of rows) {
  dimensions.set(r.dimension_a, r.dimension_a_label).set(r.dimension_b, r.dimension_b_label);
  groups.set(`${r.dimension_a}|${r.group_a}`, r.group_a_label).set(`${r.dimension_b}|${r.group_b}`, r.group_b_label);
}
const bare = rows.map(({ dimension_a_label, dimension_b_label, group_a_label, group_b_label, ...rest }) => rest);
process.stdout.write(JSON.stringify({ labels: { dimension: [...dimensions], group: [...groups] }, rows: columnar(bare) }));
