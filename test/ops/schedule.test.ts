// Two schedulers started at once: one runs, the other exits with a clear
// message. A scheduler killed with SIGKILL leaves a lock the next one clears.
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { schedulerLockPath } from '../../pipeline/ops/schedule.ts';
import { opsFixture } from './fixtures.ts';
import { startCli } from './spawn.ts';

describe('pipeline schedule', () => {
  it('only one of two schedulers runs; after a SIGKILL the next one clears the stale lock; SIGTERM stops it cleanly', async () => {
    const f = opsFixture();
    const args = ['schedule', '--config', f.configFile];
    const a = startCli(args);
    const b = startCli(args);
    const started = (l: { message: string }) => l.message.startsWith('scheduler started');
    // Whichever took the lock first runs; the other exits 4 naming it.
    const first = await Promise.race([a.done.then(() => a), b.done.then(() => b)]);
    const running = first === a ? b : a;
    expect(await first.done).toBe(4);
    const refusal = first.lines.find((l) => l.level === 'error')?.message ?? '';
    expect(refusal).toContain('Another scheduler is already running for this warehouse: process');
    expect(refusal).toContain('--wait SECONDS');
    await running.waitFor(started);
    expect(refusal).toContain(`process ${running.child.pid} `);
    expect(running.lines.find(started)?.message).toContain('0 3 1 1 * (UTC); next run');

    running.child.kill('SIGKILL');
    await running.done;
    expect(existsSync(schedulerLockPath(f.warehouse))).toBe(true);
    const next = startCli(args);
    await next.waitFor(started);
    expect(next.lines.some((l) => l.message.includes('Cleared a stale lock') && l.message.includes(`process ${running.child.pid} `))).toBe(true);
    next.child.kill('SIGTERM');
    expect(await next.done).toBe(0);
    expect(existsSync(schedulerLockPath(f.warehouse))).toBe(false);
  }, 120_000);
});
