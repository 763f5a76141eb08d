// `pipeline contract`: the format-1 reference as Markdown, derived from the zod
// schema through the same document the site's contract page renders.
import { contractDocument } from '../publish/contract-document.ts';

export function contractMarkdown(): string {
  const doc = contractDocument();
  const cell = (s: string) => s.replaceAll('|', '\\|').replaceAll('\n', ' ');
  const lines = [
    '# Case-outcome export, format 1',
    '',
    'Generated from the zod schema in `pipeline/contract/` by `npm run pipeline -- contract`; the checks the ingest runs are derived from the same schema.',
    '',
    '| column | required | kind | allowed values | notes |',
    '|---|---|---|---|---|',
    ...doc.columns.map((c) => {
      const codes = c.codes?.all
        ? c.codes.all.map((x) => `\`${x.code}\``).join(', ')
        : c.codes ? `${c.codes.size.toLocaleString('en-US')} codes, e.g. ${c.codes.examples!.map((x) => `\`${x.code}\``).join(', ')}` : cell(c.hint);
      return `| \`${c.name}\` | ${c.required} | ${c.kind} | ${codes} | ${cell(c.description)} |`;
    }),
    '',
    '## Rules across columns',
    '',
    ...doc.rules.map((r) => `- \`${r.id}\` (reported on \`${r.column}\`): ${r.message}`),
    '',
  ];
  return lines.join('\n');
}
