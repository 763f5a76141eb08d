// One measured run of the publish benchmark in its own process, so peak memory is
// this run's alone. Runs the publish step's phases on a warehouse whose marts are
// built (builds them first if not), writes nothing, and prints one JSON line.
//   publish-child.ts DB
import { openWarehouse } from '../pipeline/warehouse/open.ts';
import { buildMeasures } from '../pipeline/measures/build.ts';
import { loadConfig } from '../pipeline/config.ts';
import { audit, protect } from '../pipeline/disclosure/index.ts';
import type { Publication } from '../pipeline/publish/publication.ts';
import { protectionProblem, statusOf, withheldCells } from '../pipeline/publish/publish.ts';
import { PUBLICATIONS } from '../pipeline/publish/publications.ts';
import { reportScopeFilters } from '../pipeline/reports/definition.ts';

const [db] = process.argv.slice(2);
const config = loadConfig();
const w = await openWarehouse(db);
const c = w.connection;
const cases = Number((await c.runAndReadAll('SELECT count(*) FROM cases')).getRows()[0][0]);
// The marts as `npm start` builds them, the reports' scopes included (the
// measures benchmark builds them without): every table the full site publishes.
const t = performance.now();
await buildMeasures(c, config, '2025-06-30', reportScopeFilters(config.paths.reports));
const measuresMs = performance.now() - t;

const timed = async <T>(f: () => Promise<T> | T): Promise<[T, number]> => {
  const t = performance.now();
  const value = await f();
  return [value, performance.now() - t];
};
const [read, readMs] = await timed(async () => {
  const out: { p: Publication<unknown>; data: unknown }[] = [];
  for (const p of PUBLICATIONS) out.push({ p, data: await p.read(c, config) });
  return out;
});
const [fragments, fragmentMs] = await timed(() => read.map(({ p, data }) => ({ name: p.name, f: p.fragment(data, config) })));
const problem = { ...protectionProblem(fragments.map((x) => x.f), { subtractionCells: config.disclosure.subtraction_cells }), k: config.disclosure.k };
const [result, protectMs] = await timed(() => protect(problem));
const hidden = [...result.status].filter(([, s]) => s.state === 'suppressed').map(([id]) => id);
// An independent audit of the answer, as the issue asks: protect() audits its
// own answer too, this checks it from scratch.
const [check, auditMs] = await timed(() => audit(problem, hidden, { sensitiveOnly: true }));
const withheld = withheldCells(fragments.map((x) => x.f), problem);
const status = statusOf(result, withheld);
const [files, filesMs] = await timed(() => read.flatMap(({ p, data }) => p.files(data, status, config)));
w.close();
console.log(JSON.stringify({
  cases, measuresMs, readMs, fragmentMs, protectMs, auditMs, filesMs,
  cells: problem.cells.length, constraints: problem.constraints.length, counts: result.counts, withheld: withheld.size, minSliceRequests: config.disclosure.min_slice_requests,
  hiddenShare: result.suppressedShare, iterations: result.iterations, exposed: check.exposed.length,
  files: files.length, byPublication: fragments.map(({ name, f }) => ({ name, cells: f.cells.length, constraints: f.constraints.length })),
  maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
}));
