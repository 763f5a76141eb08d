// Which rows go into which file. Each organisation exports one file per year:
// the cases opened that year in their state on 31 December, plus (from the
// second year on) every case of an earlier year that was still open at the last
// export, re-emitted in its new state as an update. Earlier cases are
// regenerated from their seed, never kept in memory.
import { join } from 'node:path';
import { dayOf } from './calendar.ts';
import { generateCase, type GeneratorContext, type OrgStream, type SampleCase } from './case.ts';
import { lineFormat, PLAIN_CSV, type LineFormat } from './formats.ts';
import type { Dialect, ExportFormat, OrgDef } from './orgs.ts';
import type { ParquetConverter } from './parquet.ts';
import { isOpenOn, rowAt } from './rows.ts';
import { ChunkedFileWriter } from './writer.ts';

export interface ExportYear {
  year: number;
  /** State of the cases on this day. */
  cutoff: string;
  /** The day the export was run. */
  asOf: string;
}

export const EXPORT_YEARS: readonly ExportYear[] = [
  { year: 2023, cutoff: '2023-12-31', asOf: '2024-01-05' },
  { year: 2024, cutoff: '2024-12-31', asOf: '2025-01-05' },
];

export interface WrittenFile {
  path: string;
  rows: number;
  format: ExportFormat;
  orgId?: string;
  asOf: string;
  /** Rows re-emitting a case of an earlier export. */
  updates: number;
}

const EXTENSION: Readonly<Record<ExportFormat, string>> = { csv: 'csv', jsonl: 'jsonl', parquet: 'parquet' };

export function orgExportPath(outDir: string, org: OrgDef, year: number): string {
  return join(outDir, org.id, `export-${year}.${EXTENSION[org.dialect.format]}`);
}

export const SINGLE_CSV_NAME = 'cases.csv';

/** Counts cases generated for the first time, for progress reports. */
export interface Progress {
  tick(): void;
}

const PROGRESS_EVERY = 10_000;

export function progressReporter(total: number, onProgress?: (done: number, total: number) => void): Progress & { finish(): void } {
  let done = 0;
  return {
    tick() {
      done++;
      if (onProgress && done % PROGRESS_EVERY === 0) onProgress(done, total);
    },
    finish() {
      if (onProgress && done % PROGRESS_EVERY !== 0) onProgress(done, total);
    },
  };
}

/** Adds the case's row; true when the writer's chunk is full and must be flushed (awaited). */
function emit(w: ChunkedFileWriter, fmt: LineFormat, c: SampleCase, cutoffDay: number, dialect: Dialect): boolean {
  return w.row(fmt.line(rowAt(c, cutoffDay, dialect)));
}

/** Writes one file through a writer, or drops the partial file on failure. */
async function writeFile(path: string, fill: (w: ChunkedFileWriter) => Promise<void>): Promise<ChunkedFileWriter> {
  const w = new ChunkedFileWriter(path);
  try {
    await fill(w);
    await w.close();
    return w;
  } catch (err) {
    await w.abort();
    throw err;
  }
}

/** All yearly exports of one organisation. */
export async function writeOrgExports(
  ctx: GeneratorContext, stream: OrgStream, outDir: string, parquet: ParquetConverter, progress: Progress,
): Promise<WrittenFile[]> {
  const { org } = stream;
  const { dialect } = org;
  const fmt = lineFormat(dialect);
  const files: WrittenFile[] = [];
  let firstOfYear = 0; // index of the first case opened in the year being written
  let previousCutoff: number | undefined;
  for (const y of EXPORT_YEARS) {
    const cutoffDay = dayOf(y.cutoff);
    const finalPath = orgExportPath(outDir, org, y.year);
    const textPath = dialect.format === 'parquet' ? join(outDir, org.id, `.export-${y.year}.staging.csv`) : finalPath;
    let updates = 0;
    let next = firstOfYear;
    const w = await writeFile(textPath, async (w) => {
      if (fmt.preamble) w.text(fmt.preamble);
      // Updates: earlier cases still open at the previous export, regenerated.
      if (previousCutoff !== undefined) {
        for (let i = 0; i < firstOfYear; i++) {
          const c = generateCase(ctx, stream, i);
          if (!isOpenOn(c, previousCutoff)) continue;
          updates++;
          if (emit(w, fmt, c, cutoffDay, dialect)) await w.flush();
        }
      }
      // Cases opened this year: ids rise with the opening day, so the year ends at the first later case.
      for (; next < stream.orgCases; next++) {
        const c = generateCase(ctx, stream, next);
        if (c.openedDay > cutoffDay) break;
        progress.tick();
        if (emit(w, fmt, c, cutoffDay, dialect)) await w.flush();
      }
    });
    if (dialect.format === 'parquet') await parquet.convert(textPath, finalPath);
    files.push({ path: finalPath, rows: w.rows, format: dialect.format, orgId: org.id, asOf: y.asOf, updates });
    firstOfYear = next;
    previousCutoff = cutoffDay;
  }
  if (firstOfYear !== stream.orgCases) throw new Error(`${org.id}: ${stream.orgCases - firstOfYear} cases open after the last export year`);
  return files;
}

/** Every case once, in its final state, in one plain comma CSV: the benchmark input. */
export async function writeSingleCsv(
  ctx: GeneratorContext, streams: readonly OrgStream[], outDir: string, progress: Progress,
): Promise<WrittenFile> {
  const last = EXPORT_YEARS[EXPORT_YEARS.length - 1];
  const cutoffDay = dayOf(last.cutoff);
  const path = join(outDir, SINGLE_CSV_NAME);
  const fmt = PLAIN_CSV;
  const w = await writeFile(path, async (w) => {
    w.text(fmt.preamble);
    for (const stream of streams) {
      for (let i = 0; i < stream.orgCases; i++) {
        const c = generateCase(ctx, stream, i);
        progress.tick();
        // Each organisation keeps its own date precision: the benchmark file must not un-coarsen dates.
        if (emit(w, fmt, c, cutoffDay, stream.org.dialect)) await w.flush();
      }
    }
  });
  return { path, rows: w.rows, format: 'csv', asOf: last.asOf, updates: 0 };
}

