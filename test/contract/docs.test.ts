// The format reference is generated from the schema: every column, code and rule appears.
import { describe, expect, it } from 'vitest';
import { contractMarkdown } from '../../pipeline/commands/contract.ts';
import { COLUMNS, CROSS_RULES, SERVICE_AREA, BARRIER } from '../../pipeline/contract/index.ts';

describe('generated contract reference', () => {
  const md = contractMarkdown();
  it('lists every column with its requirement, and every cross-column rule', () => {
    for (const c of COLUMNS) expect(md).toContain(`| \`${c.name}\` | ${c.meta.required} |`);
    for (const r of CROSS_RULES) expect(md).toContain(`\`${r.id}\` (reported on \`${r.column}\`): ${r.message}`);
  });
  it('lists short code lists in full and summarises the 8,000 language codes', () => {
    for (const code of [...Object.keys(SERVICE_AREA), ...Object.keys(BARRIER)]) expect(md).toContain(`\`${code}\``);
    expect(md).toMatch(/\| `language` \| no \| code \| 8,\d{3} codes, e\.g\. `en`/);
  });
});
