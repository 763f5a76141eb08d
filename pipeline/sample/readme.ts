// README.md of a generated sample: the same facts as truth.json, for people.
import { EXPORT_YEARS } from './exports.ts';
import { OUTCOME_MODEL, type TruthEffect } from './effects.ts';
import { SYNTHETIC_STATEMENT, type TruthInput, relativePath } from './truth.ts';

function effectLine(e: TruthEffect): string {
  const params = Object.entries(e)
    .filter(([k]) => !['id', 'description', 'note', 'kind'].includes(k))
    .map(([k, v]) => `${k} = ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join('; ');
  return `- **${e.id}** (${e.kind}): ${e.description}\n  Parameters: ${params}.${e.note ? `\n  Note: ${e.note}` : ''}`;
}

export function buildReadme(t: TruthInput, effects: readonly TruthEffect[]): string {
  const rows = t.files.reduce((n, f) => n + f.rows, 0);
  const planted = t.effects.planted;
  const lines = [
    '# Synthetic case-outcome sample',
    '',
    `**${SYNTHETIC_STATEMENT}** Any resemblance of a pseudonymous case id to a real case is coincidence.`,
    '',
    `Made by \`pipeline/sample\` (advocacy-analytics) with seed **${t.seed}**, **${t.cases.toLocaleString('en-US')}** distinct cases, ` +
      `**${rows.toLocaleString('en-US')}** rows, layout \`${t.layout}\`, ${planted ? '**planted effects** (listed below)' : 'the **NULL** model (no planted effect)'}. ` +
      'The same options always give byte-identical files. `truth.json` beside this file states everything below in machine-readable form.',
    '',
    '## How the data was made',
    '',
    'Each case is drawn from its own small random stream (xoroshiro128+ seeded by a hash of the seed, the organisation and the case number), so any case can be regenerated on its own and files stream to disk at any size. ' +
      'Intake runs on weekdays from 2023-01-01 to 2024-12-31, evenly over the period; case ids rise with the opening day. ' +
      'A client\'s traits (county, race and ethnicity, language, interpreter need, gender, age band, disability, income band, veteran status) are drawn first, then the intake decision, barriers (at most three), duration and outcome. ' +
      'Each organisation then leaves some traits empty or answers `not_reported`, at its own rates, independently of everything else.',
    '',
    `Outcome model: ${OUTCOME_MODEL}`,
    '',
    '## Organisations and files',
    '',
    ...t.orgs.map(({ org, cases }) => `- \`${org.id}\` (${cases.toLocaleString('en-US')} cases; ${org.areas.items.join(', ')}): ${org.description}`),
    '',
    t.layout === 'orgs'
      ? `Each organisation exports one file per year (${EXPORT_YEARS.map((y) => `${y.year}: state on ${y.cutoff}, run on ${y.asOf}`).join('; ')}). ` +
        'A case still open at the end of 2023 appears open in the 2023 file and again, with its state at the end of 2024, in the 2024 file: an update of the same (org_id, case_id). Cases open at the end of 2024 stay open (censored).'
      : 'Single-file layout for benchmarks: every case once, in its state on 2024-12-31, in one comma CSV; each organisation keeps its own date precision.',
    '',
    '| file | format | rows | of which updates | as of |',
    '|---|---|---:|---:|---|',
    ...t.files.map((f) => `| \`${relativePath(t.outDir, f.path)}\` | ${f.format} | ${f.rows} | ${f.updates} | ${f.asOf} |`),
    '',
    '## Planted effects',
    '',
    ...(planted
      ? [
          'Favourable means `achieved` or `partially_achieved`. Rates and ratios are those of the generating model; estimates from the data scatter around them.',
          '',
          ...effects.map(effectLine),
        ]
      : ['None. This is a NULL data set: every race, gender, county, disability and interpreter group has the same probabilities, barriers do not change outcomes, and there is no policy change. Any disparity found in it is noise or a flaw in the analysis. Differences between organisations and service areas remain, as in real data.']),
    '',
    '## Regenerate',
    '',
    '```',
    `npm run sample -- --cases ${t.cases} --seed ${t.seed}${planted ? '' : ' --null'} --out <dir>`,
    '```',
    ...(t.layout === 'single-csv' ? ['', "The single-file layout is made with `generateSample({ layout: 'single-csv', ... })` from `pipeline/sample`."] : []),
    '',
  ];
  return lines.join('\n');
}
