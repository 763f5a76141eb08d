import { describe, expect, it } from 'vitest';
import { COLUMNS, CROSS_RULES } from '../../pipeline/contract/schema.ts';
import { LANGUAGE, SERVICE_AREA } from '../../pipeline/contract/codes.ts';
import { contractDocument } from '../../pipeline/publish/contract-document.ts';

describe('contractDocument', () => {
  const doc = contractDocument();

  it('lists every contract column in file order with its metadata', () => {
    expect(doc.columns.map((c) => c.name)).toEqual(COLUMNS.map((c) => c.name));
    const area = doc.columns.find((c) => c.name === 'service_area')!;
    expect(area).toMatchObject({ label: 'Service area', required: 'yes', kind: 'code', secret: false });
    expect(area.codes?.all).toEqual(Object.entries(SERVICE_AREA).map(([code, label]) => ({ code, label })));
  });

  it('describes value kinds and conditions in words', () => {
    const byName = Object.fromEntries(doc.columns.map((c) => [c.name, c]));
    expect(byName.opened_on!.kind).toBe('date or month');
    expect(byName.closed_on!.required).toBe('if closed');
    expect(byName.days_to_close!.kind).toBe('number');
    expect(byName.race_ethnicity).toMatchObject({ kind: 'list of codes', exclusive: 'not_reported' });
    expect(byName.case_id!.secret).toBe(true);
  });

  it('summarises the language list as a count and examples, not 8,000 rows', () => {
    const language = doc.columns.find((c) => c.name === 'language')!;
    expect(language.codes?.size).toBe(Object.keys(LANGUAGE).length);
    expect(language.codes?.all).toBeUndefined();
    expect(language.codes?.examples?.length).toBeLessThanOrEqual(13);
    expect(language.codes?.examples).toContainEqual({ code: 'es', label: 'Spanish' });
    expect(JSON.stringify(doc).length).toBeLessThan(50_000);
  });

  it('carries every cross-column rule with its message', () => {
    expect(doc.rules.map((r) => r.id)).toEqual(CROSS_RULES.map((r) => r.id));
    expect(doc.rules.every((r) => r.message.length > 0)).toBe(true);
  });
});
