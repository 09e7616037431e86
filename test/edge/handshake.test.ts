import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventsOf, eventually, openTestWorld, startTestEdge, type TestEdge , type TestWorld } from './support/edge-harness.ts';
import { attemptUpgrade, basicAuth, RawPeer } from './support/raw-socket.ts';
import { createTestPki, type TestPki } from './support/test-pki.ts';

const password = 'sixteen-chars-or-more';

describe('the WebSocket handshake', () => {
  let world: TestWorld;
  let edge: TestEdge;
  let pki: TestPki;
  let tlsUrl: string;

  beforeAll(async () => {
    pki = await createTestPki();
    world = await openTestWorld();
    edge = await startTestEdge({
      ...world,
      config: {
        listeners: {
          plain: { host: '127.0.0.1', port: 0 },
          tls: { host: '127.0.0.1', port: 0, key: pki.server.key, cert: pki.server.cert, ca: pki.ca },
        },
      },
    });
    tlsUrl = `wss://127.0.0.1:${String(edge.edge.tlsPort)}/ocpp`;
    for (const [id, body] of [
      ['CP-1', { securityProfile: 1, password }],
      ['CP-SUSPENDED', { securityProfile: 1, password, allowed: false }],
      ['CP-2', { securityProfile: 2, password }],
      ['CP-3', { securityProfile: 3 }],
    ] as const) {
      expect((await edge.admin('PUT', `/chargers/${id}`, body)).status).toBe(201);
    }
  });

  afterAll(async () => {
    await edge?.close();
    await world?.cleanup();
    await pki?.cleanup();
  });

  const refusals: [string, string, string[], Record<string, string>, number, string][] = [
    // given a path, subprotocols and headers; then this status and reason
    ['an unknown charger', '/ocpp/CP-NOBODY', ['ocpp1.6'], {}, 404, 'unknown charger CP-NOBODY'],
    ['no credentials', '/ocpp/CP-1', ['ocpp1.6'], {}, 401, 'HTTP Basic credentials required'],
    ['a wrong password', '/ocpp/CP-1', ['ocpp1.6'], basicAuth('CP-1', 'not-the-password!!'), 401, 'wrong password'],
    ['another charger\'s user name', '/ocpp/CP-1', ['ocpp1.6'], basicAuth('CP-2', password), 401, 'user name must be the charger id'],
    ['no supported subprotocol', '/ocpp/CP-1', ['ocpp2.0', 'ocpp1.5'], basicAuth('CP-1', password), 400, 'no supported OCPP subprotocol offered (offered: ocpp2.0, ocpp1.5'],
    ['an id with a colon', '/ocpp/CP%3A1', ['ocpp1.6'], {}, 400, 'invalid charger id'],
    ['an id over 48 characters', `/ocpp/${'X'.repeat(49)}`, ['ocpp1.6'], {}, 400, 'longer than 48'],
    ['a path outside /ocpp/', '/other/CP-1', ['ocpp1.6'], {}, 404, 'not an OCPP endpoint'],
    ['a suspended charger', '/ocpp/CP-SUSPENDED', ['ocpp1.6'], basicAuth('CP-SUSPENDED', password), 403, 'suspended'],
    ['profile 2 without TLS', '/ocpp/CP-2', ['ocpp1.6'], basicAuth('CP-2', password), 403, 'requires TLS'],
    ['profile 3 without TLS', '/ocpp/CP-3', ['ocpp1.6'], {}, 403, 'requires TLS'],
  ];

  it.each(refusals)('refuses %s at the HTTP handshake with a status and a reason', async (_name, path, protocols, headers, status, reason) => {
    const outcome = await attemptUpgrade(`ws://127.0.0.1:${String(edge.edge.plainPort)}${path}`, protocols, { headers });
    expect(outcome).toMatchObject({ kind: 'refused', status });
    expect(outcome.kind === 'refused' ? outcome.body : '').toContain(reason);
  });

  it('records refused attempts as ConnectionRejected events', async () => {
    const events = await eventually(async () => {
      const rejected = (await eventsOf(world.bus, edge.serde, 'CP-1')).filter((event) => event.type === 'ConnectionRejected');
      expect(rejected).toHaveLength(4);
      return rejected;
    });
    expect(events.map((event) => event.value['reason'])).toEqual(['missing_credentials', 'bad_password', 'bad_password', 'no_supported_subprotocol']);
    expect(events[3]?.value).toMatchObject({ http_status: 400, offered_subprotocols: ['ocpp2.0', 'ocpp1.5'], security_profile: 1 });
    const unknown = await eventsOf(world.bus, edge.serde, 'CP-NOBODY');
    expect(unknown.map((event) => event.value['reason'])).toEqual(['unknown_charger']);
  });

  it('negotiates the newest version both sides speak', async () => {
    const outcome = await attemptUpgrade(`${edge.wsUrl}/CP-1`, ['ocpp1.6', 'ocpp2.0.1'], { headers: basicAuth('CP-1', password) });
    expect(outcome).toMatchObject({ kind: 'open', protocol: 'ocpp2.0.1' });
    if (outcome.kind === 'open') outcome.socket.close();
  });

  it('replaces an older connection of the same charger and records it', async () => {
    const first = await attemptUpgrade(`${edge.wsUrl}/CP-1`, ['ocpp1.6'], { headers: basicAuth('CP-1', password) });
    if (first.kind !== 'open') throw new Error('first connection refused');
    const firstPeer = new RawPeer(first.socket);
    const second = await attemptUpgrade(`${edge.wsUrl}/CP-1`, ['ocpp1.6'], { headers: basicAuth('CP-1', password) });
    if (second.kind !== 'open') throw new Error('second connection refused');
    expect(await firstPeer.closed).toEqual({ code: 4000, reason: 'replaced by a newer connection' });
    const peer = new RawPeer(second.socket);
    peer.send('[2,"hb-1","Heartbeat",{}]');
    expect(await peer.next()).toEqual([3, 'hb-1', { currentTime: expect.any(String) }]);
    const events = await eventually(async () => {
      const all = await eventsOf(world.bus, edge.serde, 'CP-1');
      expect(all.some((event) => event.type === 'ChargerDisconnected' && event.value['closed_by'] === 'replaced')).toBe(true);
      return all;
    });
    const replaced = events.find((event) => event.type === 'ConnectionReplaced');
    const disconnected = events.find((event) => event.type === 'ChargerDisconnected' && event.value['closed_by'] === 'replaced');
    expect(replaced?.value['replaced_connection_id']).toBe(disconnected?.value['connection_id']);
    second.socket.close();
  });

  it('accepts profile 2 over TLS with the right password', async () => {
    const outcome = await attemptUpgrade(`${tlsUrl}/CP-2`, ['ocpp1.6'], { headers: basicAuth('CP-2', password), ca: pki.ca });
    expect(outcome).toMatchObject({ kind: 'open' });
    if (outcome.kind === 'open') outcome.socket.close();
  });

  it('accepts profile 3 with a client certificate issued to the charger, and records its subject', async () => {
    const client = await pki.clientFor('CP-3');
    const outcome = await attemptUpgrade(`${tlsUrl}/CP-3`, ['ocpp2.0.1'], { ca: pki.ca, key: client.key, cert: client.cert });
    expect(outcome).toMatchObject({ kind: 'open' });
    if (outcome.kind === 'open') outcome.socket.close();
    const authenticated = await eventually(async () => {
      const found = (await eventsOf(world.bus, edge.serde, 'CP-3')).find((event) => event.type === 'ChargerAuthenticated');
      expect(found).toBeDefined();
      return found;
    });
    expect(authenticated?.value).toMatchObject({ security_profile: 3, certificate_subject: 'CN=CP-3' });
  });

  it('refuses profile 3 with another charger\'s certificate or none', async () => {
    const other = await pki.clientFor('CP-OTHER');
    const withOther = await attemptUpgrade(`${tlsUrl}/CP-3`, ['ocpp2.0.1'], { ca: pki.ca, key: other.key, cert: other.cert });
    expect(withOther).toMatchObject({ kind: 'refused', status: 401, body: expect.stringContaining('not issued to CP-3') });
    const without = await attemptUpgrade(`${tlsUrl}/CP-3`, ['ocpp2.0.1'], { ca: pki.ca });
    expect(without).toMatchObject({ kind: 'refused', status: 401, body: expect.stringContaining('requires a client certificate') });
  });

  it('disconnects a charger when it is deleted from the registry', async () => {
    const outcome = await attemptUpgrade(`${edge.wsUrl}/CP-1`, ['ocpp1.6'], { headers: basicAuth('CP-1', password) });
    if (outcome.kind !== 'open') throw new Error('refused');
    const peer = new RawPeer(outcome.socket);
    expect((await edge.admin('DELETE', '/chargers/CP-1')).status).toBe(204);
    expect(await peer.closed).toEqual({ code: 4001, reason: 'charger removed' });
    expect((await edge.admin('GET', '/chargers/CP-1')).status).toBe(404);
    const again = await attemptUpgrade(`${edge.wsUrl}/CP-1`, ['ocpp1.6'], { headers: basicAuth('CP-1', password) });
    expect(again).toMatchObject({ kind: 'refused', status: 404 });
  });
});

describe('with unknown chargers accepted', () => {
  it('lets an unregistered charger in without credentials', async () => {
    const world = await openTestWorld();
    const { bus, serde } = world;
    const edge = await startTestEdge({ ...world, config: { acceptUnknownChargers: true } });
    try {
      const outcome = await attemptUpgrade(`${edge.wsUrl}/CP-NEW`, ['ocpp1.6']);
      expect(outcome).toMatchObject({ kind: 'open', protocol: 'ocpp1.6' });
      if (outcome.kind === 'open') outcome.socket.close();
      const connected = await eventually(async () => {
        const found = (await eventsOf(bus, serde, 'CP-NEW')).find((event) => event.type === 'ChargerConnected');
        expect(found).toBeDefined();
        return found;
      });
      expect(connected?.value).toMatchObject({ security_profile: 0 });
    } finally {
      await edge.close();
      await world.cleanup();
    }
  });
});
