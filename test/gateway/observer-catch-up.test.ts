import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectCharger, type Charger } from '../edge/support/chargers.ts';
import { eventsOf, eventually, openTestWorld, startTestEdge, type TestEdge, type TestWorld } from '../edge/support/edge-harness.ts';
import { UpstreamCsms, type Answers } from './support/upstream-csms.ts';

const now = (): string => new Date().toISOString();
const answers: Answers = {
  BootNotification: () => ({ status: 'Accepted', interval: 300, currentTime: now() }),
  Heartbeat: () => ({ currentTime: now() }),
  StatusNotification: () => ({}),
};
const boot = { chargePointVendor: 'Switchyard', chargePointModel: 'Catch-Up-Test' };
const status = (connectorId: number) => ({ connectorId, errorCode: 'NoError', status: 'Available' });
const timeouts = { connectMs: 1_000, callMs: 2_000 };
const missedCount = 20;

describe('observer catch-up from the log after its link was down', () => {
  let world: TestWorld;
  let edge: TestEdge;
  let primary: UpstreamCsms;
  let replaying: UpstreamCsms;
  let skipping: UpstreamCsms;
  let restarting: UpstreamCsms;
  let moving: UpstreamCsms;
  const chargers: Charger[] = [];
  let metrics = new Registry();
  const lagIn = async (registry: Registry, upstream: string): Promise<number> =>
    (await registry.getSingleMetric('switchyard_gateway_observer_lag_calls')?.get())?.values.find((value) => value.labels['upstream'] === upstream)?.value ?? 0;
  const lagOf = (upstream: string): Promise<number> => lagIn(metrics, upstream);
  const decisionsOf = async (chargerId: string, upstream: string) =>
    (await eventsOf(world.bus, world.serde, chargerId)).filter((event) => event.type === 'GatewayDecision' && event.value['upstream'] === upstream).map((event) => event.value);
  const connectorsSeenBy = (upstream: UpstreamCsms, chargerId: string): unknown[] =>
    upstream.received.filter((call) => call.chargerId === chargerId && call.action === 'StatusNotification').map((call) => call.params['connectorId']);

  beforeAll(async () => {
    world = await openTestWorld();
    edge = await startTestEdge({ ...world, config: { acceptUnknownChargers: true }, metrics });
    primary = new UpstreamCsms('ocpp1.6', answers);
    replaying = new UpstreamCsms('ocpp1.6', answers);
    skipping = new UpstreamCsms('ocpp1.6', answers);
    restarting = new UpstreamCsms('ocpp1.6', answers);
    moving = new UpstreamCsms('ocpp1.6', answers);
    await Promise.all([primary.start(), replaying.start(), skipping.start(), restarting.start(), moving.start()]);
    const upstreams = (observer: UpstreamCsms, name: string, catchUp: 'replay' | 'skip' | undefined) => [
      { name: 'primary', role: 'primary', url: primary.url, timeouts },
      { name, role: 'observer', url: observer.url, timeouts, ...(catchUp === undefined ? {} : { catchUp }) },
    ];
    expect((await edge.admin('PUT', '/routes/chargers/CP-CU-REPLAY', { upstreams: upstreams(replaying, 'replaying', undefined) })).status).toBe(201);
    expect((await edge.admin('PUT', '/routes/chargers/CP-CU-SKIP', { upstreams: upstreams(skipping, 'skipping', 'skip') })).status).toBe(201);
    expect((await edge.admin('PUT', '/routes/chargers/CP-CU-RESTART', { upstreams: upstreams(restarting, 'restarting', 'replay') })).status).toBe(201);
    expect((await edge.admin('PUT', '/routes/chargers/CP-CU-MOVE', { upstreams: upstreams(moving, 'moving', 'replay') })).status).toBe(201);
  });

  afterAll(async () => {
    for (const charger of chargers) await charger.close({ force: true });
    await edge?.close();
    await Promise.all([primary?.stop(), replaying?.stop(), skipping?.stop(), restarting?.stop(), moving?.stop()]);
    await world?.cleanup();
  });

  const charger = async (identity: string, on: TestEdge = edge): Promise<Charger> => {
    const connected = await connectCharger({ baseUrl: on.wsUrl, identity, protocol: 'ocpp1.6' });
    chargers.push(connected);
    return connected;
  };

  /** The charger's path while the observer is down: every call answered by the primary, none held up. */
  const sendWhileObserverDown = async (cp: Charger): Promise<void> => {
    for (let connector = 1; connector <= missedCount; connector++) {
      const started = performance.now();
      expect(await cp.call('StatusNotification', status(connector))).toEqual({});
      // Not a speed target: the charger must not wait out the observer's 1 s connect timeout.
      expect(performance.now() - started).toBeLessThan(900);
    }
  };

  /** The charger boots (the observer sees it), then the observer goes down and misses the charger's next calls. */
  const missedByObserver = async (chargerId: string, observer: UpstreamCsms, observerName: string): Promise<Charger> => {
    const cp = await charger(chargerId);
    await cp.call('BootNotification', boot);
    await eventually(async () => expect(observer.actionsFrom(chargerId)).toEqual(['BootNotification']));
    await observer.stop();
    await sendWhileObserverDown(cp);
    await eventually(async () => expect(await lagOf(observerName)).toBe(missedCount));
    return cp;
  };

  it('re-sends every call the observer missed, in order and once each, before the live ones', async () => {
    const cp = await missedByObserver('CP-CU-REPLAY', replaying, 'replaying');
    expect(connectorsSeenBy(replaying, 'CP-CU-REPLAY')).toEqual([]);

    await replaying.start();
    // Sent while the link reopens or the catch-up runs: held, then replayed after the missed ones.
    await cp.call('Heartbeat', {});
    await cp.call('StatusNotification', status(missedCount + 1));
    await eventually(async () => expect(await lagOf('replaying')).toBe(0), 15_000);
    const missed = Array.from({ length: missedCount }, (_, index) => index + 1);
    await eventually(async () =>
      expect(replaying.actionsFrom('CP-CU-REPLAY')).toEqual(['BootNotification', ...Array<string>(missedCount).fill('StatusNotification'), 'Heartbeat', 'StatusNotification']),
    );
    expect(connectorsSeenBy(replaying, 'CP-CU-REPLAY')).toEqual([...missed, missedCount + 1]);
    expect(primary.actionsFrom('CP-CU-REPLAY')).toEqual(['BootNotification', ...Array<string>(missedCount).fill('StatusNotification'), 'Heartbeat', 'StatusNotification']);

    const decisions = await eventually(async () => {
      const found = await decisionsOf('CP-CU-REPLAY', 'replaying');
      expect(found.map((decision) => decision['decision'])).toContain('caught_up');
      return found;
    });
    // The missed calls, and the live ones held while the link reopened (when it had not yet).
    const { replayed } = JSON.parse(String(decisions.find((decision) => decision['decision'] === 'caught_up')?.['detail_json'])) as { replayed: number };
    expect(replayed).toBeGreaterThanOrEqual(missedCount);
    const replayedAnswers = decisions.filter((decision) => decision['decision'] === 'observer_answered' && String(decision['detail_json']).includes('"replayed":true'));
    expect(replayedAnswers).toHaveLength(replayed);
  });

  it('resumes with live copies only when the observer skips what it missed', async () => {
    const cp = await missedByObserver('CP-CU-SKIP', skipping, 'skipping');

    await skipping.start();
    await eventually(async () => expect(await lagOf('skipping')).toBe(0), 15_000);
    await cp.call('StatusNotification', status(missedCount + 1));
    await eventually(async () => expect(skipping.actionsFrom('CP-CU-SKIP')).toEqual(['BootNotification', 'StatusNotification']));
    expect(connectorsSeenBy(skipping, 'CP-CU-SKIP')).toEqual([missedCount + 1]);
    await eventually(async () => {
      const skipped = (await decisionsOf('CP-CU-SKIP', 'skipping')).filter((decision) => decision['decision'] === 'observer_skipped');
      expect(skipped.map((decision) => decision['detail_json'])).toEqual([JSON.stringify({ skipped: missedCount })]);
    });
  });

  it('still catches the observer up after the gateway restarts', async () => {
    const before = await missedByObserver('CP-CU-RESTART', restarting, 'restarting');

    await before.close({ force: true });
    await edge.close();
    metrics = new Registry();
    edge = await startTestEdge({ ...world, config: { acceptUnknownChargers: true }, metrics });
    expect(await lagOf('restarting')).toBe(missedCount);

    await restarting.start();
    const after = await charger('CP-CU-RESTART');
    await after.call('Heartbeat', {});
    await eventually(async () => expect(await lagOf('restarting')).toBe(0), 15_000);
    await eventually(async () =>
      expect(restarting.actionsFrom('CP-CU-RESTART')).toEqual(['BootNotification', ...Array<string>(missedCount).fill('StatusNotification'), 'Heartbeat']),
    );
    expect(connectorsSeenBy(restarting, 'CP-CU-RESTART')).toEqual(Array.from({ length: missedCount }, (_, index) => index + 1));
  });

  it('catches the observer up on the gateway instance the charger moved to, and only there', async () => {
    const otherMetrics = new Registry();
    const other = await startTestEdge({ ...world, instanceId: 'edge-test-other', config: { acceptUnknownChargers: true }, metrics: otherMetrics });
    try {
      const onFirst = await missedByObserver('CP-CU-MOVE', moving, 'moving');
      // The other instance follows the saved position while the charger is elsewhere.
      await eventually(async () => expect(await lagIn(otherMetrics, 'moving')).toBe(missedCount));

      await onFirst.close({ force: true });
      await moving.start();
      const onOther = await charger('CP-CU-MOVE', other);
      await onOther.call('Heartbeat', {});
      await eventually(async () => expect(await lagIn(otherMetrics, 'moving')).toBe(0), 15_000);
      await eventually(async () =>
        expect(moving.actionsFrom('CP-CU-MOVE')).toEqual(['BootNotification', ...Array<string>(missedCount).fill('StatusNotification'), 'Heartbeat']),
      );
      expect(connectorsSeenBy(moving, 'CP-CU-MOVE')).toEqual(Array.from({ length: missedCount }, (_, index) => index + 1));
      // The first instance takes the caught-up position over: it will not replay them again.
      await eventually(async () => expect(await lagOf('moving')).toBe(0));
    } finally {
      await other.close();
    }
  });
});
