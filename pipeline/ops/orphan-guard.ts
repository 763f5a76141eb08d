// Runs a command and takes its whole process group down when the parent dies.
// The site build is node -> observable -> one process per data loader; if the
// job is killed (SIGKILL cannot be caught) those would run on as orphans and
// write into a build nobody will use, or race the next run. Started detached
// (a process group of its own), this guard notices its parent is gone and
// kills the group.
//   usage: node --import tsx pipeline/ops/orphan-guard.ts <command> [args...]
import { spawn } from 'node:child_process';

const [command, ...args] = process.argv.slice(2);
if (!command) {
  process.stderr.write('orphan-guard: give a command to run\n');
  process.exit(2);
}
const parent = process.ppid;
const child = spawn(command, args, { stdio: 'inherit' });
const killGroup = () => {
  try { process.kill(-process.pid, 'SIGKILL'); } catch { process.exit(1); }
};
const watch = setInterval(() => { if (process.ppid !== parent) killGroup(); }, 200);
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(signal, killGroup);
child.on('error', (e) => { process.stderr.write(`orphan-guard: ${e.message}\n`); process.exit(1); });
child.on('close', (code, signal) => {
  clearInterval(watch);
  process.exit(code ?? (signal ? 1 : 0));
});
