import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOREPLY } from 'ocpp-rpc';
import { connectCharger, type Charger } from './support/chargers.ts';
import { eventsOf, eventually, openTestWorld, startTestEdge, type TestEdge , type TestWorld } from './support/edge-harness.ts';

interface Received {
  readonly method: string;
  readonly params: Record<string, unknown>;
}

/** A strict-mode charger that records the commands it gets and answers them as told. */
async function chargerAnswering(
  edge: TestEdge,
  identity: string,
  protocol: 'ocpp1.6' | 'ocpp2.0.1',
  answers: Record<string, (params: Record<string, unknown>) => unknown>,
): Promise<{ charger: Charger; received: Received[] }> {
  const charger = await connectCharger({ baseUrl: edge.wsUrl, identity, protocol });
  const received: Received[] = [];
  for (const [method, answer] of Object.entries(answers)) {
    charger.handle(method, async ({ params }) => {
      received.push({ method, params: params ?? {} });
      // ocpp-rpc answers NOREPLY (a symbol) with silence; its types only admit objects.
      return answer(params ?? {}) as Record<string, unknown>;
    });
  }
  return { charger, received };
}

describe('remote commands through the admin API', () => {
  let world: TestWorld;
  let edge: TestEdge;
  let cp16: { charger: Charger; received: Received[] };
  let cs201: { charger: Charger; received: Received[] };

  beforeAll(async () => {
    world = await openTestWorld();
    edge = await startTestEdge({ ...world, config: { acceptUnknownChargers: true, commandDeliveryWindowMs: 300 } });
    cp16 = await chargerAnswering(edge, 'CP-CMD-16', 'ocpp1.6', {
      RemoteStartTransaction: () => ({ status: 'Accepted' }),
      Reset: () => ({ status: 'Accepted' }),
      GetConfiguration: () => ({ configurationKey: [{ key: 'HeartbeatInterval', readonly: false, value: '300' }], unknownKey: ['Nope'] }),
      UnlockConnector: () => {
        throw Object.assign(new Error('stuck'), { rpcErrorCode: 'InternalError' });
      },
      ClearCache: () => NOREPLY,
      ReserveNow: () => ({ status: 'Occupied' }),
      CancelReservation: () => ({ status: 'Accepted' }),
    });
    cs201 = await chargerAnswering(edge, 'CS-CMD-201', 'ocpp2.0.1', {
      RequestStartTransaction: () => ({ status: 'Accepted', transactionId: 'TX-REMOTE-1' }),
      ChangeAvailability: () => ({ status: 'Scheduled' }),
    });
  });

  afterAll(async () => {
    await cp16?.charger.close({ force: true });
    await cs201?.charger.close({ force: true });
    await edge?.close();
    await world?.cleanup();
  });

  it('starts a session on a 1.6 charger with RemoteStartTransaction', async () => {
    const answer = await edge.admin('POST', '/chargers/CP-CMD-16/commands/start_session', { evseId: 1, idToken: { value: 'TAG-9' } });
    expect(answer).toMatchObject({ status: 200, body: { action: 'RemoteStartTransaction', outcome: 'ACCEPTED', statusRaw: 'Accepted' } });
    expect(cp16.received.at(-1)).toEqual({ method: 'RemoteStartTransaction', params: { connectorId: 1, idTag: 'TAG-9' } });
  });

  it('starts a session on a 2.0.1 station with RequestStartTransaction', async () => {
    const answer = await edge.admin('POST', '/chargers/CS-CMD-201/commands/start_session', { evseId: 1, idToken: { value: 'TAG-9', type: 'ISO14443' }, remoteStartId: 77 });
    expect(answer).toMatchObject({ status: 200, body: { action: 'RequestStartTransaction', outcome: 'ACCEPTED', response: { transactionId: 'TX-REMOTE-1' } } });
    expect(cs201.received.at(-1)).toEqual({
      method: 'RequestStartTransaction',
      params: { evseId: 1, idToken: { idToken: 'TAG-9', type: 'ISO14443' }, remoteStartId: 77 },
    });
  });

  it.each([
    // given command and parameters; then the 1.6 action and the outcome
    ['reset', { mode: 'Immediate' }, 'Reset', { type: 'Hard' }, 'ACCEPTED'],
    ['get_settings', { settings: [{ variable: 'HeartbeatInterval' }, { variable: 'Nope' }] }, 'GetConfiguration', { key: ['HeartbeatInterval', 'Nope'] }, 'NOT_SUPPORTED'],
    ['unlock_connector', { evseId: 1 }, 'UnlockConnector', { connectorId: 1 }, 'CALL_ERROR'],
    [
      'reserve_now',
      { reservationId: 5, evseId: 1, expiresAt: '2030-01-01T00:00:00Z', idToken: { value: 'TAG-9' } },
      'ReserveNow',
      { connectorId: 1, expiryDate: '2030-01-01T00:00:00.000Z', idTag: 'TAG-9', reservationId: 5 },
      'REJECTED',
    ],
    ['cancel_reservation', { reservationId: 5 }, 'CancelReservation', { reservationId: 5 }, 'ACCEPTED'],
  ])('maps %s onto the charger\'s version and reports the outcome', async (command, parameters, action, params, outcome) => {
    const answer = await edge.admin('POST', `/chargers/CP-CMD-16/commands/${command}`, parameters);
    expect(answer).toMatchObject({ status: 200, body: { action, outcome } });
    expect(cp16.received.at(-1)).toEqual({ method: action, params });
  });

  it('reports what a 2.0.1 station scheduled', async () => {
    const answer = await edge.admin('POST', '/chargers/CS-CMD-201/commands/change_availability', { evseId: 0, operational: false });
    expect(answer).toMatchObject({ status: 200, body: { action: 'ChangeAvailability', outcome: 'SCHEDULED' } });
    expect(cs201.received.at(-1)).toEqual({ method: 'ChangeAvailability', params: { operationalStatus: 'Inoperative' } });
  });

  it('refuses what the version cannot express, unknown commands and bad parameters', async () => {
    expect(
      await edge.admin('POST', '/chargers/CP-CMD-16/commands/change_settings', {
        settings: [
          { variable: 'A', value: '1' },
          { variable: 'B', value: '2' },
        ],
      }),
    ).toMatchObject({ status: 422, body: { error: { code: 'unsupported_by_version' } } });
    expect(await edge.admin('POST', '/chargers/CP-CMD-16/commands/make_coffee', {})).toMatchObject({ status: 404, body: { error: { code: 'unknown_command' } } });
    expect(await edge.admin('POST', '/chargers/CP-CMD-16/commands/reset', { mode: 'Gentle' })).toMatchObject({ status: 400, body: { error: { code: 'invalid_parameters' } } });
  });

  it('answers 504 when the charger does not answer in time, then serves the next command', async () => {
    const answer = await edge.admin('POST', '/chargers/CP-CMD-16/commands/clear_cache?timeoutMs=300', {});
    expect(answer).toMatchObject({ status: 504, body: { error: { code: 'command_timeout' } } });
    expect((await edge.admin('POST', '/chargers/CP-CMD-16/commands/reset', { mode: 'Graceful' })).body).toMatchObject({ outcome: 'ACCEPTED' });
  });

  it('answers 409 for a charger no edge holds, and records it', async () => {
    const answer = await edge.admin('POST', '/chargers/CP-OFFLINE/commands/reset', { mode: 'Graceful' });
    expect(answer).toMatchObject({ status: 409, body: { error: { code: 'charger_not_connected' } } });
    const events = await eventually(async () => {
      const found = await eventsOf(world.bus, edge.serde, 'CP-OFFLINE');
      expect(found).toHaveLength(1);
      return found;
    });
    expect(events[0]).toMatchObject({ type: 'CommandUndeliverable', value: { reason: 'not_connected' } });
  });

  it('records every command as sent and answered, correlated by the command id', async () => {
    const events = await eventually(async () => {
      const commandEvents = (await eventsOf(world.bus, edge.serde, 'CS-CMD-201')).filter((event) => event.type.startsWith('Command'));
      expect(commandEvents).toHaveLength(4);
      return commandEvents;
    });
    expect(events.map((event) => event.type)).toEqual(['CommandSent', 'CommandAnswered', 'CommandSent', 'CommandAnswered']);
    expect(events[0]?.envelope.correlation_id).toBe(events[1]?.envelope.correlation_id);
    expect(events[0]?.value).toMatchObject({ action: 'RequestStartTransaction', request_json: expect.stringContaining('TAG-9') });
  });

  it('reaches a charger again after it reconnects', async () => {
    await cp16.charger.close({ force: true });
    cp16 = await chargerAnswering(edge, 'CP-CMD-16', 'ocpp1.6', { Reset: () => ({ status: 'Rejected' }) });
    const answer = await edge.admin('POST', '/chargers/CP-CMD-16/commands/reset', { mode: 'Graceful' });
    expect(answer).toMatchObject({ status: 200, body: { outcome: 'REJECTED', statusRaw: 'Rejected' } });
    expect(cp16.received).toEqual([{ method: 'Reset', params: { type: 'Soft' } }]);
  });
});

