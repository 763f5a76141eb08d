// Data loader for the Geography page: the published rates by county (already
// protected with every other funnel count) and the shapes of those counties'
// states, cut from us-atlas in node_modules (pipeline/publish/county-shapes.ts).
import type { PublishedRate } from '../../pipeline/publish/published-rates.ts';
import { countyShapes } from '../../pipeline/publish/county-shapes.ts';
import { columnar, readPublished } from './published.js';

const rates = readPublished<PublishedRate[]>('group_rates.json', 'geography').filter((r) => r.dimension === 'county');
if (!rates.length) {
  process.stderr.write('geography loader: the publication has no county breakdown; refusing to publish an empty map.\n');
  process.exit(1);
}
const shapes = countyShapes(rates.map((r) => r.group_code));
const names = new Map(shapes.counties.features.map((f) => [f.id, String(f.properties.name)]));
const statesNames = new Map(shapes.states.features.map((f) => [f.id, String(f.properties.name)]));
const named = rates.map((r) => ({
  ...r,
  group_label: r.group_code === 'not_recorded' ? 'County not recorded' : `${names.get(r.group_code) ?? r.group_code} (${statesNames.get(r.group_code.slice(0, 2)) ?? 'unknown state'})`,
}));
const keep = ['measure', 'measure_label', 'group_code', 'group_label', 'numerator', 'denominator', 'rate', 'rate_lower', 'rate_upper', 'rate_status', 'suppression_reason', 'is_reference', 'reference_group', 'rate_ratio', 'ratio_lower', 'ratio_upper', 'ratio_status', 'p_adjusted'] as const;
process.stdout.write(JSON.stringify({
  rates: columnar(named.map((r) => Object.fromEntries(keep.map((k) => [k, r[k]])))),
  counties: shapes.counties, states: shapes.states, source: shapes.source,
}));
