// The optional failure hook (ops.on_failure): a shell command run after a failed
// run with the failure summary on stdin, e.g. to send mail. The summary holds
// the run id, the step, the message and counts: never a case row.
import { spawn } from 'node:child_process';
import type { Logger } from '../log.ts';

const HOOK_TIMEOUT_MS = 60_000;

export function failureSummary(f: { runId: string; step?: string; message: string; host: string; startedAt: string; statusFile: string }): string {
  return [
    `advocacy-analytics run ${f.runId} failed${f.step ? ` in step ${f.step}` : ''}.`,
    `host: ${f.host}`,
    `started: ${f.startedAt}`,
    '',
    f.message,
    '',
    'The last good site stays published. Details: npm run pipeline -- status',
    `Status file: ${f.statusFile}`,
    '',
  ].join('\n');
}

/** Runs the hook; its own failure is logged, never thrown (the run has failed already). */
export async function runFailureHook(command: string, summary: string, log: Logger): Promise<void> {
  await new Promise<void>((resolve) => {
    const child = spawn('/bin/sh', ['-c', command], { stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), HOOK_TIMEOUT_MS);
    child.stderr.on('data', (d: Buffer) => { stderr = (stderr + d.toString()).slice(-500); });
    child.on('error', (e) => { clearTimeout(timer); log.warn(`The failure hook could not start: ${e.message}`); resolve(); });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) log.info('The failure hook (ops.on_failure) ran.');
      else log.warn(`The failure hook (ops.on_failure) exited with ${signal ?? code}${stderr ? `: ${stderr.trim().split('\n').pop()}` : ''}.`);
      resolve();
    });
    child.stdin.on('error', () => { /* the hook need not read stdin */ });
    child.stdin.end(summary);
  });
}
