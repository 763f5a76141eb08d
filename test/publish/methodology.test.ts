// The methodology page is generated from the configuration: change a threshold
// and the page's document changes with it.
import { describe, expect, it } from 'vitest';
import { ConfigSchema } from '../../pipeline/config.ts';
import { methodologyDocument, METHODS } from '../../pipeline/publish/methodology.ts';
import { MEASURES } from '../../pipeline/measures/group-rates.ts';
import { GRID_DAYS } from '../../pipeline/publish/published-resolution.ts';
import { PH_TRANSFER_DAYS, RETURN_WINDOWS } from '../../pipeline/importers/hmis/returns.ts';

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
  it('states the returns rule with the windows and the 14-day rule the HMIS importer computes them by', () => {
    const { returns } = methodologyDocument(ConfigSchema.parse({}));
    expect(returns.windows.map((w) => [w.measure, w.days, w.months])).toEqual(Object.entries(RETURN_WINDOWS).map(([m, d]) => [m, d, { 180: 6, 365: 12, 730: 24 }[d]]));
    const text = returns.paragraphs.join(' ');
    expect(text).toContain("HUD's System Performance Measure 2");
    expect(text).toContain(`This is the ${PH_TRANSFER_DAYS}-day rule`);
    expect(text).toContain('within 6, 12 and 24 months: 180, 365 and 730 days after the exit');
    expect(text).toContain('Open windows are not counted');
    expect(text).toContain('one enrollment of a head of household');
    expect(text).toContain('codes 410, 411, 421, 422, 423, 426, 435');
    expect(returns.ingest_command).toBe('npm run pipeline -- ingest --format hmis <folder>');
    expect(METHODS.find((m) => m.topic === 'Returns to homelessness')).toMatchObject({ published: true, method: expect.stringContaining('within 6, 12, 24 months') });
  });
});

