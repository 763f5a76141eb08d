// Streams text to a file in ~64 KB chunks, waiting for 'drain' when the stream
// is full so memory stays bounded at any size, and renames the finished file
// into place so a crash never leaves half an export behind.
import { createWriteStream, type WriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { once } from 'node:events';

export const CHUNK_CHARS = 64 * 1024;

export class ChunkedFileWriter {
  private readonly stream: WriteStream;
  private readonly tmpPath: string;
  private buffer = '';
  private failure: Error | undefined;
  rows = 0;

  constructor(readonly path: string) {
    this.tmpPath = `${path}.tmp`;
    this.stream = createWriteStream(this.tmpPath, { encoding: 'utf8', highWaterMark: 4 * CHUNK_CHARS });
    this.stream.on('error', (err) => { this.failure = err; });
  }

  /** Adds text that is not a data row (BOM, header). */
  text(s: string): void {
    this.buffer += s;
  }

  /**
   * Adds one row; true when a chunk is full and the caller must `await flush()`.
   * Synchronous on purpose: awaiting once per row would cost more than making the row.
   */
  row(line: string): boolean {
    this.rows++;
    this.buffer += line;
    return this.buffer.length >= CHUNK_CHARS;
  }

  async flush(): Promise<void> {
    if (this.failure) throw this.failure;
    const chunk = this.buffer;
    this.buffer = '';
    // once() rejects on 'error', so a failing disk cannot leave us waiting for a 'drain' that never comes.
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
    if (this.failure) throw this.failure;
  }

  /** Writes what is left, closes the file and moves it into place. */
  async close(): Promise<void> {
    if (this.buffer.length > 0) await this.flush();
    this.stream.end();
    await once(this.stream, 'close');
    if (this.failure) throw this.failure;
    await rename(this.tmpPath, this.path);
  }

  /** Drops the partial file after a failure. */
  async abort(): Promise<void> {
    this.stream.destroy();
    await rm(this.tmpPath, { force: true });
  }
}
