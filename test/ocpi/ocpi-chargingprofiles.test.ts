import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evseUidOf } from '../../services/projectors/tracking/evse-uid.ts';
import { connectCharger, type Charger } from '../edge/support/chargers.ts';
import { eventually } from '../edge/support/edge-harness.ts';
import { startMockEmsp, type MockEmsp } from './support/mock-emsp.ts';
import { startOcpiNode, type OcpiNode } from './support/ocpi-node.ts';
import { appendRecords, locationBody, sessionRecord, type Party } from './support/sender-records.ts';

/**
 * ChargingProfiles as an eMSP and a charger see it: the mock eMSP (real HTTP) sets, reads and clears the
 * charging profile of its customers' running sessions on one Switchyard node; real ocpp-rpc chargers (1.6
 * and 2.0.1) receive the OCPP commands, and the results arrive at the eMSP's response_url.
 */

const ourParty: Party = { country_code: 'NL', party_id: 'SWY' };
const emspParty: Party = { country_code: 'DE', party_id: 'EMS' };
const otherEmsp: Party = { country_code: 'FR', party_id: 'OTH' };
const charger16 = 'CP-PRF-16';
const charger201 = 'CS-PRF-201';
const commandTimeoutMs = 1_000;

interface Received {
  readonly method: string;
  readonly params: Record<string, unknown>;
}

async function chargerAnswering(wsUrl: string, identity: string, protocol: 'ocpp1.6' | 'ocpp2.0.1', answers: Record<string, () => Record<string, unknown>>) {
  const charger = await connectCharger({ baseUrl: wsUrl, identity, protocol });
  const received: Received[] = [];
  for (const [method, answer] of Object.entries(answers)) {
    charger.handle(method, async ({ params }) => {
      received.push({ method, params: (params ?? {}) as Record<string, unknown> });
      return answer();
    });
  }
  return { charger, received };
}

/** A running session of `emsp`'s token on EVSE 1 of a charger, as the projector writes it. */
function runningSession(id: string, chargerId: string, transactionId: string, emsp: Party) {
  const record = sessionRecord({ id, cpo: ourParty, emsp, lastUpdated: Date.parse('2026-11-21T10:00:00Z') }, 'ACTIVE');
  return {
    ...record,
    value: { ...record.value, payload: { ...record.value.payload, charger_id: chargerId, transaction_id: transactionId, location_id: 'LOC-PRF', evse_uid: evseUidOf(chargerId, 1) } },
  };
}

const profile = { charging_rate_unit: 'A', min_charging_rate: 6, charging_profile_period: [{ start_period: 0, limit: 16 }, { start_period: 900, limit: 10.5 }] };

