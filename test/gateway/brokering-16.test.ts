import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectCharger, type Charger } from '../edge/support/chargers.ts';
import { eventsOf, eventually, framesOf, openTestWorld, startTestEdge, type TestEdge, type TestWorld } from '../edge/support/edge-harness.ts';
import { UpstreamCsms, type Answers } from './support/upstream-csms.ts';

const now = (): string => new Date().toISOString();
const answersWithInterval = (interval: number): Answers => ({
  BootNotification: () => ({ status: 'Accepted', interval, currentTime: now() }),
  Heartbeat: () => ({ currentTime: now() }),
  StatusNotification: () => ({}),
  Authorize: () => ({ idTagInfo: { status: interval === 300 ? 'Accepted' : 'Invalid' } }),
  StartTransaction: () => ({ transactionId: interval, idTagInfo: { status: 'Accepted' } }),
});
const boot = { chargePointVendor: 'Switchyard', chargePointModel: 'Gateway-Test' };
const status = (connectorId: number) => ({ connectorId, errorCode: 'NoError', status: 'Available' });

const timeouts = { connectMs: 1_000, callMs: 2_000 };

describe('the gateway between OCPP 1.6 chargers and two real CSMSs', () => {
  let world: TestWorld;
  let edge: TestEdge;
  let legacy: UpstreamCsms;
  let next: UpstreamCsms;
  const chargers: Charger[] = [];
  const metrics = new Registry();
  const observerLag = async (): Promise<number> => (await metrics.getSingleMetric('switchyard_gateway_observer_lag_calls')?.get())?.values.find((value) => value.labels['upstream'] === 'next')?.value ?? 0;

  const route = (primary: UpstreamCsms, observer: UpstreamCsms, observerActions: string[] = []) => ({
    upstreams: [
      { name: primary === legacy ? 'legacy' : 'next', role: 'primary', url: primary.url, timeouts, ...(primary === legacy ? { basic: { username: 'switchyard', password: 'legacy-secret' } } : {}) },
      { name: observer === legacy ? 'legacy' : 'next', role: 'observer', url: observer.url, timeouts, allowedActions: observerActions, ...(observer === legacy ? { basic: { username: 'switchyard', password: 'legacy-secret' } } : {}) },
    ],
    primaryGraceMs: 1_000,
  });

  const charger = async (identity: string): Promise<Charger> => {
    const connected = await connectCharger({ baseUrl: edge.wsUrl, identity, protocol: 'ocpp1.6' });
    chargers.push(connected);
    return connected;
  };

  beforeAll(async () => {
    world = await openTestWorld();
    edge = await startTestEdge({ ...world, config: { acceptUnknownChargers: true }, metrics });
    legacy = new UpstreamCsms('ocpp1.6', answersWithInterval(300));
    next = new UpstreamCsms('ocpp1.6', answersWithInterval(60));
    await legacy.start();
    await next.start();
    expect((await edge.admin('PUT', '/routes/default', route(legacy, next))).status).toBe(201);
  });

  afterAll(async () => {
    for (const connected of chargers) await connected.close({ force: true });
    await edge?.close();
    await legacy?.stop();
    await next?.stop();
    await world?.cleanup();
  });

  it('answers each call once with the primary answer, mirrors every call in order, and records the differences', async () => {
    const cp = await charger('CP-GW-1');
    const bootAnswer = (await cp.call('BootNotification', boot)) as { interval: number };
    expect(bootAnswer.interval).toBe(300);
    const sent = ['BootNotification'];
    for (let connector = 1; connector <= 10; connector++) {
      await cp.call('StatusNotification', status(connector));
      await cp.call('Heartbeat', {});
      sent.push('StatusNotification', 'Heartbeat');
    }
    expect(await cp.call('Authorize', { idTag: 'TAG-1' })).toEqual({ idTagInfo: { status: 'Accepted' } });
    sent.push('Authorize');

    expect(legacy.actionsFrom('CP-GW-1')).toEqual(sent);
    await eventually(async () => expect(next.actionsFrom('CP-GW-1')).toEqual(sent));
    expect(next.received.filter((call) => call.chargerId === 'CP-GW-1' && call.action === 'StatusNotification').map((call) => call.params['connectorId'])).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(legacy.authorizations.at(-1)).toBe(`Basic ${Buffer.from('switchyard:legacy-secret').toString('base64')}`);

    const decisions = await eventually(async () => {
      const found = (await eventsOf(world.bus, world.serde, 'CP-GW-1')).filter((event) => event.type === 'GatewayDecision');
      expect(found.filter((event) => event.value['decision'] === 'observer_answered')).toHaveLength(sent.length);
      return found;
    });
    const differed = decisions.filter((event) => event.value['decision'] === 'answer_differed').map((event) => event.value['action']);
    expect(differed).toEqual(['BootNotification', 'Authorize']);
    expect(await edge.admin('GET', '/routes/report')).toMatchObject({
      body: [{ routeKey: 'default', primary: 'legacy', observers: ['next'], chargers: 1, mirrored: sent.length, differencesByAction: { Authorize: 1, BootNotification: 1 } }],
    });
  });

  it('serializes the primary calls with every other call to the charger, and maps ids both ways', async () => {
    const cp = await charger('CP-GW-2');
    await cp.call('BootNotification', boot);
    let outstanding = 0;
    let mostOutstanding = 0;
    cp.handle('GetConfiguration', async ({ params }) => {
      outstanding += 1;
      mostOutstanding = Math.max(mostOutstanding, outstanding);
      await new Promise((resolve) => setTimeout(resolve, 30));
      outstanding -= 1;
      const [key = 'all'] = (params?.['key'] as string[] | undefined) ?? [];
      return { configurationKey: [{ key, readonly: true, value: 'x' }] };
    });
    const asked = ['A', 'B', 'C', 'D', 'E'];
    const answers = await Promise.all([
      ...asked.map((key) => legacy.call('CP-GW-2', 'GetConfiguration', { key: [key] })),
      edge.admin('POST', '/chargers/CP-GW-2/commands/get_settings', {}),
    ]);
    expect(answers.slice(0, 5).map((answer) => (answer as { configurationKey: { key: string }[] }).configurationKey[0]?.key)).toEqual(asked);
    expect(answers[5]).toMatchObject({ status: 200 });
    expect(mostOutstanding).toBe(1);
  });

  it('refuses observer calls unless the observer is allowed that action', async () => {
    const cp = await charger('CP-GW-3');
    cp.handle('Reset', async () => ({ status: 'Accepted' }));
    cp.handle('GetConfiguration', async () => ({ configurationKey: [] }));
    await cp.call('BootNotification', boot);
    await eventually(async () => expect(next.actionsFrom('CP-GW-3')).toContain('BootNotification'));
    await expect(next.call('CP-GW-3', 'Reset', { type: 'Soft' })).rejects.toMatchObject({ rpcErrorCode: 'NotSupported' });
    await expect(next.call('CP-GW-3', 'GetConfiguration', {})).rejects.toMatchObject({ rpcErrorCode: 'NotSupported' });

    await edge.admin('PUT', '/routes/default', route(legacy, next, ['GetConfiguration']));
    expect(await next.call('CP-GW-3', 'GetConfiguration', {})).toEqual({ configurationKey: [] });
    await expect(next.call('CP-GW-3', 'Reset', { type: 'Hard' })).rejects.toMatchObject({ rpcErrorCode: 'NotSupported' });
    await eventually(async () => {
      const refused = (await eventsOf(world.bus, world.serde, 'CP-GW-3')).filter((event) => event.value['decision'] === 'upstream_call_refused');
      expect(refused.map((event) => event.value['action'])).toEqual(['Reset', 'GetConfiguration', 'Reset']);
    });
  });

  it('keeps the primary path unchanged while the observer is down, then catches the observer up in order', async () => {
    const cp = await charger('CP-GW-4');
    await cp.call('BootNotification', boot);
    await next.stop();
    for (let connector = 1; connector <= 5; connector++) {
      const started = performance.now();
      expect(await cp.call('StatusNotification', status(connector))).toEqual({});
      // Not a speed target: the charger must not wait out the observer's 1 s connect timeout.
      expect(performance.now() - started).toBeLessThan(900);
    }
    await eventually(async () => expect(await observerLag()).toBe(5));
    await next.start();
    await cp.call('Heartbeat', {});
    await eventually(async () => expect(await observerLag()).toBe(0), 10_000);
    const sent = ['BootNotification', ...Array<string>(5).fill('StatusNotification'), 'Heartbeat'];
    await eventually(async () => expect(next.actionsFrom('CP-GW-4')).toEqual(sent));
    expect(legacy.actionsFrom('CP-GW-4')).toEqual(sent);
  });

  it('switches the primary without reconnecting the charger, and rolls back the same way', async () => {
    const cp = await charger('CP-GW-5');
    expect(((await cp.call('BootNotification', boot)) as { interval: number }).interval).toBe(300);

    await edge.admin('PUT', '/routes/default', route(next, legacy));
    expect(((await cp.call('BootNotification', boot)) as { interval: number }).interval).toBe(60);
    await expect(legacy.call('CP-GW-5', 'Reset', { type: 'Soft' })).rejects.toMatchObject({ rpcErrorCode: 'NotSupported' });

    await edge.admin('PUT', '/routes/default', route(legacy, next));
    expect(((await cp.call('BootNotification', boot)) as { interval: number }).interval).toBe(300);
    const lifecycle = (await eventsOf(world.bus, world.serde, 'CP-GW-5')).map((event) => event.type);
    expect(lifecycle.filter((type) => type === 'ChargerConnected')).toHaveLength(1);
    expect(lifecycle).not.toContain('ChargerDisconnected');
  });

  it('acknowledges a transaction message from the primary only once its frame is durable', async () => {
    const cp = await charger('CP-GW-7');
    await cp.call('BootNotification', boot);
    const start = { connectorId: 1, idTag: 'TAG-7', meterStart: 0, timestamp: now() };
    world.bus.failAppends = (records) => records.some((record) => record.topic === 'switchyard.ocpp.frames' && record.key === 'CP-GW-7');
    try {
      await expect(cp.call('StartTransaction', start)).rejects.toMatchObject({ rpcErrorCode: 'InternalError' });
    } finally {
      world.bus.failAppends = null;
    }
    expect(legacy.actionsFrom('CP-GW-7')).toEqual(['BootNotification', 'StartTransaction']);
    expect(await cp.call('StartTransaction', start)).toEqual({ transactionId: 300, idTagInfo: { status: 'Accepted' } });
    await eventually(async () => {
      const starts = (await framesOf(world.bus, world.serde, 'CP-GW-7'))
        .filter((frame) => frame.upstream === null && frame.action === 'StartTransaction')
        .map((frame) => `${frame.direction} ${frame.messageType}`);
      expect(starts.slice(-2)).toEqual(['IN CALL', 'OUT CALLRESULT']);
    });
  });

  it('holds calls for the grace period while the primary is unreachable, then closes the charger socket without answering for it', async () => {
    await edge.admin('PUT', '/routes/chargers/CP-GW-6', {
      upstreams: [{ name: 'gone', role: 'primary', url: 'ws://127.0.0.1:9/ocpp', timeouts: { connectMs: 200, callMs: 1_000 } }],
      primaryGraceMs: 600,
    });
    const cp = await charger('CP-GW-6');
    const closed = new Promise<number>((resolve) => cp.once('close', ({ code }: { code: number }) => resolve(code)));
    const started = performance.now();
    await expect(cp.call('StartTransaction', { connectorId: 1, idTag: 'TAG-1', meterStart: 0, timestamp: now() })).rejects.toBeDefined();
    expect(performance.now() - started).toBeGreaterThanOrEqual(550);
    expect(await closed).toBe(1013);
    await eventually(async () => {
      const decisions = (await eventsOf(world.bus, world.serde, 'CP-GW-6')).filter((event) => event.type === 'GatewayDecision');
      expect(decisions.map((event) => event.value['decision'])).toContain('primary_unreachable');
    });
  });
});
