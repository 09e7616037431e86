import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectCharger, type Charger } from './support/chargers.ts';
import { eventsOf, eventually, framesOf, openTestWorld, startTestEdge, type TestEdge, type TestWorld } from './support/edge-harness.ts';

const chargerId = 'CS-201-A';
const password = 'a-2.0.1-station-password';

describe('an OCPP 2.0.1 charging station through a whole session', () => {
  let world: TestWorld;
  let edge: TestEdge;
  let station: Charger;

  beforeAll(async () => {
    world = await openTestWorld();
    edge = await startTestEdge(world);
    expect((await edge.admin('PUT', `/chargers/${chargerId}`, { securityProfile: 1, password })).status).toBe(201);
    station = await connectCharger({ baseUrl: edge.wsUrl, identity: chargerId, protocol: 'ocpp2.0.1', password });
  });

  afterAll(async () => {
    await station?.close({ force: true });
    await edge?.close();
    await world?.cleanup();
  });

  const idToken = { idToken: 'RFID-0042', type: 'ISO14443' };
  const at = (second: number): string => new Date(Date.UTC(2026, 0, 1, 10, 0, second)).toISOString();

  it('boots, reports status and authorizes a token', async () => {
    const boot = await station.call('BootNotification', {
      reason: 'PowerUp',
      chargingStation: { vendorName: 'Acme', model: 'Volt-2', serialNumber: 'SN-1' },
    });
    expect(boot).toMatchObject({ status: 'Accepted', interval: 300 });
    expect(await station.call('StatusNotification', { timestamp: at(1), connectorStatus: 'Available', evseId: 1, connectorId: 1 })).toEqual({});
    expect(await station.call('Authorize', { idToken })).toEqual({ idTokenInfo: { status: 'Accepted' } });
  });

  it('runs a transaction with TransactionEvent started, updated and ended', async () => {
    const base = { transactionInfo: { transactionId: 'TX-201-1' }, evse: { id: 1, connectorId: 1 } };
    const started = await station.call('TransactionEvent', {
      ...base,
      eventType: 'Started',
      timestamp: at(2),
      triggerReason: 'Authorized',
      seqNo: 0,
      idToken,
      meterValue: [{ timestamp: at(2), sampledValue: [{ value: 100, measurand: 'Energy.Active.Import.Register' }] }],
    });
    expect(started).toMatchObject({ idTokenInfo: { status: 'Accepted' } });
    expect(
      await station.call('TransactionEvent', {
        ...base,
        transactionInfo: { transactionId: 'TX-201-1', chargingState: 'Charging' },
        eventType: 'Updated',
        timestamp: at(3),
        triggerReason: 'ChargingStateChanged',
        seqNo: 1,
      }),
    ).toEqual({});
    await station.call('MeterValues', { evseId: 1, meterValue: [{ timestamp: at(4), sampledValue: [{ value: 1.5, unitOfMeasure: { unit: 'kWh' } }] }] });
    expect(
      await station.call('TransactionEvent', {
        ...base,
        transactionInfo: { transactionId: 'TX-201-1', stoppedReason: 'EVDisconnected' },
        eventType: 'Ended',
        timestamp: at(5),
        triggerReason: 'EVCommunicationLost',
        seqNo: 2,
      }),
    ).toEqual({});
  });

  it('recorded the exchange as frames and as normalized events', async () => {
    const events = await eventually(async () => {
      const all = await eventsOf(world.bus, edge.serde, chargerId);
      expect(all.map((event) => event.type)).toContain('TransactionEnded');
      return all;
    });
    const types = events.map((event) => event.type);
    expect(types.slice(0, 3)).toEqual(['ChargerAuthenticated', 'ChargerConnected', 'ChargerBooted']);
    expect(types).toEqual(expect.arrayContaining(['ConnectorStatusChanged', 'AuthorizationDecided', 'TransactionStarted', 'TransactionUpdated', 'MeterValuesSampled', 'TransactionEnded']));
    expect(events.find((event) => event.type === 'TransactionStarted')?.value).toMatchObject({ transaction_id: 'TX-201-1', evse_id: 1 });
    // kWh from the station arrive in Wh, the one energy unit consumers see.
    expect(events.filter((event) => event.type === 'MeterValuesSampled').map((event) => event.value)).toContainEqual(
      expect.objectContaining({ evse_id: 1, samples: [expect.objectContaining({ value: 1500, unit: 'Wh', value_raw: '1.5', unit_raw: 'kWh' })] }),
    );
    expect(events.find((event) => event.type === 'TransactionEnded')?.value).toMatchObject({ transaction_id: 'TX-201-1', stop_reason: 'EVDisconnected' });
    const frames = await framesOf(world.bus, edge.serde, chargerId);
    expect(frames.filter((frame) => frame.direction === 'IN').map((frame) => frame.action)).toEqual([
      'BootNotification',
      'StatusNotification',
      'Authorize',
      'TransactionEvent',
      'TransactionEvent',
      'MeterValues',
      'TransactionEvent',
    ]);
  });
});
