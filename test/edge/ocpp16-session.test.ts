import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectCharger, type Charger } from './support/chargers.ts';
import { eventsOf, eventually, framesOf, openTestWorld, startTestEdge, type TestEdge, type TestWorld } from './support/edge-harness.ts';

const chargerId = 'CP-16-A';
const password = 'correct-horse-battery';

describe('an OCPP 1.6 charger through a whole session', () => {
  let world: TestWorld;
  let edge: TestEdge;
  let charger: Charger;

  beforeAll(async () => {
    world = await openTestWorld();
    edge = await startTestEdge(world);
    const registered = await edge.admin('PUT', `/chargers/${chargerId}`, { securityProfile: 1, password });
    expect(registered.status).toBe(201);
    charger = await connectCharger({ baseUrl: edge.wsUrl, identity: chargerId, protocol: 'ocpp1.6', password });
  });

  afterAll(async () => {
    await charger?.close({ force: true });
    await edge?.close();
    await world?.cleanup();
  });

  let transactionId = 0;

  it('boots, reports status and authorizes a token', async () => {
    const boot = await charger.call('BootNotification', { chargePointVendor: 'Acme', chargePointModel: 'Volt-1' });
    expect(boot).toMatchObject({ status: 'Accepted', interval: 300 });
    expect(await charger.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Available' })).toEqual({});
    expect(await charger.call('Authorize', { idTag: 'TAG-1' })).toEqual({ idTagInfo: { status: 'Accepted' } });
    expect(await charger.call('Heartbeat', {})).toHaveProperty('currentTime');
  });

  it('starts, meters and stops a transaction with an id the edge allocated', async () => {
    const started = (await charger.call('StartTransaction', {
      connectorId: 1,
      idTag: 'TAG-1',
      meterStart: 1000,
      timestamp: new Date().toISOString(),
    })) as { transactionId: number; idTagInfo: { status: string } };
    expect(started.idTagInfo.status).toBe('Accepted');
    expect(started.transactionId).toBeGreaterThan(0);
    transactionId = started.transactionId;
    await charger.call('MeterValues', {
      connectorId: 1,
      transactionId,
      meterValue: [{ timestamp: new Date().toISOString(), sampledValue: [{ value: '1500', unit: 'Wh' }] }],
    });
    expect(
      await charger.call('StopTransaction', { transactionId, meterStop: 2500, timestamp: new Date().toISOString(), reason: 'Local' }),
    ).toEqual({});
  });

  it('recorded every frame in and out, in order, on the frames topic', async () => {
    const frames = await eventually(async () => {
      const all = await framesOf(world.bus, edge.serde, chargerId);
      expect(all).toHaveLength(14);
      return all;
    });
    const calls = frames.filter((frame) => frame.direction === 'IN').map((frame) => frame.action);
    expect(calls).toEqual(['BootNotification', 'StatusNotification', 'Authorize', 'Heartbeat', 'StartTransaction', 'MeterValues', 'StopTransaction']);
    // Each answer follows its call, with the same message id.
    for (let index = 0; index < frames.length; index += 2) {
      expect(frames[index + 1]?.messageId).toBe(frames[index]?.messageId);
    }
    for (const frame of frames) {
      expect(frame.validation).not.toBe('INVALID');
      expect(frame.messageType).toBe(frame.direction === 'IN' ? 'CALL' : 'CALLRESULT');
    }
    const startAnswer = frames.find((frame) => frame.direction === 'OUT' && frame.action === 'StartTransaction');
    expect(JSON.parse(startAnswer?.text ?? '[]')[2]).toMatchObject({ transactionId });
  });

  it('recorded the connection and the domain events on the events topic', async () => {
    const events = await eventually(async () => {
      const all = await eventsOf(world.bus, edge.serde, chargerId);
      expect(all.map((event) => event.type)).toContain('TransactionEnded');
      return all;
    });
    expect(events.map((event) => event.type)).toEqual([
      'ChargerAuthenticated',
      'ChargerConnected',
      'ChargerBooted',
      'ConnectorStatusChanged',
      'AuthorizationRequested',
      'AuthorizationDecided',
      'AuthorizationRequested',
      'AuthorizationDecided',
      'TransactionStarted',
      'MeterValuesSampled',
      'TransactionEnded',
    ]);
    const started = events.find((event) => event.type === 'TransactionStarted');
    expect(started?.value).toMatchObject({ transaction_id: String(transactionId), meter_start_wh: 1000, evse_id: 1 });
    const ended = events.find((event) => event.type === 'TransactionEnded');
    expect(ended?.value).toMatchObject({ transaction_id: String(transactionId), meter_stop_wh: 2500, stop_reason: 'Local' });
    expect(events[1]?.value).toMatchObject({ protocol: 'ocpp1.6', security_profile: 1 });
  });

  it('shows the charger as connected in the admin API', async () => {
    const listed = await edge.admin('GET', '/chargers');
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual([
      expect.objectContaining({ chargerId, securityProfile: 1, hasPassword: true, connection: expect.objectContaining({ connected: true }) }),
    ]);
    expect(JSON.stringify(listed.body)).not.toContain('hash');
  });
});
