// The methodology page is generated from the configuration: change a threshold
// and the page's document changes with it.
import { describe, expect, it } from 'vitest';
import { ConfigSchema } from '../../pipeline/config.ts';
import { methodologyDocument, METHODS } from '../../pipeline/publish/methodology.ts';
import { MEASURES } from '../../pipeline/measures/group-rates.ts';
import { GRID_DAYS } from '../../pipeline/publish/published-resolution.ts';

describe('methodology document', () => {
  it('states the configured thresholds, reference rules and favourable outcomes', () => {
    const doc = methodologyDocument(ConfigSchema.parse({ disclosure: { k: 16 }, reliability: { min_count: 60 }, measures: { favourable_outcomes: ['achieved'] } }));
    expect(doc.disclosure.k).toBe(16);
    expect(doc.reliability.min_count).toBe(60);
    expect(doc.favourable_outcomes).toEqual([{ code: 'achieved', label: 'Achieved' }]);
    expect(doc.reference_groups).toContainEqual({ dimension: 'race_ethnicity_aoic', label: 'Race and ethnicity (alone or in combination)', rule: 'white' });
    expect(doc.measures.map((m) => m.id)).toEqual(MEASURES.map((m) => m.id));
    expect(doc.policy_changes).toEqual([]);
  });

  it('lists the configured policy changes whose before/after effect is estimated', () => {
    const doc = methodologyDocument(ConfigSchema.parse({ measures: { policy_changes: [{ id: 'p1', date: '2024-07-01', label: 'New rule', measure: 'favourable_of_closed' }] } }));
    expect(doc.policy_changes).toEqual([{ id: 'p1', date: '2024-07-01', label: 'New rule', measure: 'favourable_of_closed', service_area: 'all', period: 'quarter', min_points_per_side: 8 }]);
  });
  it('gives every method a reference, and says which are behind published figures', () => {
    for (const m of METHODS) expect(m.reference.length, m.topic).toBeGreaterThan(10);
    expect(METHODS.filter((m) => !m.published).map((m) => m.topic)).toEqual([]);
  });
  it('states the curve rule with the grid and k the publish step uses', () => {
    const doc = methodologyDocument(ConfigSchema.parse({ disclosure: { k: 16 } }));
    const rule = doc.methods.find((m) => m.topic === 'Time-to-resolution curves and small numbers')!;
    expect(rule.detail).toContain(`at days ${GRID_DAYS.join(', ')}, only while at least 16 cases are still open`);
    expect(doc.curve_grid_days).toEqual([...GRID_DAYS]);
  });
});
