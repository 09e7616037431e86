import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { topics } from '../../services/core/bus/topic-catalogue.ts';
import { systemClock } from '../../services/core/clock.ts';
import type { OcppEvent } from '../../services/core/events/generated-types.ts';
import { evseUidOf } from '../../services/projectors/tracking/evse-uid.ts';
import { openRoamingState, type RoamingState } from '../../services/roaming/main.ts';
import { connectCharger, type Charger } from '../edge/support/chargers.ts';
import { eventually, readTopic } from '../edge/support/edge-harness.ts';
import { ChargerScript } from '../projectors/support/charger-script.ts';
import { testLocation } from '../support/test-location.ts';
import { startMockEmsp, type MockEmsp, type ReceivedRequest } from './support/mock-emsp.ts';
import { openOcpiWorld, startOcpiHarness, testLogger, type OcpiHarness, type OcpiWorld } from './support/ocpi-harness.ts';
import { startOcpiNode, type OcpiNode } from './support/ocpi-node.ts';
import { locationBody, type Party } from './support/sender-records.ts';

/**
 * OCPI state that outlives a process and is the same on every instance: two OCPI services on one embedded
 * bus (instance A with the edge, roaming admin and projectors; instance B the OCPI service alone, as a
 * second replica), a mock eMSP (real HTTP) and a real ocpp-rpc 2.0.1 station.
 */

const ourParty: Party = { country_code: 'NL', party_id: 'SWY' };
const station = 'CS-DUR-201';
const evse = evseUidOf(station, 1);
const commandTimeoutMs = 1_000;

const token = (uid: string) => ({
  country_code: 'DE',
  party_id: 'EMS',
  uid,
  type: 'APP_USER',
  contract_id: `DE-EMS-${uid}`,
  issuer: 'Mock eMSP',
  valid: true,
  whitelist: 'ALLOWED',
  last_updated: '2026-11-21T10:00:00Z',
});

interface Received {
  readonly method: string;
  readonly params: Record<string, unknown>;
}

