// Starting the CLI as a child the tests can SIGKILL: node --import tsx runs it in
// this one process (the tsx binary would run it in a grandchild that a SIGKILL
// of the wrapper leaves running). stderr is collected as JSON lines (--json).
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '../..');

export interface Cli {
  child: ChildProcess;
  done: Promise<number | null>;
  /** Every log line so far, parsed. */
  lines: { level: string; message: string; [k: string]: unknown }[];
  /** Resolves when a log line matches. */
  waitFor(match: (line: { message: string; [k: string]: unknown }) => boolean, timeoutMs?: number): Promise<void>;
}

export function startCli(args: string[]): Cli {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'pipeline/cli.ts'), ...args, '--json'], { stdio: ['ignore', 'ignore', 'pipe'], cwd: ROOT });
  const lines: Cli['lines'] = [];
  const waiters: { match: (l: Cli['lines'][number]) => boolean; resolve: () => void }[] = [];
  let buffer = '';
  child.stderr!.on('data', (d: Buffer) => {
    buffer += d.toString();
    let i;
    while ((i = buffer.indexOf('\n')) >= 0) {
      const text = buffer.slice(0, i);
      buffer = buffer.slice(i + 1);
      let line;
      try { line = JSON.parse(text); } catch { line = { level: 'raw', message: text }; }
      lines.push(line);
      for (const w of [...waiters]) if (w.match(line)) { waiters.splice(waiters.indexOf(w), 1); w.resolve(); }
    }
  });
  const done = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
  return {
    child, done, lines,
    waitFor(match, timeoutMs = 60_000) {
      if (lines.some(match)) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no matching log line within ${timeoutMs} ms; got:\n${lines.map((l) => l.message).join('\n')}`)), timeoutMs);
        waiters.push({ match, resolve: () => { clearTimeout(timer); resolve(); } });
        void done.then(() => setTimeout(() => reject(new Error(`the process exited without a matching log line; got:\n${lines.map((l) => l.message).join('\n')}`)), 50));
      });
    },
  };
}
