// Returns to homelessness (HUD SPM Measure 2 rule, README.md) on a hand-made
// export, test/fixtures/hmis/returns-14-day, where each person exercises one
// part of the rule. Export end: 2022-09-30. Expected values worked out by hand
// and confirmed by test/fixtures/hmis/independent_counts.py
// ("heads: exits to permanent 13, from SO/ES/TH/SH/PH 12, returned within
// 180/365/730 days 6/7/7, 24-month window not covered 2"; a window counts only
// once it is over by the export's end).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { hmisToFormat1, type HmisImportSummary } from '../../pipeline/importers/hmis/index.ts';
import { tempDir } from '../helpers.ts';
import { caseIdOf, FIXTURES, readParquet } from './hmis-helpers.ts';

const dir = tempDir('aa-hmis-ret-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Row = [boolean, boolean | null, boolean | null, boolean | null, number | null, boolean];
// enrollment: [exit_to_permanent, returned_6m, returned_12m, returned_24m, days_to_return, spm2_exit]
const EXPECTED: Record<string, Row> = {
  'A-exit': [true, false, false, false, null, true], //   RRH exit 2020-01-01; PSH entry 9 days later: a move between PH projects, not a return
  'B-exit': [true, false, false, false, null, true], //   PSH entry exactly 14 days later: still a move
  'C-exit': [true, true, true, true, 15, true], //        PSH entry 15 days later: a return
  'D-exit': [true, false, true, true, 244, true], //      new RRH 2020-03-10 is within 14 days of the exit of another PH stay (PSH, 2020-03-01): not a return; the shelter entry on 2020-09-01 is
  'D-psh': [true, false, true, true, 184, true], //       the PSH exit itself: RRH 9 days later is a move; shelter 184 days later (> 180) is a return within 12 months
  'E-exit': [true, true, true, true, 4, true], //         TH exit, shelter 4 days later (homeless projects count at any time); the later outreach entry is not the first
  'F-exit': [true, null, null, null, null, true], //      exit 2022-06-01, no return, and not even 180 days of the export left: unknown
  'G-exit': [true, false, false, false, null, true], //   shelter again 790 days later: beyond 24 months
  'H-exit': [true, true, true, true, 31, false], //       exit from a prevention project: rows too, but outside Measure 2's projects
  'I-exit': [false, null, null, null, null, false], //    exit to a shelter (101): not an exit to permanent housing
  'J-exit': [true, false, false, false, null, true], //   a later prevention enrollment is no return to homelessness
  'K-exit': [true, true, true, true, 0, true], //         shelter entry on the day of the exit counts
  'L-exit': [true, true, null, null, 62, true], //        exit 2021-12-01, shelter 62 days later: within 6 months (over by 2022-05-30); the 12- and
  //                                                       24-month windows are still open on 2022-09-30, so unknown although a return was seen (an open window is never counted)
  'M-exit': [false, null, null, null, null, false], //    exit after the export's end: the enrollment is open
  'N-exit': [true, true, true, true, 91, true], //        the person came back as a spouse in another household: person-level, any role
};

describe('returns to homelessness on a hand-made export', () => {
  let rows: Map<unknown, Record<string, unknown>>;
  let summary: HmisImportSummary;
  beforeAll(async () => {
    summary = await hmisToFormat1(join(FIXTURES, 'returns-14-day'), join(dir, 'cases.parquet'));
    rows = new Map((await readParquet(join(dir, 'returns.parquet'))).map((r) => [r.case_id, r]));
  });

  it.each(Object.entries(EXPECTED))('%s', (enrollment, [exitToPermanent, r6, r12, r24, days, spm2]) => {
    const caseId = caseIdOf('FIXRET', enrollment);
    expect(rows.get(caseId)).toEqual({
      case_id: caseId, exit_to_permanent: exitToPermanent, returned_6m: r6, returned_12m: r12, returned_24m: r24, days_to_return: days, spm2_exit: spm2,
    });
  });

  it('has one row per case and totals that match the independent count', () => {
    expect(rows.size).toBe(summary.cases);
    expect(summary.cases).toBe(28);
    expect(summary.returns).toEqual({ exitsToPermanent: 13, spm2Exits: 12, returned6m: 6, returned12m: 7, returned24m: 7, unobserved24m: 2 });
  });

  it('looks no further than an as-of day before the export\'s end: L-exit\'s 6-month window (over on 2022-05-30) is open again on 2022-05-01', async () => {
    const s = await hmisToFormat1(join(FIXTURES, 'returns-14-day'), join(dir, 'asof', 'cases.parquet'), { asOf: '2022-05-01' });
    expect(s.returnsObservedThrough).toBe('2022-05-01');
    expect(summary.returnsObservedThrough).toBe('2022-09-30');
    const early = new Map((await readParquet(join(dir, 'asof', 'returns.parquet'))).map((r) => [r.case_id, r]));
    expect(early.get(caseIdOf('FIXRET', 'L-exit'))).toMatchObject({ exit_to_permanent: true, returned_6m: null, returned_12m: null, returned_24m: null, days_to_return: 62 });
    expect(early.get(caseIdOf('FIXRET', 'C-exit'))).toMatchObject({ returned_6m: true, returned_12m: true, returned_24m: true });
  });

  it('follows every member with membership all: the child who left with the family and never returned', async () => {
    const s = await hmisToFormat1(join(FIXTURES, 'returns-14-day'), join(dir, 'all', 'cases.parquet'), { membership: 'all' });
    const all = new Map((await readParquet(join(dir, 'all', 'returns.parquet'))).map((r) => [r.case_id, r]));
    expect(all.get(caseIdOf('FIXRET', 'N-child'))).toMatchObject({ exit_to_permanent: true, returned_6m: false, returned_12m: false, returned_24m: false, days_to_return: null });
    expect(s.returns).toEqual({ exitsToPermanent: 14, spm2Exits: 13, returned6m: 6, returned12m: 7, returned24m: 7, unobserved24m: 2 });
  });
});
