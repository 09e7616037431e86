import { NOREPLY } from 'ocpp-rpc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evseUidOf } from '../../services/projectors/tracking/evse-uid.ts';
import { connectCharger, type Charger } from '../edge/support/chargers.ts';
import { eventsOf, eventually } from '../edge/support/edge-harness.ts';
import { startMockEmsp, type MockEmsp, type ReceivedRequest } from './support/mock-emsp.ts';
import { startOcpiNode, type OcpiNode } from './support/ocpi-node.ts';
import type { OcpiReply } from './support/ocpi-test-client.ts';
import { appendRecords, locationBody, sessionRecord, type Party } from './support/sender-records.ts';

/**
 * The RECEIVER side as an eMSP and a charger see it: a mock eMSP (real HTTP) pushes tokens and sends
 * commands to one Switchyard node (OCPI service, roaming, projectors and the OCPP edge on one embedded
 * bus), real ocpp-rpc chargers (1.6 and 2.0.1) answer, and real-time authorization goes from the edge
 * through the OCPI service's admin API to the eMSP.
 */

const ourParty: Party = { country_code: 'NL', party_id: 'SWY' };
const emspParty: Party = { country_code: 'DE', party_id: 'EMS' };
const charger16 = 'CP-RCV-16';
const charger201 = 'CS-RCV-201';
const commandTimeoutMs = 1_000;
/** Switchyard derives EVSE uids from the charger and its OCPP EVSE id. */
const evse16 = evseUidOf(charger16, 1);
const evse201 = evseUidOf(charger201, 1);

const token = (uid: string, whitelist: string, extra: Record<string, unknown> = {}) => ({
  ...emspParty,
  uid,
  type: 'RFID',
  contract_id: `DE-EMS-${uid}`,
  issuer: 'Mock eMSP',
  valid: true,
  whitelist,
  last_updated: '2026-11-21T10:00:00Z',
  ...extra,
});

interface Received {
  readonly method: string;
  readonly params: Record<string, unknown>;
}

async function chargerAnswering(wsUrl: string, identity: string, protocol: 'ocpp1.6' | 'ocpp2.0.1', answers: Record<string, () => unknown>) {
  const charger = await connectCharger({ baseUrl: wsUrl, identity, protocol });
  const received: Received[] = [];
  for (const [method, answer] of Object.entries(answers)) {
    charger.handle(method, async ({ params }) => {
      received.push({ method, params: (params ?? {}) as Record<string, unknown> });
      // ocpp-rpc answers NOREPLY (a symbol) with silence; its types only admit objects.
      return answer() as Record<string, unknown>;
    });
  }
  return { charger, received };
}

const statusOf = (reply: OcpiReply) => ({ httpStatus: reply.httpStatus, statusCode: reply.body?.status_code });

