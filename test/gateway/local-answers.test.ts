import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectCharger, type Charger } from '../edge/support/chargers.ts';
import { eventsOf, eventually, openTestWorld, startTestEdge, type TestEdge, type TestWorld } from '../edge/support/edge-harness.ts';
import { UpstreamCsms, type Answers } from './support/upstream-csms.ts';

const now = (): string => new Date().toISOString();

interface VersionCase {
  readonly protocol: 'ocpp1.6' | 'ocpp2.0.1';
  readonly prefix: string;
  readonly boot: Record<string, unknown>;
  readonly status: (connector: number) => Record<string, unknown>;
  readonly transaction: { readonly action: string; readonly payload: Record<string, unknown> };
  readonly answers: Answers;
}

/** What each version's charger sends; the gateway may answer only Heartbeat and StatusNotification for an unreachable primary. */
const versions: VersionCase[] = [
  {
    protocol: 'ocpp1.6',
    prefix: 'CP-LOCAL16',
    boot: { chargePointVendor: 'Switchyard', chargePointModel: 'Local-Answers' },
    status: (connector: number) => ({ connectorId: connector, errorCode: 'NoError', status: 'Available' }),
    transaction: { action: 'StartTransaction', payload: { connectorId: 1, idTag: 'TAG-1', meterStart: 0, timestamp: now() } },
    answers: {
      BootNotification: () => ({ status: 'Accepted', interval: 300, currentTime: now() }),
      Heartbeat: () => ({ currentTime: now() }),
      StatusNotification: () => ({}),
      StartTransaction: () => ({ transactionId: 7, idTagInfo: { status: 'Accepted' } }),
    },
  },
  {
    protocol: 'ocpp2.0.1',
    prefix: 'CS-LOCAL201',
    boot: { reason: 'PowerUp', chargingStation: { model: 'Local-Answers', vendorName: 'Switchyard' } },
    status: (connector: number) => ({ timestamp: now(), connectorStatus: 'Available', evseId: connector, connectorId: 1 }),
    transaction: { action: 'TransactionEvent', payload: { eventType: 'Started', timestamp: now(), triggerReason: 'Authorized', seqNo: 0, transactionInfo: { transactionId: 'TX-LOCAL-1' } } },
    answers: {
      BootNotification: () => ({ status: 'Accepted', interval: 300, currentTime: now() }),
      Heartbeat: () => ({ currentTime: now() }),
      StatusNotification: () => ({}),
      TransactionEvent: () => ({}),
    },
  },
];