describe('commands for one charger', () => {
  it('are queued: the next CALL goes out only once the previous one is answered', async () => {
    const world = await openTestWorld();
    const edge = await startTestEdge({ ...world, config: { acceptUnknownChargers: true } });
    const timeline: string[] = [];
    const charger = await connectCharger({ baseUrl: edge.wsUrl, identity: 'CP-QUEUE', protocol: 'ocpp1.6' });
    charger.handle('Reset', async ({ params }) => {
      timeline.push(`received ${String(params?.['type'])}`);
      await new Promise((resolve) => setTimeout(resolve, 150));
      timeline.push(`answered ${String(params?.['type'])}`);
      return { status: 'Accepted' };
    });
    try {
      const answers = await Promise.all([
        edge.admin('POST', '/chargers/CP-QUEUE/commands/reset', { mode: 'Graceful' }),
        edge.admin('POST', '/chargers/CP-QUEUE/commands/reset', { mode: 'Immediate' }),
      ]);
      expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
      expect(timeline).toHaveLength(4);
      expect(timeline[0]?.replace('received', 'answered')).toBe(timeline[1]);
      expect(timeline[2]?.replace('received', 'answered')).toBe(timeline[3]);
    } finally {
      await charger.close({ force: true });
      await edge.close();
      await world.cleanup();
    }
  });
});