describe('OCPI receivers: tokens, commands and real-time authorization', () => {
  let node: OcpiNode;
  let emsp: MockEmsp;
  let cp16: { charger: Charger; received: Received[] };
  let cs201: { charger: Charger; received: Received[] };
  const reserveAnswer16 = { status: 'Occupied' };

  beforeAll(async () => {
    node = await startOcpiNode({ config: { commandTimeoutMs } });
    emsp = await startMockEmsp();
    const issued = (await node.harness.admin('POST', '/ocpi/token-a', {})).body as { token: string; versions_url: string };
    await emsp.registerWith(issued.versions_url, issued.token);
    const location = locationBody(ourParty, 'LOC-RCV', 1);
    const [evse] = location['evses'] as Record<string, unknown>[];
    const evses = [
      { ...evse, switchyard: { charger_id: charger16, evse_id: 1 } },
      { ...evse, switchyard: { charger_id: charger201, evse_id: 1 } },
    ];
    expect((await node.harness.admin('PUT', '/locations/LOC-RCV', { ...location, evses })).status).toBe(201);
    // The OCPI service reads locations from their topic: wait until it serves this one.
    await eventually(async () => expect(statusOf(await emsp.callCpo('GET', 'locations', '/LOC-RCV'))).toEqual({ httpStatus: 200, statusCode: 1000 }));

    cp16 = await chargerAnswering(node.wsUrl, charger16, 'ocpp1.6', {
      RemoteStartTransaction: () => ({ status: 'Accepted' }),
      RemoteStopTransaction: () => ({ status: 'Accepted' }),
      UnlockConnector: () => ({ status: 'Unlocked' }),
      ReserveNow: () => reserveAnswer16,
    });
    cs201 = await chargerAnswering(node.wsUrl, charger201, 'ocpp2.0.1', {
      RequestStartTransaction: () => ({ status: 'Accepted' }),
      ReserveNow: () => ({ status: 'Accepted' }),
      CancelReservation: () => ({ status: 'Accepted' }),
      UnlockConnector: () => NOREPLY,
    });
    await cp16.charger.call('BootNotification', { chargePointVendor: 'Test', chargePointModel: 'Receiver' });
  });

  afterAll(async () => {
    await cp16?.charger.close({ force: true });
    await cs201?.charger.close({ force: true });
    await emsp?.close();
    await node?.stop();
  });

  describe('tokens', () => {
    it('stores what the eMSP PUTs and serves it back on GET', async () => {
      expect(statusOf(await emsp.pushToken(token('TAG-PUT', 'ALWAYS')))).toEqual({ httpStatus: 201, statusCode: 1000 });
      expect(statusOf(await emsp.pushToken(token('TAG-PUT', 'ALWAYS')))).toEqual({ httpStatus: 200, statusCode: 1000 });
      const got = await emsp.callCpo('GET', 'tokens', '/DE/EMS/TAG-PUT?type=RFID');
      expect(got.body).toMatchObject({ status_code: 1000, data: { uid: 'TAG-PUT', whitelist: 'ALWAYS', last_updated: '2026-11-21T10:00:00Z' } });
      expect(statusOf(await emsp.callCpo('GET', 'tokens', '/DE/EMS/TAG-PUT?type=APP_USER'))).toEqual({ httpStatus: 404, statusCode: 2004 });
    });

    it('merges a PATCH, which must carry last_updated', async () => {
      await emsp.pushToken(token('TAG-PATCH', 'ALWAYS'));
      expect(statusOf(await emsp.callCpo('PATCH', 'tokens', '/DE/EMS/TAG-PATCH', { valid: false }))).toEqual({ httpStatus: 200, statusCode: 2001 });
      expect(statusOf(await emsp.callCpo('PATCH', 'tokens', '/DE/EMS/TAG-PATCH', { valid: false, last_updated: '2026-11-21T11:00:00Z' }))).toEqual({
        httpStatus: 200,
        statusCode: 1000,
      });
      const got = await emsp.callCpo('GET', 'tokens', '/DE/EMS/TAG-PATCH');
      expect(got.body?.data).toMatchObject({ uid: 'TAG-PATCH', valid: false, issuer: 'Mock eMSP', last_updated: '2026-11-21T11:00:00Z' });
      expect(statusOf(await emsp.callCpo('PATCH', 'tokens', '/DE/EMS/TAG-NONE', { valid: false, last_updated: '2026-11-21T11:00:00Z' }))).toEqual({ httpStatus: 404, statusCode: 2004 });
    });

    it('keeps one uid\'s tokens of different types apart: PUT, GET and PATCH name the type', async () => {
      expect(statusOf(await emsp.pushToken(token('TAG-TWO', 'ALWAYS')))).toEqual({ httpStatus: 201, statusCode: 1000 });
      const appUser = token('TAG-TWO', 'ALLOWED', { type: 'APP_USER', contract_id: 'DE-EMS-APP-TWO' });
      expect(statusOf(await emsp.pushToken(appUser))).toEqual({ httpStatus: 201, statusCode: 1000 });
      expect((await emsp.callCpo('GET', 'tokens', '/DE/EMS/TAG-TWO')).body?.data).toMatchObject({ type: 'RFID', whitelist: 'ALWAYS', contract_id: 'DE-EMS-TAG-TWO' });
      expect((await emsp.callCpo('GET', 'tokens', '/DE/EMS/TAG-TWO?type=APP_USER')).body?.data).toMatchObject({ type: 'APP_USER', whitelist: 'ALLOWED', contract_id: 'DE-EMS-APP-TWO' });

      const patch = { valid: false, last_updated: '2026-11-21T11:00:00Z' };
      expect(statusOf(await emsp.callCpo('PATCH', 'tokens', '/DE/EMS/TAG-TWO?type=APP_USER', patch))).toEqual({ httpStatus: 200, statusCode: 1000 });
      expect((await emsp.callCpo('GET', 'tokens', '/DE/EMS/TAG-TWO?type=APP_USER')).body?.data).toMatchObject({ type: 'APP_USER', valid: false });
      expect((await emsp.callCpo('GET', 'tokens', '/DE/EMS/TAG-TWO?type=RFID')).body?.data).toMatchObject({ type: 'RFID', valid: true, last_updated: '2026-11-21T10:00:00Z' });
      expect(statusOf(await emsp.callCpo('GET', 'tokens', '/DE/EMS/TAG-TWO?type=OTHER'))).toEqual({ httpStatus: 404, statusCode: 2004 });
      expect((await node.harness.admin('GET', '/tokens/TAG-TWO?type=APP_USER')).body).toMatchObject({ contract_id: 'DE-EMS-APP-TWO', valid: false });
      await eventually(async () => expect(await cp16.charger.call('Authorize', { idTag: 'TAG-TWO' })).toEqual({ idTagInfo: { status: 'Accepted' } }));
    });

    it('refuses a URL that differs from the token, and other parties\' tokens', async () => {
      expect(statusOf(await emsp.callCpo('PUT', 'tokens', '/DE/EMS/TAG-OTHER', token('TAG-X', 'ALWAYS')))).toEqual({ httpStatus: 200, statusCode: 2001 });
      expect(statusOf(await emsp.callCpo('PUT', 'tokens', '/NL/XXX/TAG-X', { ...token('TAG-X', 'ALWAYS'), country_code: 'NL', party_id: 'XXX' }))).toEqual({
        httpStatus: 404,
        statusCode: 2000,
      });
      expect(statusOf(await emsp.callCpo('GET', 'tokens', '/NL/SWY/TAG-PUT'))).toEqual({ httpStatus: 404, statusCode: 2000 });
    });

    it('reaches the charger\'s Authorize: a pushed token charges, an invalidated one is blocked', async () => {
      await emsp.pushToken(token('TAG-AUTH', 'ALWAYS'));
      await eventually(async () => expect(await cp16.charger.call('Authorize', { idTag: 'TAG-AUTH' })).toEqual({ idTagInfo: { status: 'Accepted' } }));
      await emsp.callCpo('PATCH', 'tokens', '/DE/EMS/TAG-AUTH', { valid: false, last_updated: '2026-11-21T12:00:00Z' });
      await eventually(async () => expect(await cp16.charger.call('Authorize', { idTag: 'TAG-AUTH' })).toEqual({ idTagInfo: { status: 'Blocked' } }));
    });
  });

  describe('real-time authorization', () => {
    const authorizeCalls = (uid: string) => (request: ReceivedRequest) => request.module === 'tokens' && request.method === 'POST' && request.path.endsWith(`/${uid}/authorize`);

    const decisionsFor = async (uid: string) =>
      (await eventsOf(node.harness.bus, node.harness.serde, charger16)).filter(
        (event) => event.type === 'AuthorizationDecided' && (event.value['id_token'] as { value: string }).value === uid,
      );

    beforeAll(async () => {
      await emsp.pushToken(token('TAG-NEVER', 'NEVER'));
      await emsp.pushToken(token('TAG-ALLOWED', 'ALLOWED'));
      await eventually(async () => expect((await emsp.callCpo('GET', 'tokens', '/DE/EMS/TAG-ALLOWED')).body?.status_code).toBe(1000));
    });

    it('asks the eMSP for a whitelist NEVER token, with the charger\'s location, and records its reference', async () => {
      emsp.answerAuthorization({ answer: { allowed: 'ALLOWED', token: token('TAG-NEVER', 'NEVER'), authorization_reference: 'AUTH-REF-1' } });
      await eventually(async () => expect(await cp16.charger.call('Authorize', { idTag: 'TAG-NEVER' })).toEqual({ idTagInfo: { status: 'Accepted' } }));
      const asked = await emsp.waitFor(authorizeCalls('TAG-NEVER'));
      expect(asked.query).toMatchObject({ type: 'RFID' });
      expect(asked.body).toEqual({ location_id: 'LOC-RCV', evse_uids: [evse16] });
      expect(asked.violations).toEqual([]);
      const decisions = await eventually(async () => {
        const found = await decisionsFor('TAG-NEVER');
        expect(found.length).toBeGreaterThan(0);
        return found;
      });
      expect(decisions.at(-1)?.value).toMatchObject({ status: 'ACCEPTED', decided_by: 'emsp', authorization_reference: 'AUTH-REF-1' });
    });

    it('blocks a token the eMSP blocks', async () => {
      emsp.answerAuthorization({ answer: { allowed: 'BLOCKED', token: token('TAG-NEVER', 'NEVER') } });
      expect(await cp16.charger.call('Authorize', { idTag: 'TAG-NEVER' })).toEqual({ idTagInfo: { status: 'Blocked' } });
    });

    it('falls back when the eMSP is down: NEVER is refused, ALLOWED charges from the list', async () => {
      emsp.failNext(Number.POSITIVE_INFINITY, 'closeSocket', (request) => request.module === 'tokens' && request.method === 'POST');
      try {
        expect(await cp16.charger.call('Authorize', { idTag: 'TAG-NEVER' })).toEqual({ idTagInfo: { status: 'Invalid' } });
        expect(await cp16.charger.call('Authorize', { idTag: 'TAG-ALLOWED' })).toEqual({ idTagInfo: { status: 'Accepted' } });
      } finally {
        emsp.stopFailing();
      }
      const decisions = await eventually(async () => {
        const found = await decisionsFor('TAG-ALLOWED');
        expect(found.length).toBeGreaterThan(0);
        return found;
      });
      expect(decisions.at(-1)?.value).toMatchObject({ status: 'ACCEPTED', decided_by: 'emsp_unreachable', authorization_reference: null });
    });
  });

  describe('commands', () => {
    const startSession = (evseUid: string) => ({
      token: token('APP-1', 'ALLOWED', { type: 'APP_USER' }),
      location_id: 'LOC-RCV',
      evse_uid: evseUid,
      authorization_reference: 'CMD-REF-1',
    });

    it('starts a session on a 1.6 charger and posts the CommandResult', async () => {
      const { reply, responseUrl } = await emsp.sendCommand('START_SESSION', startSession(evse16));
      expect(reply.body).toMatchObject({ status_code: 1000, data: { result: 'ACCEPTED', timeout: expect.any(Number) } });
      expect(await emsp.waitForCommandResult(responseUrl)).toMatchObject({ result: 'ACCEPTED' });
      expect(cp16.received.at(-1)).toEqual({ method: 'RemoteStartTransaction', params: { connectorId: 1, idTag: 'APP-1' } });
    });

    it('lets the charger start with the token of a START_SESSION, without asking the eMSP again', async () => {
      const asked = () => emsp.received.filter((request) => request.module === 'tokens' && request.path.endsWith('/APP-1/authorize')).length;
      const before = asked();
      // The command's token was not pushed: it is kept, and the charger's questions about it are answered from the command.
      await eventually(async () => expect(await cp16.charger.call('Authorize', { idTag: 'APP-1' })).toEqual({ idTagInfo: { status: 'Accepted' } }));
      const started = await cp16.charger.call('StartTransaction', { connectorId: 1, idTag: 'APP-1', meterStart: 0, timestamp: new Date().toISOString() });
      expect(started).toMatchObject({ idTagInfo: { status: 'Accepted' } });
      expect(asked()).toBe(before);
      expect((await emsp.callCpo('GET', 'tokens', '/DE/EMS/APP-1?type=APP_USER')).body?.data).toMatchObject({ uid: 'APP-1', whitelist: 'ALLOWED' });
      // The projector saw the remote start and the command's answer to the charger: so does the eMSP's Session.
      await eventually(async () => {
        const sessions = ((await emsp.callCpo('GET', 'sessions')).body?.data ?? []) as { cdr_token?: { uid?: string } }[];
        expect(sessions.find((session) => session.cdr_token?.uid === 'APP-1')).toMatchObject({
          cdr_token: { country_code: 'DE', party_id: 'EMS', uid: 'APP-1' },
          auth_method: 'COMMAND',
          authorization_reference: 'CMD-REF-1',
        });
      });
    });

    it('starts a session on a 2.0.1 station with RequestStartTransaction', async () => {
      const { responseUrl } = await emsp.sendCommand('START_SESSION', startSession(evse201));
      expect(await emsp.waitForCommandResult(responseUrl)).toMatchObject({ result: 'ACCEPTED' });
      expect(cs201.received.at(-1)).toMatchObject({ method: 'RequestStartTransaction', params: { evseId: 1, idToken: { idToken: 'APP-1', type: 'Central' } } });
    });

    it('unlocks a connector', async () => {
      const { reply, responseUrl } = await emsp.sendCommand('UNLOCK_CONNECTOR', { location_id: 'LOC-RCV', evse_uid: evse16, connector_id: '1' });
      expect(reply.body?.data).toMatchObject({ result: 'ACCEPTED' });
      expect(await emsp.waitForCommandResult(responseUrl)).toMatchObject({ result: 'ACCEPTED' });
      expect(cp16.received.at(-1)).toEqual({ method: 'UnlockConnector', params: { connectorId: 1 } });
    });

    it('reserves an EVSE on a 2.0.1 station and cancels the reservation', async () => {
      const reserve = { token: token('APP-1', 'ALLOWED', { type: 'APP_USER' }), expiry_date: '2030-01-01T00:00:00Z', reservation_id: 'RES-1', location_id: 'LOC-RCV', evse_uid: evse201 };
      const reserved = await emsp.sendCommand('RESERVE_NOW', reserve);
      expect(await emsp.waitForCommandResult(reserved.responseUrl)).toMatchObject({ result: 'ACCEPTED' });
      const sent = cs201.received.at(-1);
      expect(sent).toMatchObject({ method: 'ReserveNow', params: { evseId: 1, expiryDateTime: '2030-01-01T00:00:00.000Z', idToken: { idToken: 'APP-1', type: 'Central' } } });
      const cancelled = await emsp.sendCommand('CANCEL_RESERVATION', { reservation_id: 'RES-1' });
      expect(await emsp.waitForCommandResult(cancelled.responseUrl)).toMatchObject({ result: 'ACCEPTED' });
      expect(cs201.received.at(-1)).toEqual({ method: 'CancelReservation', params: { reservationId: sent?.params['id'] } });
    });

    it('reports an occupied EVSE when a 1.6 charger refuses a reservation', async () => {
      const { responseUrl } = await emsp.sendCommand('RESERVE_NOW', {
        token: token('APP-1', 'ALLOWED', { type: 'APP_USER' }),
        expiry_date: '2030-01-01T00:00:00Z',
        reservation_id: 'RES-2',
        location_id: 'LOC-RCV',
        evse_uid: evse16,
      });
      expect(await emsp.waitForCommandResult(responseUrl)).toMatchObject({ result: 'EVSE_OCCUPIED' });
      expect(cp16.received.at(-1)).toMatchObject({ method: 'ReserveNow', params: { connectorId: 1, idTag: 'APP-1', expiryDate: '2030-01-01T00:00:00.000Z' } });
      // Never held, so there is nothing to cancel.
      expect((await emsp.sendCommand('CANCEL_RESERVATION', { reservation_id: 'RES-2' })).reply.body?.data).toMatchObject({ result: 'REJECTED' });
    });

    it('stops a running session of one of the eMSP\'s customers', async () => {
      const facts = { id: 'SESSION-RCV-1', cpo: ourParty, emsp: emspParty, lastUpdated: Date.parse('2026-11-21T10:00:00Z') };
      const record = sessionRecord(facts, 'ACTIVE');
      const running = { ...record, value: { ...record.value, payload: { ...record.value.payload, charger_id: charger16, transaction_id: '42' } } };
      await appendRecords(node.harness.bus, node.harness.serde, 'switchyard.sessions', [running]);
      const { reply, responseUrl } = await eventually(async () => {
        const sent = await emsp.sendCommand('STOP_SESSION', { session_id: 'SESSION-RCV-1' });
        expect(sent.reply.body?.data).toMatchObject({ result: 'ACCEPTED' });
        return sent;
      });
      expect(reply.body?.status_code).toBe(1000);
      expect(await emsp.waitForCommandResult(responseUrl)).toMatchObject({ result: 'ACCEPTED' });
      expect(cp16.received.at(-1)).toEqual({ method: 'RemoteStopTransaction', params: { transactionId: 42 } });
    });

    it('answers at once what cannot reach a charger: unknown session, unknown location, invalid body', async () => {
      expect((await emsp.sendCommand('STOP_SESSION', { session_id: 'NO-SUCH-SESSION' })).reply.body).toMatchObject({ status_code: 1000, data: { result: 'UNKNOWN_SESSION' } });
      expect((await emsp.sendCommand('UNLOCK_CONNECTOR', { location_id: 'NOWHERE', evse_uid: 'E', connector_id: '1' })).reply.body).toMatchObject({
        status_code: 2003,
        data: { result: 'REJECTED' },
      });
      expect(statusOf((await emsp.sendCommand('START_SESSION', { location_id: 'LOC-RCV' })).reply)).toEqual({ httpStatus: 200, statusCode: 2001 });
      expect((await emsp.sendCommand('START_SESSION', { ...startSession(evse16), token: { ...token('APP-9', 'ALLOWED'), party_id: 'OTH' } })).reply.body?.data).toMatchObject({
        result: 'REJECTED',
      });
    });

    it('posts TIMEOUT when the charger never answers', async () => {
      const { responseUrl } = await emsp.sendCommand('UNLOCK_CONNECTOR', { location_id: 'LOC-RCV', evse_uid: evse201, connector_id: '1' });
      expect(await emsp.waitForCommandResult(responseUrl)).toMatchObject({ result: 'TIMEOUT' });
      expect(cs201.received.at(-1)).toEqual({ method: 'UnlockConnector', params: { evseId: 1, connectorId: 1 } });
    });

    it('retries the CommandResult when the response_url fails once', async () => {
      emsp.failNext(1, 'http500', (request) => request.module === 'commands');
      const { responseUrl } = await emsp.sendCommand('UNLOCK_CONNECTOR', { location_id: 'LOC-RCV', evse_uid: evse16, connector_id: '1' });
      expect(await emsp.waitForCommandResult(responseUrl)).toMatchObject({ result: 'ACCEPTED' });
      expect(emsp.received.filter((request) => request.module === 'commands' && request.path.endsWith(new URL(responseUrl).pathname.split('/').at(-1) ?? ''))).toHaveLength(2);
    });
  });
});

