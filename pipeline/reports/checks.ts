// Checks of a definition against the publication it will be built from: the
// period exists in the data (and is all of it: published figures cannot yet be
// narrowed to a period), every filter code is a published group, and every
// reference group asked for is the one the publication compares with.
import { InputError } from '../errors.ts';
import type { PublishedRate } from '../publish/published-rates.ts';
import type { LoadedReport } from './definition.ts';
import type { PublicationManifest } from './published-data.ts';

const quarterOf = (day: string) => `${day.slice(0, 4)}-Q${Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1}`;

export function checkPeriod(r: LoadedReport, data: PublicationManifest['data'], quarters: readonly string[]): string[] {
  const { from, to } = r.definition.period;
  const first = quarterOf(data.first_opened), last = quarterOf(data.last_opened);
  const problems: string[] = [];
  for (const [key, v] of [['from', from], ['to', to]] as const) {
    const inData = v.includes('Q') ? quarters.includes(v) : v >= data.first_opened && v <= data.last_opened;
    if (!inData) problems.push(`period.${key}: ${v} is not in the data, which holds cases opened ${data.first_opened} to ${data.last_opened} (quarters ${first} to ${last}).`);
  }
  if (!problems.length) {
    const covers = (from.includes('Q') ? from === first : from <= data.first_opened) && (to.includes('Q') ? to === last : to >= data.last_opened);
    if (!covers) problems.push(`period: ${from} to ${to} is part of the data only, but the published figures count every case opened ${data.first_opened} to ${data.last_opened} and cannot be narrowed to a period yet. Set period to from: ${first}, to: ${last}, or publish data for that period only.`);
  }
  return problems;
}

const FILTER_DIMENSION = { service_area: 'service_area', organisation: 'organisation', program: 'program', county: 'county' } as const;

export function checkFilters(r: LoadedReport, allCases: readonly PublishedRate[]): string[] {
  const problems: string[] = [];
  for (const [key, dimension] of Object.entries(FILTER_DIMENSION) as [keyof typeof FILTER_DIMENSION, string][]) {
    const known = [...new Set(allCases.filter((x) => x.dimension === dimension).map((x) => x.group_code))].filter((c) => c !== 'not_recorded');
    for (const code of r.definition.filters[key] ?? []) {
      if (!known.includes(code)) problems.push(`filters.${key}: '${code}' is not in the published data; it has ${known.join(', ')}.`);
    }
  }
  return problems;
}

export function checkReferences(r: LoadedReport, rows: readonly PublishedRate[]): string[] {
  const problems: string[] = [];
  for (const [dimension, group] of Object.entries(r.definition.reference)) {
    const published = [...new Set(rows.filter((x) => x.dimension === dimension && x.reference_group).map((x) => x.reference_group))];
    if (published.length && group !== undefined && !published.includes(group)) {
      problems.push(`reference.${dimension}: the publication compares every group with '${published.join("', '")}', not '${group}'. Change measures.reference_groups.${dimension} in advocacy.config.yaml and run measure and publish again, or change the report.`);
    }
  }
  return problems;
}

export function failIfAny(r: LoadedReport, problems: string[]): void {
  if (problems.length) throw new InputError(`Report ${r.file} does not match the published data:\n  - ${problems.join('\n  - ')}`);
}
