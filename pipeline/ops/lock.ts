// A lock file that survives crashes: it names its holder (pid, hostname, start
// time), is created with O_EXCL so two processes never both hold it, and a lock
// left by a process that is gone (killed, machine rebooted) is detected and
// cleared with a log line instead of blocking every later run.
import { closeSync, linkSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CliError, EXIT } from '../errors.ts';
import type { Logger } from '../log.ts';

export interface LockHolder { pid: number; hostname: string; started_at: string; purpose: string }

export interface HeldLock { path: string; holder: LockHolder; release(): void }

/** Whether a process with this pid runs on this machine. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Linux only: a killed process its parent has not yet reaped still answers kill(pid, 0). */
function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z';
  } catch {
    return false;
  }
}

/** Linux only: when a live pid belongs to a process started after the lock was taken, the pid was reused. */
function startedAfter(pid: number, iso: string): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const ticks = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
    const boot = Number(/^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'))?.[1]);
    if (!Number.isFinite(ticks) || !Number.isFinite(boot)) return false;
    // Clock ticks are 100 per second on every Linux kernel Node supports; allow 2 s of slack.
    return (boot + ticks / 100) * 1000 > Date.parse(iso) + 2000;
  } catch {
    return false;
  }
}

export function readHolder(path: string): LockHolder | undefined {
  try {
    const h = JSON.parse(readFileSync(path, 'utf8')) as LockHolder;
    return typeof h.pid === 'number' && typeof h.hostname === 'string' ? h : undefined;
  } catch {
    return undefined;
  }
}

/** Why a lock no longer protects anything, or undefined while its holder lives (or cannot be checked: another machine). */
export function staleReason(h: LockHolder | undefined, path: string): string | undefined {
  if (!h) {
    // An empty lock may be one being written this instant: only an old one is a crash's leftover.
    let age = 0;
    try { age = Date.now() - statSync(path).mtimeMs; } catch { return undefined; }
    return age > 5000 ? 'it is unreadable (a crash while it was written)' : undefined;
  }
  if (h.hostname !== hostname()) return undefined;
  if (!processAlive(h.pid) || isZombie(h.pid)) return `process ${h.pid} that took it at ${h.started_at} is gone`;
  if (startedAfter(h.pid, h.started_at)) return `process ${h.pid} that took it at ${h.started_at} is gone (the pid now belongs to a newer process)`;
  return undefined;
}

function tryCreate(path: string, holder: LockHolder): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    writeSync(fd, `${JSON.stringify(holder)}\n`);
  } finally {
    closeSync(fd);
  }
  return true;
}

/**
 * Moves a stale lock aside and deletes it. Two processes may judge the same lock
 * stale at once: the one whose rename finds a different holder (a fresh lock the
 * other just took) puts it back, so a live lock is never deleted.
 */
function clearStale(path: string, judged: LockHolder | undefined): boolean {
  const aside = `${path}.stale-${process.pid}`;
  try {
    renameSync(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw error;
  }
  const moved = readHolder(aside);
  if (judged && moved && (moved.pid !== judged.pid || moved.started_at !== judged.started_at)) {
    try { linkSync(aside, path); } catch { /* someone holds it again: theirs stands */ }
    rmSync(aside, { force: true });
    return false;
  }
  rmSync(aside, { force: true });
  return true;
}

function describe(h: LockHolder | undefined): string {
  return h ? `process ${h.pid} on ${h.hostname} (${h.purpose}, since ${h.started_at})` : 'another process';
}

export interface AcquireOptions {
  purpose: string;
  waitSeconds?: number;
  log?: Logger;
  busyMessage?: (holder: string, path: string) => string;
  /** After clearing a stale lock, wait this long before taking it: what its dead holder started may take a moment to die. */
  staleGraceMs?: number;
}

/** Takes the lock at `path`, clearing a stale one; waits up to waitSeconds for a live holder, then fails with exit code 4. */
export async function acquireLock(path: string, o: AcquireOptions): Promise<HeldLock> {
  mkdirSync(dirname(path), { recursive: true });
  const holder: LockHolder = { pid: process.pid, hostname: hostname(), started_at: new Date().toISOString(), purpose: o.purpose };
  const deadline = Date.now() + (o.waitSeconds ?? 0) * 1000;
  let told = false;
  for (;;) {
    if (tryCreate(path, holder)) {
      let released = false;
      return {
        path, holder,
        release() {
          if (released) return;
          released = true;
          // Only our own lock is removed: a lock cleared as stale and retaken by another stays.
          const now = readHolder(path);
          if (now && now.pid === holder.pid && now.started_at === holder.started_at) rmSync(path, { force: true });
        },
      };
    }
    const current = readHolder(path);
    const stale = staleReason(current, path);
    if (stale) {
      if (clearStale(path, current)) {
        o.log?.warn(`Cleared a stale lock ${path}: ${stale}.`);
        if (o.staleGraceMs) await sleep(o.staleGraceMs);
      }
      continue;
    }
    if (Date.now() < deadline) {
      if (!told) o.log?.info(`${path} is held by ${describe(current)}; waiting up to ${o.waitSeconds} s…`);
      told = true;
      await sleep(250);
      continue;
    }
    const who = describe(current);
    throw new CliError(o.busyMessage?.(who, path) ?? `${path} is held by ${who}. Wait for it to finish, or run again with --wait SECONDS.`, { exitCode: EXIT.busy });
  }
}
