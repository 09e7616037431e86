import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectCharger, type Charger } from '../edge/support/chargers.ts';
import { eventsOf, eventually, openTestWorld, startTestEdge, type TestEdge, type TestWorld } from '../edge/support/edge-harness.ts';
import { UpstreamCsms } from './support/upstream-csms.ts';

const now = (): string => new Date().toISOString();
const upstreamTransactionId = 424_242;
const timeouts = { connectMs: 1_000, callMs: 2_000 };

const domainTypes = ['ChargerBooted', 'ConnectorStatusChanged', 'AuthorizationRequested', 'AuthorizationDecided', 'TransactionStarted', 'TransactionUpdated', 'MeterValuesSampled', 'TransactionEnded'];

describe('domain events for chargers whose primary is a remote CSMS', () => {
  let world: TestWorld;
  let edge: TestEdge;
  let primary16: UpstreamCsms;
  let primary201: UpstreamCsms;
  const chargers: Charger[] = [];

  const typesOf = async (chargerId: string): Promise<string[]> =>
    (await eventsOf(world.bus, edge.serde, chargerId)).map((event) => event.type).filter((type) => domainTypes.includes(type));

  beforeAll(async () => {
    world = await openTestWorld();
    edge = await startTestEdge({ ...world, config: { acceptUnknownChargers: true } });
    primary16 = new UpstreamCsms('ocpp1.6', {
      BootNotification: () => ({ status: 'Accepted', interval: 120, currentTime: now() }),
      StatusNotification: () => ({}),
      // The upstream's verdicts, not the built-in CSMS's: it blocks this token.
      Authorize: () => ({ idTagInfo: { status: 'Blocked' } }),
      StartTransaction: () => ({ transactionId: upstreamTransactionId, idTagInfo: { status: 'Accepted' } }),
      MeterValues: () => ({}),
      StopTransaction: () => ({}),
    });
    primary201 = new UpstreamCsms('ocpp2.0.1', {
      BootNotification: () => ({ status: 'Accepted', interval: 120, currentTime: now() }),
      TransactionEvent: (params) => (params['idToken'] === undefined ? {} : { idTokenInfo: { status: 'Expired' } }),
    });
    await primary16.start();
    await primary201.start();
    await edge.admin('PUT', '/routes/groups/remote-16', { selector: { idPattern: 'CP-EV16-*' }, upstreams: [{ name: 'legacy', role: 'primary', url: primary16.url, timeouts }] });
    await edge.admin('PUT', '/routes/groups/remote-201', { selector: { idPattern: 'CS-EV201-*' }, upstreams: [{ name: 'next', role: 'primary', url: primary201.url, timeouts }] });
  });

  afterAll(async () => {
    for (const charger of chargers) await charger.close({ force: true });
    await edge?.close();
    await primary16?.stop();
    await primary201?.stop();
    await world?.cleanup();
  });

  it('derives 1.6 events from the primary answers, with its transaction id, durable before the charger hears back', async () => {
    const cp = await connectCharger({ baseUrl: edge.wsUrl, identity: 'CP-EV16-1', protocol: 'ocpp1.6' });
    chargers.push(cp);
    expect(await cp.call('BootNotification', { chargePointVendor: 'Switchyard', chargePointModel: 'Remote-16' })).toMatchObject({ interval: 120 });
    await cp.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Preparing' });
    expect(await cp.call('Authorize', { idTag: 'TAG-BLOCKED' })).toEqual({ idTagInfo: { status: 'Blocked' } });
    const started = (await cp.call('StartTransaction', { connectorId: 1, idTag: 'TAG-OK', meterStart: 1_000, timestamp: now() })) as { transactionId: number };
    expect(started.transactionId).toBe(upstreamTransactionId);
    // Durability before acknowledgement: the event is in the log the moment the charger has its answer.
    const afterStart = await eventsOf(world.bus, edge.serde, 'CP-EV16-1');
    expect(afterStart.find((event) => event.type === 'TransactionStarted')?.value).toMatchObject({ transaction_id: String(upstreamTransactionId), meter_start_wh: 1_000 });

    await cp.call('MeterValues', { connectorId: 1, transactionId: upstreamTransactionId, meterValue: [{ timestamp: now(), sampledValue: [{ value: '1500', unit: 'Wh' }] }] });
    await cp.call('StopTransaction', { transactionId: upstreamTransactionId, meterStop: 2_500, timestamp: now(), reason: 'Local' });
    const afterStop = await eventsOf(world.bus, edge.serde, 'CP-EV16-1');
    expect(afterStop.find((event) => event.type === 'TransactionEnded')?.value).toMatchObject({ transaction_id: String(upstreamTransactionId), meter_stop_wh: 2_500 });

    await eventually(async () =>
      expect(await typesOf('CP-EV16-1')).toEqual([
        'ChargerBooted',
        'ConnectorStatusChanged',
        'AuthorizationRequested',
        'AuthorizationDecided',
        'AuthorizationRequested',
        'AuthorizationDecided',
        'TransactionStarted',
        'MeterValuesSampled',
        'TransactionEnded',
      ]),
    );
    const decided = (await eventsOf(world.bus, edge.serde, 'CP-EV16-1')).filter((event) => event.type === 'AuthorizationDecided');
    expect(decided.map((event) => event.value['status_raw'])).toEqual(['Blocked', 'Accepted']);
  });

  it('derives 2.0.1 transaction events with the upstream authorization verdict', async () => {
    const cs = await connectCharger({ baseUrl: edge.wsUrl, identity: 'CS-EV201-1', protocol: 'ocpp2.0.1' });
    chargers.push(cs);
    await cs.call('BootNotification', { reason: 'PowerUp', chargingStation: { model: 'Remote-201', vendorName: 'Switchyard' } });
    const transactionInfo = { transactionId: 'TX-EV201-1' };
    expect(
      await cs.call('TransactionEvent', { eventType: 'Started', timestamp: now(), triggerReason: 'Authorized', seqNo: 0, transactionInfo, idToken: { idToken: 'TOKEN-1', type: 'ISO14443' }, evse: { id: 1, connectorId: 1 } }),
    ).toEqual({ idTokenInfo: { status: 'Expired' } });
    const afterStart = await eventsOf(world.bus, edge.serde, 'CS-EV201-1');
    expect(afterStart.find((event) => event.type === 'TransactionStarted')?.value).toMatchObject({ transaction_id: 'TX-EV201-1', evse_id: 1 });
    expect(afterStart.find((event) => event.type === 'AuthorizationDecided')?.value).toMatchObject({ status_raw: 'Expired' });

    await cs.call('TransactionEvent', { eventType: 'Ended', timestamp: now(), triggerReason: 'StopAuthorized', seqNo: 1, transactionInfo: { ...transactionInfo, stoppedReason: 'Local' } });
    const afterEnd = await eventsOf(world.bus, edge.serde, 'CS-EV201-1');
    expect(afterEnd.find((event) => event.type === 'TransactionEnded')?.value).toMatchObject({ transaction_id: 'TX-EV201-1', stop_reason: 'Local' });
    expect(primary201.actionsFrom('CS-EV201-1')).toEqual(['BootNotification', 'TransactionEvent', 'TransactionEvent']);
  });
});
