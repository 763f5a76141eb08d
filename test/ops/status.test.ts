// `pipeline status` and `pipeline rollback` as a person sees them.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { rollbackCommand, statusCommand } from '../../pipeline/commands/ops.ts';
import { runJob } from '../../pipeline/ops/run.ts';
import { currentRelease, partialDir, promote } from '../../pipeline/ops/release.ts';
import { memoryLogger, opsFixture } from './fixtures.ts';

function printed(fn: () => Promise<number>): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const spy = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => { lines.push(a.join(' ')); });
  return fn().then((code) => { spy.mockRestore(); return { code, out: lines.join('\n') }; });
}

afterEach(() => vi.restoreAllMocks());

describe('status and rollback', () => {
  it('status lists the runs with their steps, the published release and the next scheduled run', async () => {
    const f = opsFixture();
    await runJob({ config: f.config, warehouse: f.warehouse, waitSeconds: 0, skipSite: true, trigger: 'manual', log: memoryLogger() });
    mkdirSync(partialDir(f.site, 'r1'), { recursive: true });
    writeFileSync(join(partialDir(f.site, 'r1'), 'index.html'), 'x');
    await promote(f.site, 'r1');
    const text = await printed(() => statusCommand({ config: f.configFile }));
    expect(text.code).toBe(0);
    expect(text.out).toContain('published release: r1');
    expect(text.out).toMatch(/next scheduled run: \d{4}-01-01T03:00:00.000Z \(0 3 1 1 \*, UTC\)/);
    expect(text.out).toContain('nothing_new');
    expect(text.out).toContain('steps: intake skipped · models skipped · publish skipped · reports skipped · site skipped');
    const json = JSON.parse((await printed(() => statusCommand({ config: f.configFile, json: true }))).out);
    expect(json.status.published_release).toBe('r1');
    expect(json.runs[0].steps.map((s: { step: string }) => s.step)).toEqual(['intake', 'models', 'publish', 'reports', 'site']);
  });

  it('rollback says which release is published now and updates the status file', async () => {
    const f = opsFixture();
    await runJob({ config: f.config, warehouse: f.warehouse, waitSeconds: 0, skipSite: true, trigger: 'manual', log: memoryLogger() });
    for (const r of ['r1', 'r2']) {
      mkdirSync(partialDir(f.site, r), { recursive: true });
      writeFileSync(join(partialDir(f.site, r), 'index.html'), r);
      await promote(f.site, r);
    }
    const { code, out } = await printed(() => rollbackCommand({ config: f.configFile }));
    expect(code).toBe(0);
    expect(out).toContain('now points at release r1 (was r2)');
    expect(currentRelease(f.site)).toBe('r1');
    expect(JSON.parse(readFileSync(join(f.dir, 'status.json'), 'utf8')).published_release).toBe('r1');
  });
});
