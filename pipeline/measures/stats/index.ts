// The statistics every measure uses: pure functions of counts, no I/O.
// README.md beside this file lists the methods, their references and the conventions chosen.
export type { Estimate, Interval } from './interval.ts';
export { wilson, type ProportionInterval } from './wilson.ts';
export { clopperPearson } from './clopper-pearson.ts';