describe('OCPI chargingprofiles receiver', () => {
  let node: OcpiNode;
  let emsp: MockEmsp;
  let cp16: { charger: Charger; received: Received[] };
  let cs201: { charger: Charger; received: Received[] };

  const responseUrl = (kind: string) => `${emsp.endpointUrl('chargingprofiles')}/${kind}/${randomUUID()}`;
  /** The result POSTed to a response_url, with the routing headers it came with. */
  const resultAt = async (url: string) => {
    const posted = await emsp.waitFor((request) => request.method === 'POST' && request.path === new URL(url).pathname);
    return { body: posted.body, from: posted.headers['ocpi-from-party-id'], to: posted.headers['ocpi-to-party-id'] };
  };
  const put = (sessionId: string, body: unknown) => emsp.callCpo('PUT', 'chargingprofiles', `/${sessionId}`, body);

  beforeAll(async () => {
    node = await startOcpiNode({ config: { commandTimeoutMs } });
    emsp = await startMockEmsp();
    const issued = (await node.harness.admin('POST', '/ocpi/token-a', {})).body as { token: string; versions_url: string };
    await emsp.registerWith(issued.versions_url, issued.token);
    const location = locationBody(ourParty, 'LOC-PRF', 1);
    const [evse] = location['evses'] as Record<string, unknown>[];
    const evses = [
      { ...evse, uid: evseUidOf(charger16, 1), switchyard: { charger_id: charger16, evse_id: 1 } },
      { ...evse, uid: evseUidOf(charger201, 1), switchyard: { charger_id: charger201, evse_id: 1 } },
    ];
    expect((await node.harness.admin('PUT', '/locations/LOC-PRF', { ...location, evses })).status).toBe(201);
    await eventually(async () => expect((await emsp.callCpo('GET', 'locations', '/LOC-PRF')).body?.status_code).toBe(1000));
    await appendRecords(node.harness.bus, node.harness.serde, 'switchyard.sessions', [
      runningSession('PRF-16', charger16, '42', emspParty),
      runningSession('PRF-201', charger201, 'TX-201', emspParty),
      runningSession('PRF-OTHER', charger16, '43', otherEmsp),
    ]);

    cp16 = await chargerAnswering(node.wsUrl, charger16, 'ocpp1.6', {
      SetChargingProfile: () => ({ status: 'Accepted' }),
      ClearChargingProfile: () => ({ status: 'Unknown' }),
      GetCompositeSchedule: () => ({
        status: 'Accepted',
        connectorId: 1,
        scheduleStart: '2026-11-21T12:00:00Z',
        chargingSchedule: { duration: 900, chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }] },
      }),
    });
    cs201 = await chargerAnswering(node.wsUrl, charger201, 'ocpp2.0.1', {
      SetChargingProfile: () => ({ status: 'Rejected' }),
      ClearChargingProfile: () => ({ status: 'Accepted' }),
      GetCompositeSchedule: () => ({
        status: 'Accepted',
        schedule: { evseId: 1, duration: 600, scheduleStart: '2026-11-21T12:00:00Z', chargingRateUnit: 'W', chargingSchedulePeriod: [{ startPeriod: 0, limit: 11000 }] },
      }),
    });
  });

  afterAll(async () => {
    await cp16?.charger.close({ force: true });
    await cs201?.charger.close({ force: true });
    await emsp?.close();
    await node?.stop();
  });

  it('is in our version details as a RECEIVER', () => {
    expect(emsp.cpo?.endpoints).toContainEqual(expect.objectContaining({ identifier: 'chargingprofiles', role: 'RECEIVER' }));
  });

  it('sets a TxProfile for the session\'s transaction on a 1.6 charger and posts the ChargingProfileResult', async () => {
    const url = responseUrl('chargingprofile');
    const reply = await eventually(async () => {
      const sent = await put('PRF-16', { charging_profile: profile, response_url: url });
      expect(sent.body).toMatchObject({ status_code: 1000, data: { result: 'ACCEPTED', timeout: expect.any(Number) } });
      return sent;
    });
    expect(reply.httpStatus).toBe(200);
    expect(await resultAt(url)).toEqual({ body: { result: 'ACCEPTED' }, from: 'SWY', to: 'EMS' });
    expect(cp16.received.at(-1)).toEqual({
      method: 'SetChargingProfile',
      params: {
        connectorId: 1,
        csChargingProfiles: {
          chargingProfileId: expect.any(Number),
          transactionId: 42,
          stackLevel: 0,
          chargingProfilePurpose: 'TxProfile',
          chargingProfileKind: 'Relative',
          chargingSchedule: { chargingRateUnit: 'A', minChargingRate: 6, chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }, { startPeriod: 900, limit: 10.5 }] },
        },
      },
    });
  });

  it('passes a 2.0.1 station\'s refusal on as REJECTED', async () => {
    const url = responseUrl('chargingprofile');
    await eventually(async () => expect((await put('PRF-201', { charging_profile: { ...profile, start_date_time: '2026-11-21T12:00:00Z' }, response_url: url })).body?.data).toMatchObject({ result: 'ACCEPTED' }));
    expect((await resultAt(url)).body).toEqual({ result: 'REJECTED' });
    expect(cs201.received.at(-1)).toMatchObject({
      method: 'SetChargingProfile',
      params: {
        evseId: 1,
        chargingProfile: {
          transactionId: 'TX-201',
          chargingProfilePurpose: 'TxProfile',
          chargingProfileKind: 'Absolute',
          chargingSchedule: [{ startSchedule: '2026-11-21T12:00:00.000Z', chargingRateUnit: 'A' }],
        },
      },
    });
  });

  it('reads the composite schedule of a 1.6 and a 2.0.1 EVSE as an ActiveChargingProfileResult', async () => {
    const url16 = responseUrl('compositeschedule');
    expect((await emsp.callCpo('GET', 'chargingprofiles', `/PRF-16?duration=900&response_url=${encodeURIComponent(url16)}`)).body?.data).toMatchObject({ result: 'ACCEPTED' });
    expect((await resultAt(url16)).body).toEqual({
      result: 'ACCEPTED',
      profile: {
        start_date_time: '2026-11-21T12:00:00.000Z',
        charging_profile: { start_date_time: '2026-11-21T12:00:00.000Z', duration: 900, charging_rate_unit: 'A', charging_profile_period: [{ start_period: 0, limit: 16 }] },
      },
    });
    expect(cp16.received.at(-1)).toEqual({ method: 'GetCompositeSchedule', params: { connectorId: 1, duration: 900 } });

    const url201 = responseUrl('compositeschedule');
    expect((await emsp.callCpo('GET', 'chargingprofiles', `/PRF-201?duration=600&response_url=${encodeURIComponent(url201)}`)).body?.data).toMatchObject({ result: 'ACCEPTED' });
    expect((await resultAt(url201)).body).toMatchObject({ result: 'ACCEPTED', profile: { charging_profile: { duration: 600, charging_rate_unit: 'W', charging_profile_period: [{ start_period: 0, limit: 11000 }] } } });
    expect(cs201.received.at(-1)).toEqual({ method: 'GetCompositeSchedule', params: { evseId: 1, duration: 600 } });
  });

  it('clears the profile it set: ClearProfileResult UNKNOWN when the charger has none, ACCEPTED when it cleared it', async () => {
    const url16 = responseUrl('clearprofile');
    expect((await emsp.callCpo('DELETE', 'chargingprofiles', `/PRF-16?response_url=${encodeURIComponent(url16)}`)).body?.data).toMatchObject({ result: 'ACCEPTED' });
    expect((await resultAt(url16)).body).toEqual({ result: 'UNKNOWN' });
    const set = cp16.received.find((received) => received.method === 'SetChargingProfile')?.params['csChargingProfiles'] as { chargingProfileId: number } | undefined;
    expect(cp16.received.at(-1)).toEqual({ method: 'ClearChargingProfile', params: { id: set?.chargingProfileId } });

    const url201 = responseUrl('clearprofile');
    expect((await emsp.callCpo('DELETE', 'chargingprofiles', `/PRF-201?response_url=${encodeURIComponent(url201)}`)).body?.data).toMatchObject({ result: 'ACCEPTED' });
    expect((await resultAt(url201)).body).toEqual({ result: 'ACCEPTED' });
    expect(cs201.received.at(-1)).toEqual({ method: 'ClearChargingProfile', params: { chargingProfileId: expect.any(Number) } });
  });

  it('answers at once what cannot reach a charger: unknown sessions, other eMSPs\' sessions, invalid requests', async () => {
    const before = cp16.received.length;
    const request = { charging_profile: profile, response_url: responseUrl('chargingprofile') };
    expect((await put('NO-SUCH-SESSION', request)).body).toMatchObject({ status_code: 1000, data: { result: 'UNKNOWN_SESSION', timeout: expect.any(Number) } });
    expect((await put('PRF-OTHER', request)).body).toMatchObject({ status_code: 1000, data: { result: 'UNKNOWN_SESSION' } });
    expect((await put('PRF-16', { ...request, charging_profile: { ...profile, charging_profile_period: [] } })).body?.data).toMatchObject({ result: 'REJECTED' });
    expect((await put('PRF-16', { charging_profile: profile })).body).toMatchObject({ status_code: 2001 });
    expect((await emsp.callCpo('GET', 'chargingprofiles', `/PRF-16?response_url=${encodeURIComponent(request.response_url)}`)).body).toMatchObject({ status_code: 2001 });
    expect((await emsp.callCpo('DELETE', 'chargingprofiles', '/PRF-16')).body).toMatchObject({ status_code: 2001 });
    expect(cp16.received.length).toBe(before);
  });
});
