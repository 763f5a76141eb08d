// @ts-check
// Data loader for the Time to resolution page: medians and percentiles by group,
// and the curves on the coarse grid the publish step allows (published.js).
/** @import { PublishedCurvePoint, PublishedResolution } from '../../pipeline/publish/published-resolution.ts' */
import { columnar, readPublished } from './published.js';

const times = /** @type {PublishedResolution[]} */ (readPublished('resolution_times.json', 'resolution'));
const curves = /** @type {PublishedCurvePoint[]} */ (readPublished('resolution_curves.json', 'resolution'));
if (!times.length) {
  process.stderr.write('resolution loader: no published times; refusing to publish an empty page.\n');
  process.exit(1);
}
process.stdout.write(JSON.stringify({ times: columnar(times), curves: columnar(curves) }));