describe('command state shared by every OCPI instance', () => {
  let world: OcpiWorld;
  let nodeA: OcpiNode;
  let ocpiB: OcpiHarness;
  let emsp: MockEmsp;
  let charger: Charger;
  const received: Received[] = [];

  const startB = () => startOcpiHarness({ world, instanceId: 'ocpi-b', config: { commandTimeoutMs } });
  const viaB = () => ocpiB.config.publicUrl;
  const reserve = (reservationId: string) => ({ token: token('APP-R'), expiry_date: '2030-01-01T00:00:00Z', reservation_id: reservationId, location_id: 'LOC-DUR', evse_uid: evse });
  const sentToCharger = (method: string) => received.filter((call) => call.method === method);

  beforeAll(async () => {
    world = await openOcpiWorld();
    nodeA = await startOcpiNode({ world, config: { commandTimeoutMs } });
    ocpiB = await startB();
    emsp = await startMockEmsp();
    const issued = (await nodeA.harness.admin('POST', '/ocpi/token-a', {})).body as { token: string; versions_url: string };
    await emsp.registerWith(issued.versions_url, issued.token);
    const location = locationBody(ourParty, 'LOC-DUR', 1);
    const evses = (location['evses'] as Record<string, unknown>[]).map((entry) => ({ ...entry, switchyard: { charger_id: station, evse_id: 1 } }));
    expect((await nodeA.harness.admin('PUT', '/locations/LOC-DUR', { ...location, evses })).status).toBe(201);
    // Both instances read locations from their topic: wait until each serves this one.
    for (const via of [undefined, viaB()]) {
      await eventually(async () => expect((await emsp.callCpo('GET', 'locations', '/LOC-DUR', undefined, via)).body?.status_code).toBe(1000));
    }
    charger = await connectCharger({ baseUrl: nodeA.wsUrl, identity: station, protocol: 'ocpp2.0.1' });
    const answers: Record<string, unknown> = {
      RequestStartTransaction: { status: 'Accepted' },
      ReserveNow: { status: 'Accepted' },
      CancelReservation: { status: 'Accepted' },
    };
    for (const [method, answer] of Object.entries(answers)) {
      charger.handle(method, async ({ params }) => {
        received.push({ method, params: (params ?? {}) as Record<string, unknown> });
        return answer as Record<string, unknown>;
      });
    }
  });

  afterAll(async () => {
    await charger?.close({ force: true });
    await emsp?.close();
    await ocpiB?.stop();
    await nodeA?.stop();
    await world?.cleanup();
  });

  it('cancels through instance B a reservation instance A made: the station gets CancelReservation', async () => {
    const reserved = await emsp.sendCommand('RESERVE_NOW', reserve('RES-A'));
    expect(await emsp.waitForCommandResult(reserved.responseUrl)).toMatchObject({ result: 'ACCEPTED' });
    const reservationId = sentToCharger('ReserveNow').at(-1)?.params['id'];
    expect(reservationId).toEqual(expect.any(Number));

    const cancelled = await emsp.sendCommand('CANCEL_RESERVATION', { reservation_id: 'RES-A' }, viaB());
    expect(cancelled.reply.body).toMatchObject({ status_code: 1000, data: { result: 'ACCEPTED' } });
    expect(await emsp.waitForCommandResult(cancelled.responseUrl)).toMatchObject({ result: 'ACCEPTED' });
    expect(sentToCharger('CancelReservation').at(-1)).toEqual({ method: 'CancelReservation', params: { reservationId } });

    // Cancelled means gone from the book on every instance.
    expect((await emsp.sendCommand('CANCEL_RESERVATION', { reservation_id: 'RES-A' })).reply.body?.data).toMatchObject({ result: 'REJECTED' });
  });

  it('cancels a reservation made before instance B restarted, through the restarted instance', async () => {
    const reserved = await emsp.sendCommand('RESERVE_NOW', reserve('RES-B'), viaB());
    expect(await emsp.waitForCommandResult(reserved.responseUrl)).toMatchObject({ result: 'ACCEPTED' });
    const reservationId = sentToCharger('ReserveNow').at(-1)?.params['id'];

    await ocpiB.stop();
    ocpiB = await startB();
    const cancelled = await emsp.sendCommand('CANCEL_RESERVATION', { reservation_id: 'RES-B' }, viaB());
    expect(cancelled.reply.body?.data).toMatchObject({ result: 'ACCEPTED' });
    expect(await emsp.waitForCommandResult(cancelled.responseUrl)).toMatchObject({ result: 'ACCEPTED' });
    expect(sentToCharger('CancelReservation').at(-1)).toEqual({ method: 'CancelReservation', params: { reservationId } });
  });

  it('answers the edge\'s authorize on instance B from a START_SESSION instance A took, without asking the eMSP', async () => {
    const asked = () => emsp.received.filter((request: ReceivedRequest) => request.module === 'tokens' && request.path.endsWith('/APP-S/authorize'));
    const started = await emsp.sendCommand('START_SESSION', { token: token('APP-S'), location_id: 'LOC-DUR', evse_uid: evse, authorization_reference: 'CMD-REF-S' });
    expect(started.reply.body?.data).toMatchObject({ result: 'ACCEPTED' });

    const question = { uid: 'APP-S', type: 'APP_USER', party: { country_code: 'DE', party_id: 'EMS' }, charger_id: station, timeout_ms: 2_000 };
    const answered = await ocpiB.admin('POST', '/ocpi/authorize', question);
    expect(answered.body).toEqual({ outcome: 'answered', allowed: 'ALLOWED', authorization_reference: 'CMD-REF-S', group_id: null });
    expect(asked()).toEqual([]);

    // The grant is for that station only: elsewhere the eMSP decides.
    emsp.answerAuthorization({ answer: { allowed: 'BLOCKED', token: token('APP-S') } });
    const elsewhere = await ocpiB.admin('POST', '/ocpi/authorize', { ...question, charger_id: 'CS-ELSEWHERE' });
    expect(elsewhere.body).toMatchObject({ outcome: 'answered', allowed: 'BLOCKED' });
    expect(asked()).toHaveLength(1);
  });
});

