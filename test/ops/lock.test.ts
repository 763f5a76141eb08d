// The crash-surviving lock: one holder at a time, a dead holder's lock is
// cleared with a log line, a live one makes the next taker wait or fail (exit 4).
import { describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { acquireLock, readHolder } from '../../pipeline/ops/lock.ts';
import { CliError } from '../../pipeline/errors.ts';
import { tempDir } from '../helpers.ts';
import { memoryLogger } from './fixtures.ts';

/** The pid of a process that has exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

describe('lock file', () => {
  it('records pid, hostname and start time, and is removed on release', async () => {
    const path = join(tempDir(), 'x.lock');
    const lock = await acquireLock(path, { purpose: 'test' });
    expect(readHolder(path)).toMatchObject({ pid: process.pid, hostname: hostname(), purpose: 'test' });
    expect(Date.parse(readHolder(path)!.started_at)).toBeGreaterThan(Date.now() - 60_000);
    lock.release();
    expect(existsSync(path)).toBe(false);
  });

  it('a second taker fails with exit code 4 and a message naming the holder', async () => {
    const path = join(tempDir(), 'x.lock');
    const lock = await acquireLock(path, { purpose: 'first' });
    const error = await acquireLock(path, { purpose: 'second' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).exitCode).toBe(4);
    expect((error as CliError).message).toContain(`process ${process.pid} on ${hostname()} (first`);
    lock.release();
  });

  it('with a wait, the second taker gets the lock once the first releases it', async () => {
    const path = join(tempDir(), 'x.lock');
    const first = await acquireLock(path, { purpose: 'first' });
    setTimeout(() => first.release(), 300);
    const log = memoryLogger();
    const second = await acquireLock(path, { purpose: 'second', waitSeconds: 5, log });
    expect(readHolder(path)?.purpose).toBe('second');
    expect(log.lines[0].message).toContain('waiting up to 5 s');
    second.release();
  });

  it('clears the lock of a process that is gone, with a log line', async () => {
    const path = join(tempDir(), 'x.lock');
    const pid = deadPid();
    writeFileSync(path, JSON.stringify({ pid, hostname: hostname(), started_at: '2026-01-01T00:00:00.000Z', purpose: 'pipeline run' }));
    const log = memoryLogger();
    const lock = await acquireLock(path, { purpose: 'next', log });
    expect(log.lines.map((l) => l.message)).toEqual([`Cleared a stale lock ${path}: process ${pid} that took it at 2026-01-01T00:00:00.000Z is gone.`]);
    expect(readHolder(path)?.pid).toBe(process.pid);
    lock.release();
  });

  it('after clearing a dead holder\'s lock, waits the grace given before taking it (its children may still be dying)', async () => {
    const path = join(tempDir(), 'x.lock');
    writeFileSync(path, JSON.stringify({ pid: deadPid(), hostname: hostname(), started_at: '2026-01-01T00:00:00.000Z', purpose: 'site build' }));
    const t0 = Date.now();
    const lock = await acquireLock(path, { purpose: 'next', staleGraceMs: 400 });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(390);
    expect(readHolder(path)?.purpose).toBe('next');
    lock.release();
  });

  it('clears the lock of a process that ended but was not reaped yet (a zombie)', async () => {
    const path = join(tempDir(), 'x.lock');
    // The shell starts a short sleep, prints its pid, then becomes a long sleep that never reaps it.
    const parent = spawn('/bin/sh', ['-c', 'sleep 0.1 & echo $!; exec sleep 30'], { stdio: ['ignore', 'pipe', 'ignore'] });
    const pid = Number(await new Promise<string>((r) => parent.stdout.once('data', (d: Buffer) => r(d.toString()))));
    for (let i = 0; i < 100 && !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z '); i++) await new Promise((r) => setTimeout(r, 20));
    expect(readFileSync(`/proc/${pid}/stat`, 'utf8')).toContain(') Z ');
    writeFileSync(path, JSON.stringify({ pid, hostname: hostname(), started_at: new Date().toISOString(), purpose: 'pipeline run' }));
    const log = memoryLogger();
    const lock = await acquireLock(path, { purpose: 'next', log });
    expect(log.lines[0].message).toContain(`process ${pid} that took it`);
    lock.release();
    parent.kill('SIGKILL');
  });

  it('clears an old unreadable lock (a crash while writing it) but not a fresh one', async () => {
    const path = join(tempDir(), 'x.lock');
    writeFileSync(path, '');
    await expect(acquireLock(path, { purpose: 'next' })).rejects.toThrow('held by another process');
    const old = (Date.now() - 60_000) / 1000;
    utimesSync(path, old, old);
    const lock = await acquireLock(path, { purpose: 'next' });
    expect(readHolder(path)?.purpose).toBe('next');
    lock.release();
  });

  it('leaves a lock from another machine alone (its pid cannot be checked from here)', async () => {
    const path = join(tempDir(), 'x.lock');
    writeFileSync(path, JSON.stringify({ pid: deadPid(), hostname: 'another-host.example', started_at: '2026-01-01T00:00:00.000Z', purpose: 'pipeline run' }));
    await expect(acquireLock(path, { purpose: 'next' })).rejects.toThrow('on another-host.example');
    expect(JSON.parse(readFileSync(path, 'utf8')).hostname).toBe('another-host.example');
  });

  it('release never removes a lock someone else holds now', async () => {
    const path = join(tempDir(), 'x.lock');
    const lock = await acquireLock(path, { purpose: 'first' });
    writeFileSync(path, JSON.stringify({ pid: process.pid, hostname: hostname(), started_at: '2030-01-01T00:00:00.000Z', purpose: 'other' }));
    lock.release();
    expect(readHolder(path)?.purpose).toBe('other');
  });
});
