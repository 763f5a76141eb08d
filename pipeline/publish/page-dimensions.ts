// The breakdowns the barrier and time-to-resolution pages offer. Program, county
// and quarter are left out there: they have pages of their own (organisation and
// program pages, the map, trends), and each extra breakdown adds cells to the one
// protection problem without adding a question those pages answer.
import { PARTITION_DIMENSIONS } from '../model/tests.ts';

export const PAGE_DIMENSIONS = [
  'race_ethnicity_aoic', 'race_ethnicity_alone', 'gender', 'age_band', 'disability', 'interpreter_needed', 'income_band', 'veteran', 'service_area', 'organisation',
] as const;

const partition = new Set<string>(PARTITION_DIMENSIONS);
/** Page breakdowns in which every case sits in exactly one group, so groups sum to the total. */
export const PAGE_PARTITIONS = PAGE_DIMENSIONS.filter((d) => partition.has(d));

/** `'a', 'b'` for SQL IN lists of these fixed identifiers (never user input). */
export const sqlList = (xs: readonly string[]) => xs.map((x) => `'${x.replaceAll("'", "''")}'`).join(', ');