describe.each(versions)('$protocol: Heartbeat and StatusNotification answered locally while the primary is unreachable', (version) => {
  let world: TestWorld;
  let edge: TestEdge;
  let primary: UpstreamCsms;
  let metrics = new Registry();
  const chargers: Charger[] = [];
  const heldIn = async (registry: Registry): Promise<number> =>
    (await registry.getSingleMetric('switchyard_gateway_calls_held_for_primary')?.get())?.values[0]?.value ?? 0;

  const charger = async (suffix: string, on?: TestEdge): Promise<Charger> => {
    const connected = await connectCharger({ baseUrl: (on ?? edge).wsUrl, identity: `${version.prefix}-${suffix}`, protocol: version.protocol });
    chargers.push(connected);
    return connected;
  };
  /** The charger boots, its primary goes down, a Heartbeat and two StatusNotifications are answered locally, the charger leaves. */
  const answeredLocallyThenGone = async (suffix: string): Promise<void> => {
    const cp = await charger(suffix);
    await cp.call('BootNotification', version.boot);
    await primary.stop();
    expect(await cp.call('Heartbeat', {})).toHaveProperty('currentTime');
    for (let connector = 1; connector <= 2; connector++) expect(await cp.call('StatusNotification', version.status(connector))).toEqual({});
    await cp.close({ force: true });
  };
  const decisionsOf = async (chargerId: string): Promise<{ decision: unknown; action: unknown }[]> =>
    (await eventsOf(world.bus, world.serde, chargerId))
      .filter((event) => event.type === 'GatewayDecision')
      .map((event) => ({ decision: event.value['decision'], action: event.value['action'] }));

  beforeAll(async () => {
    world = await openTestWorld();
    edge = await startTestEdge({ ...world, config: { acceptUnknownChargers: true }, metrics });
    primary = new UpstreamCsms(version.protocol, version.answers);
    await primary.start();
    const route = {
      selector: { idPattern: `${version.prefix}-*` },
      upstreams: [{ name: 'primary', role: 'primary', url: primary.url, timeouts: { connectMs: 300, callMs: 1_000 } }],
      primaryGraceMs: 600,
      localAnswersWhilePrimaryDown: true,
    };
    expect((await edge.admin('PUT', `/routes/groups/${version.prefix}`, route)).status).toBe(201);
  });

  afterAll(async () => {
    for (const connected of chargers) await connected.close({ force: true });
    await edge?.close();
    await primary?.stop();
    await world?.cleanup();
  });

  it('answers them for the primary, then forwards them to it in order once it is back, before newer calls', async () => {
    const cp = await charger('1');
    const chargerId = `${version.prefix}-1`;
    await cp.call('BootNotification', version.boot);

    await primary.stop();
    const heartbeat = (await cp.call('Heartbeat', {})) as { currentTime: string };
    expect(Date.parse(heartbeat.currentTime)).not.toBeNaN();
    for (let connector = 1; connector <= 3; connector++) expect(await cp.call('StatusNotification', version.status(connector))).toEqual({});
    expect(primary.actionsFrom(chargerId)).toEqual(['BootNotification']);

    await primary.start();
    await eventually(async () => expect(primary.actionsFrom(chargerId)).toEqual(['BootNotification', 'Heartbeat', 'StatusNotification', 'StatusNotification', 'StatusNotification']), 10_000);
    await cp.call('StatusNotification', version.status(4));
    expect(primary.actionsFrom(chargerId)).toEqual(['BootNotification', 'Heartbeat', ...Array<string>(4).fill('StatusNotification')]);
    const connectorKey = version.protocol === 'ocpp1.6' ? 'connectorId' : 'evseId';
    expect(primary.received.filter((call) => call.action === 'StatusNotification').map((call) => call.params[connectorKey])).toEqual([1, 2, 3, 4]);

    await eventually(async () => {
      const decisions = await decisionsOf(chargerId);
      expect(decisions.filter((d) => d.decision === 'answered_locally').map((d) => d.action)).toEqual(['Heartbeat', 'StatusNotification', 'StatusNotification', 'StatusNotification']);
      expect(decisions.filter((d) => d.decision === 'forwarded_after_local_answer').map((d) => d.action)).toEqual(['Heartbeat', 'StatusNotification', 'StatusNotification', 'StatusNotification']);
    });
  });

  it('still forwards them after the gateway restarts while the primary is down', async () => {
    const chargerId = `${version.prefix}-3`;
    await answeredLocallyThenGone('3');
    await edge.close();

    metrics = new Registry();
    edge = await startTestEdge({ ...world, config: { acceptUnknownChargers: true }, metrics });
    await primary.start();
    const after = await charger('3');
    expect(await after.call('Heartbeat', {})).toHaveProperty('currentTime');
    expect(primary.actionsFrom(chargerId)).toEqual(['BootNotification', 'Heartbeat', 'StatusNotification', 'StatusNotification', 'Heartbeat']);
  });

  it('forwards them from the gateway instance the charger reconnects to, and the one it left forgets them', async () => {
    const chargerId = `${version.prefix}-4`;
    const otherMetrics = new Registry();
    const other = await startTestEdge({ ...world, instanceId: 'edge-test-other', config: { acceptUnknownChargers: true }, metrics: otherMetrics });
    try {
      await answeredLocallyThenGone('4');
      // The other instance learns of them within the bus's propagation delay; a charger is rarely faster.
      await eventually(async () => expect(await heldIn(otherMetrics)).toBe(3));

      await primary.start();
      const onOther = await charger('4', other);
      expect(await onOther.call('Heartbeat', {})).toHaveProperty('currentTime');
      expect(primary.actionsFrom(chargerId)).toEqual(['BootNotification', 'Heartbeat', 'StatusNotification', 'StatusNotification', 'Heartbeat']);
      expect(await heldIn(otherMetrics)).toBe(0);
      await onOther.close({ force: true });

      // Back on the first instance: what the other one forwarded is not forwarded again.
      await eventually(async () => expect(await heldIn(metrics)).toBe(0));
      const backOnFirst = await charger('4');
      expect(await backOnFirst.call('Heartbeat', {})).toHaveProperty('currentTime');
      expect(primary.actionsFrom(chargerId)).toEqual(['BootNotification', 'Heartbeat', 'StatusNotification', 'StatusNotification', 'Heartbeat', 'Heartbeat']);
    } finally {
      await other.close();
    }
  });

  it('never answers a transaction message for it: the charger keeps it and is disconnected after the grace period', async () => {
    const cp = await charger('2');
    const chargerId = `${version.prefix}-2`;
    await cp.call('BootNotification', version.boot);
    await primary.stop();
    try {
      expect(await cp.call('Heartbeat', {})).toHaveProperty('currentTime');
      const closed = new Promise<number>((resolve) => cp.once('close', ({ code }: { code: number }) => resolve(code)));
      await expect(cp.call(version.transaction.action, version.transaction.payload)).rejects.toBeDefined();
      expect(await closed).toBe(1013);
      await eventually(async () => {
        const decisions = await decisionsOf(chargerId);
        expect(decisions.filter((d) => d.decision === 'answered_locally').map((d) => d.action)).toEqual(['Heartbeat']);
        expect(decisions.map((d) => d.decision)).toContain('primary_unreachable');
      });
    } finally {
      await primary.start();
    }
  });
});
