import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventsOf, eventually, framesOf, openTestWorld, startTestEdge, type TestEdge, type TestWorld } from './support/edge-harness.ts';
import { attemptUpgrade, basicAuth, RawPeer } from './support/raw-socket.ts';

const password = 'behaviour-test-password';

describe('the built-in CSMS behind the socket', () => {
  let world: TestWorld;
  let edge: TestEdge;

  beforeAll(async () => {
    world = await openTestWorld();
    edge = await startTestEdge(world);
  });

  afterAll(async () => {
    await edge?.close();
    await world?.cleanup();
  });

  const open = async (chargerId: string, version: 'ocpp1.6' | 'ocpp2.0.1'): Promise<RawPeer> => {
    const outcome = await attemptUpgrade(`${edge.wsUrl}/${chargerId}`, [version], { headers: basicAuth(chargerId, password) });
    if (outcome.kind !== 'open') throw new Error(`refused: ${outcome.body}`);
    return new RawPeer(outcome.socket);
  };

  const zonelessStatus = '[2,"s1","StatusNotification",{"connectorId":1,"errorCode":"NoError","status":"Available","timestamp":"2026-01-01T10:00:00"}]';

  it('refuses a zoneless timestamp from a charger without the quirk rule', async () => {
    expect((await edge.admin('PUT', '/chargers/CP-STRICT', { securityProfile: 1, password })).status).toBe(201);
    const peer = await open('CP-STRICT', 'ocpp1.6');
    peer.send(zonelessStatus);
    expect((await peer.next()).slice(0, 3)).toEqual([4, 's1', 'PropertyConstraintViolation']);
    peer.socket.close();
  });

  it('repairs it for a charger the operator enabled the rule for, and records the rule', async () => {
    const registered = await edge.admin('PUT', '/chargers/CP-QUIRKY', { securityProfile: 1, password, quirkRules: ['timestamp-without-zone-as-utc'] });
    expect(registered.status).toBe(201);
    const peer = await open('CP-QUIRKY', 'ocpp1.6');
    peer.send(zonelessStatus);
    expect(await peer.next()).toEqual([3, 's1', {}]);
    peer.socket.close();
    const frame = await eventually(async () => {
      const found = (await framesOf(world.bus, edge.serde, 'CP-QUIRKY')).find((f) => f.direction === 'IN');
      expect(found).toBeDefined();
      return found;
    });
    // The raw frame keeps the text exactly as sent; the event carries the repaired time.
    expect(frame?.text).toBe(zonelessStatus);
    const status = (await eventsOf(world.bus, edge.serde, 'CP-QUIRKY')).find((event) => event.type === 'ConnectorStatusChanged');
    expect(status?.envelope.occurred_at).toBe(Date.UTC(2026, 0, 1, 10, 0, 0));
  });

  it('refuses unknown quirk rules in the registry', async () => {
    const answer = await edge.admin('PUT', '/chargers/CP-X', { securityProfile: 1, password, quirkRules: ['make-it-work'] });
    expect(answer).toMatchObject({ status: 400, body: { error: { code: 'invalid_registration' } } });
  });

  it('keeps a pending 2.0.1 station to BootNotification, except for what the CSMS triggers', async () => {
    expect((await edge.admin('PUT', '/chargers/CS-PENDING', { securityProfile: 1, password, bootPolicy: 'pending' })).status).toBe(201);
    const peer = await open('CS-PENDING', 'ocpp2.0.1');
    peer.send('[2,"b1","BootNotification",{"reason":"PowerUp","chargingStation":{"vendorName":"Acme","model":"P"}}]');
    expect(await peer.next()).toEqual([3, 'b1', { currentTime: expect.any(String), interval: 60, status: 'Pending' }]);
    peer.send('[2,"h1","Heartbeat",{}]');
    expect((await peer.next()).slice(0, 3)).toEqual([4, 'h1', 'SecurityError']);

    const command = edge.admin('POST', '/chargers/CS-PENDING/commands/trigger_message', { message: 'Heartbeat' });
    const trigger = await peer.next();
    expect(trigger.slice(0, 4)).toEqual([2, expect.any(String), 'TriggerMessage', { requestedMessage: 'Heartbeat' }]);
    peer.send(JSON.stringify([3, trigger[1], { status: 'Accepted' }]));
    expect(await command).toMatchObject({ status: 200, body: { outcome: 'ACCEPTED' } });
    peer.send('[2,"h2","Heartbeat",{}]');
    expect((await peer.next()).slice(0, 2)).toEqual([3, 'h2']);
    peer.socket.close();
  });
});