describe('tokens no list knows, asked of every eMSP (SWITCHYARD_EDGE_UNKNOWN_TOKENS=realtime)', () => {
  let node: OcpiNode;
  let knowing: MockEmsp;
  let other: MockEmsp;
  let station: Charger;

  const authorize = async (idToken: string) =>
    ((await station.call('Authorize', { idToken: { idToken, type: 'ISO14443' } })) as { idTokenInfo: { status: string } }).idTokenInfo.status;
  const authorizeCalls = (emsp: MockEmsp, uid: string) => emsp.received.filter((request) => request.module === 'tokens' && request.path.endsWith(`/${uid}/authorize`));

  beforeAll(async () => {
    node = await startOcpiNode({ unknownTokens: 'realtime' });
    knowing = await startMockEmsp({ tokens: [token('04AABBCC', 'NEVER')] });
    other = await startMockEmsp({ roles: [{ role: 'EMSP', country_code: 'FR', party_id: 'OTH', business_details: { name: 'Other eMSP' } }] });
    for (const emsp of [knowing, other]) {
      const issued = (await node.harness.admin('POST', '/ocpi/token-a', {})).body as { token: string; versions_url: string };
      await emsp.registerWith(issued.versions_url, issued.token);
    }
    station = await connectCharger({ baseUrl: node.wsUrl, identity: 'CS-RCV-UNKNOWN', protocol: 'ocpp2.0.1' });
    await station.call('BootNotification', { reason: 'PowerUp', chargingStation: { model: 'Receiver', vendorName: 'Test' } });
  });

  afterAll(async () => {
    await station?.close({ force: true });
    await knowing?.close();
    await other?.close();
    await node?.stop();
  });

  it('accepts a token one eMSP allows, asking every eMSP about an RFID card', async () => {
    expect(await authorize('04AABBCC')).toBe('Accepted');
    for (const emsp of [knowing, other]) expect(authorizeCalls(emsp, '04AABBCC')).toMatchObject([{ query: { type: 'RFID' } }]);
  });

  it('refuses a token no eMSP knows', async () => {
    expect(await authorize('04DDEEFF')).toBe('Invalid');
    expect(authorizeCalls(knowing, '04DDEEFF')).toHaveLength(1);
  });
});
