// County shapes for the map come from us-atlas in node_modules, cut to the
// states the published counties lie in, with coordinates rounded: small enough
// for the page budget, and never fetched.
import { describe, expect, it } from 'vitest';
import { countyShapes } from '../../pipeline/publish/county-shapes.ts';

describe('countyShapes', () => {
  it("keeps every county of the published counties' states and only those, named", () => {
    const shapes = countyShapes(['53033', '53001', 'not_recorded']);
    const ids = shapes.counties.features.map((f) => f.id!);
    // Washington has 39 counties (U.S. Census Bureau).
    expect(ids.length).toBe(39);
    expect(ids.every((id) => id.startsWith('53'))).toBe(true);
    expect(shapes.counties.features.find((f) => f.id === '53033')!.properties.name).toBe('King');
    expect(shapes.states.features.map((f) => f.properties.name)).toEqual(['Washington']);
    expect(shapes.source).toMatch(/^us-atlas 3\.0\.1 counties-10m/);
  });

  it('rounds coordinates to 0.001 degree, so the page carries tens of kilobytes', () => {
    const shapes = countyShapes(['53033']);
    const json = JSON.stringify(shapes);
    expect(json.length).toBeLessThan(120_000);
    expect(/\d\.\d{4,}/.test(JSON.stringify(shapes.counties.features.map((f) => f.geometry.coordinates)))).toBe(false);
  });

  it('keeps nothing when no county code is a five-digit FIPS', () => {
    expect(countyShapes(['not_recorded']).counties.features).toEqual([]);
  });
});