describe('a command stuck behind a slow one', () => {
  it('expires in the queue and is reported as busy, not sent late', async () => {
    const world = await openTestWorld();
    const edge = await startTestEdge({ ...world, config: { acceptUnknownChargers: true, commandDeliveryWindowMs: 300 } });
    const received: string[] = [];
    const charger = await connectCharger({ baseUrl: edge.wsUrl, identity: 'CP-SLOW', protocol: 'ocpp1.6' });
    charger.handle('Reset', async ({ params }) => {
      received.push(String(params?.['type']));
      await new Promise((resolve) => setTimeout(resolve, 800));
      return { status: 'Accepted' };
    });
    try {
      const slow = edge.admin('POST', '/chargers/CP-SLOW/commands/reset', { mode: 'Graceful' });
      await new Promise((resolve) => setTimeout(resolve, 50));
      const stuck = await edge.admin('POST', '/chargers/CP-SLOW/commands/reset', { mode: 'Immediate' });
      expect(stuck).toMatchObject({ status: 409, body: { error: { code: 'charger_busy' } } });
      expect((await slow).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(received).toEqual(['Soft']);
    } finally {
      await charger.close({ force: true });
      await edge.close();
      await world.cleanup();
    }
  });
});

describe('two edge instances on one bus', () => {
  it('routes a command taken by one instance to the instance holding the socket', async () => {
    const world = await openTestWorld();
    const { bus, serde } = world;
    const edgeA = await startTestEdge({ ...world, instanceId: 'edge-a', config: { acceptUnknownChargers: true } });
    const edgeB = await startTestEdge({ ...world, instanceId: 'edge-b', config: { acceptUnknownChargers: true } });
    const { charger, received } = await chargerAnswering(edgeB, 'CP-ON-B', 'ocpp1.6', { Reset: () => ({ status: 'Accepted' }) });
    try {
      const answer = await edgeA.admin('POST', '/chargers/CP-ON-B/commands/reset', { mode: 'Immediate' });
      expect(answer).toMatchObject({ status: 200, body: { action: 'Reset', outcome: 'ACCEPTED' } });
      expect(received).toEqual([{ method: 'Reset', params: { type: 'Hard' } }]);
      const sent = (await eventsOf(bus, serde, 'CP-ON-B')).find((event) => event.type === 'CommandSent');
      expect(sent?.envelope.source.instance_id).toBe('edge-b');
    } finally {
      await charger.close({ force: true });
      await edgeA.close();
      await edgeB.close();
      await world.cleanup();
    }
  });
});
