// @ts-check
// Data loader for the Outcomes page's benefits obtained: sums and medians of
// benefit amounts on favourable cases by group and program, protected, rounded
// and audited by the publish step.
/** @import { PublishedImpact } from '../../pipeline/publish/published-impact.ts' */
import { columnar, readPublished } from './published.js';

const rows = /** @type {PublishedImpact[]} */ (readPublished('impact.json', 'impact'));
if (!rows.length) {
  process.stderr.write('impact loader: no published benefits; refusing to publish an empty page section.\n');
  process.exit(1);
}
process.stdout.write(JSON.stringify(columnar(rows)));