describe('EVSE statuses a partner missed while the OCPI service was down', () => {
  let world: OcpiWorld;
  let ocpi: OcpiHarness | undefined;
  let operator: RoamingState;
  let emsp: MockEmsp;
  const script = new ChargerScript('CP-1');

  const startOcpi = () => startOcpiHarness({ world, instanceId: 'ocpi-restarted' });
  const appendEvents = async (events: readonly OcppEvent[]) =>
    world.bus.append(await Promise.all(events.map(async (event) => ({ topic: topics.ocppEvents, key: event.envelope.key, value: await world.serde.encode(topics.ocppEvents, event) }))));
  const acceptedPatches = (evseUid: string) => (request: ReceivedRequest) =>
    request.module === 'locations' && request.method === 'PATCH' && request.failedWith === null && request.path.endsWith(`/LOC-1/${evseUid}`);
  const statusOf = (request: ReceivedRequest | undefined) => (request?.body as { status?: string } | undefined)?.status;

  beforeAll(async () => {
    world = await openOcpiWorld();
    operator = await openRoamingState({ bus: world.bus, serde: world.serde, clock: systemClock, logger: testLogger(), instanceId: 'operator' });
    await operator.ready;
    emsp = await startMockEmsp();
    ocpi = await startOcpi();
  });

  afterAll(async () => {
    await emsp?.close();
    await ocpi?.stop();
    await operator?.close();
    await world?.cleanup();
  });

  it('PATCHes, after a restart, the status that changed while it was down, and not the ones the partner has', async () => {
    const running = ocpi;
    if (running === undefined) throw new Error('the OCPI service did not start');
    expect((await running.admin('POST', '/ocpi/registrations', { versions_url: emsp.versionsUrl, token: emsp.tokenA })).status).toBe(201);
    await operator.locationStore.put(testLocation([{ evse: 1 }, { evse: 2 }], Date.now()));
    await emsp.waitFor((request) => request.module === 'locations' && request.method === 'PUT' && request.failedWith === null);

    const now = Date.now();
    await appendEvents([
      script.status({ at: now, statusRaw: 'Charging', status: 'OCCUPIED', evseId: 1 }),
      script.status({ at: now, statusRaw: 'Charging', status: 'OCCUPIED', evseId: 2 }),
    ]);
    await emsp.waitFor(acceptedPatches('CP-1-1'));
    await emsp.waitFor(acceptedPatches('CP-1-2'));
    // What the partner accepted is on the bus before the service stops.
    await eventually(async () => expect(await readTopic(world.bus, topics.ocpiEvseStatusDeliveries)).toHaveLength(2));

    await running.stop();
    ocpi = undefined;
    await appendEvents([script.status({ at: now + 1_000, statusRaw: 'Available', status: 'AVAILABLE', evseId: 1 })]);
    const patchesBefore = emsp.received.filter(acceptedPatches('CP-1-2')).length;
    ocpi = await startOcpi();

    const [, missed] = await emsp.waitForCount(acceptedPatches('CP-1-1'), 2);
    expect(statusOf(missed)).toBe('AVAILABLE');
    expect(emsp.locations.get('NL', 'SWY', 'LOC-1')).toMatchObject({ evses: [expect.objectContaining({ uid: 'CP-1-1', status: 'AVAILABLE' }), expect.objectContaining({ uid: 'CP-1-2', status: 'CHARGING' })] });

    // A later change is PATCHed after anything the restart queued: EVSE 2, which the partner has, was not.
    await appendEvents([script.status({ at: now + 2_000, statusRaw: 'Charging', status: 'OCCUPIED', evseId: 1 })]);
    const [, , live] = await emsp.waitForCount(acceptedPatches('CP-1-1'), 3);
    expect(statusOf(live)).toBe('CHARGING');
    expect(emsp.received.filter(acceptedPatches('CP-1-2'))).toHaveLength(patchesBefore);
  });
});
