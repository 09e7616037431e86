import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSwitchyard } from '../app/switchyard-process.ts';
import { adminToken, eventsOf, openTestWorld, startTestEdge, type TestEdge, type TestWorld } from '../edge/support/edge-harness.ts';

describe('switchyard routes', () => {
  let world: TestWorld;
  let edge: TestEdge;
  let dir: string;

  const routes = async (...args: string[]): Promise<{ code: number | NodeJS.Signals; output: string }> => {
    const run = startSwitchyard(['routes', '--api', edge.adminUrl, '--token', adminToken, ...args], {});
    try {
      return { code: await run.exited, output: run.output() };
    } finally {
      await run.kill();
    }
  };

  beforeAll(async () => {
    world = await openTestWorld();
    edge = await startTestEdge({ ...world });
    dir = await mkdtemp(join(tmpdir(), 'switchyard-routes-cli-'));
  });

  afterAll(async () => {
    await edge?.close();
    await world?.cleanup();
    await rm(dir, { recursive: true, force: true });
  });

  it('runs a migration wave one command at a time, each recorded with who ran it', async () => {
    const file = join(dir, 'wave-1.json');
    await writeFile(file, JSON.stringify({ upstreams: [{ name: 'legacy', role: 'primary', url: 'ws://legacy.example.com/ocpp' }], selector: { idPattern: 'CP-*' } }));
    expect(await routes('set', 'group/wave-1', '--file', file)).toMatchObject({ code: 0 });
    const observed = await routes('observe', 'group/wave-1', '--name', 'next', '--url', 'wss://next.example.com/ocpp', '--basic', 'sy:pass:word', '--allow', 'GetConfiguration', '--catch-up', 'skip');
    expect(observed.code).toBe(0);
    expect(JSON.parse(observed.output)).toMatchObject({ upstreams: [{ name: 'legacy', role: 'primary' }, { name: 'next', role: 'observer', catchUp: 'skip' }] });
    const promoted = await routes('promote', 'group/wave-1', 'next');
    expect(promoted.code).toBe(0);
    expect(JSON.parse(promoted.output)).toMatchObject({ upstreams: [{ name: 'legacy', role: 'observer' }, { name: 'next', role: 'primary', auth: 'basic', basicUsername: 'sy' }] });
    expect(promoted.output).not.toContain('pass:word');
    expect(await routes('rollback', 'group/wave-1', 'legacy')).toMatchObject({ code: 0 });

    const report = await routes('report');
    expect(report).toMatchObject({ code: 0 });
    expect(report.output.split('\n')[1]).toMatch(/^group\/wave-1\s+legacy\s+next\s+0\s+0\s+-$/);

    const audit = (await eventsOf(world.bus, world.serde, 'group/wave-1')).filter((event) => event.type === 'RouteChanged');
    expect(audit).toHaveLength(4);
    expect(audit.every((event) => String(event.value['changed_by']).endsWith('(cli)'))).toBe(true);
  });

  it('says why a step is refused, on stderr with exit code 1', async () => {
    expect(await routes('remove-upstream', 'group/wave-1', 'legacy')).toEqual({
      code: 1,
      output: 'switchyard routes: DELETE /routes/groups/wave-1/upstreams/legacy: HTTP 409: legacy is the primary: promote another upstream first\n',
    });
    expect(await routes('show', 'groups/wave-1')).toEqual({ code: 1, output: 'switchyard routes: Error: route groups/wave-1: say default, group/<name> or charger/<id>\n' });
  });
});
