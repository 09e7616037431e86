import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deadLetterHeaders, deadLetterTopicOf } from '../../services/core/bus/event-bus.ts';
import { topics } from '../../services/core/bus/topic-catalogue.ts';
import type { SessionRecord } from '../../services/core/events/generated-types.ts';
import { locationKind } from '../../services/roaming/ocpi/location-kind.ts';
import { ChargerScript } from '../projectors/support/charger-script.ts';
import { startMockEmsp, type MockEmsp, type ReceivedRequest } from './support/mock-emsp.ts';
import { openPushWorld, ourParty, type PushWorld } from './support/push-world.ts';
import { appendRecords, cdrRecord, sessionRecord, type Party } from './support/sender-records.ts';

const ems: Party = { country_code: 'DE', party_id: 'EMS' };
const emt: Party = { country_code: 'DE', party_id: 'EMT' };
const t0 = Date.parse('2026-11-21T10:00:00.000Z');

const facts = (id: string, emsp: Party, minute: number) => ({ id, cpo: ourParty, emsp, lastUpdated: t0 + minute * 60_000 });
const withKwh = (record: { key: string; value: SessionRecord }, kwh: number) => {
  const object = { ...(JSON.parse(record.value.payload.object_json) as object), kwh };
  return { key: record.key, value: { ...record.value, payload: { ...record.value.payload, kwh, object_json: JSON.stringify(object) } } };
};

const accepted = (module: string, method: string) => (request: ReceivedRequest) => request.module === module && request.method === method && request.failedWith === null;
const bodyOf = (request: ReceivedRequest) => request.body as Record<string, unknown>;

/** Stored the way the admin API stores it: one EVSE, charger CP-1's OCPP EVSE 1. */
async function storeLocation(): Promise<void> {
  const accepted = locationKind.accept(
    {
      country_code: 'NL', party_id: 'SWY', id: 'LOC-1', publish: true, address: 'Stationsplein 1', city: 'Utrecht', country: 'NLD',
      coordinates: { latitude: '52.08944', longitude: '5.11027' }, time_zone: 'Europe/Amsterdam',
      evses: [{ connectors: [{ id: '1', standard: 'IEC_62196_T2', format: 'SOCKET', power_type: 'AC_3_PHASE', max_voltage: 230, max_amperage: 32 }], switchyard: { charger_id: 'CP-1', evse_id: 1 } }],
    },
    Date.now(),
  );
  if (!accepted.ok) throw new Error(accepted.problems.join('; '));
  await world.roaming.locationStore.put(accepted.object);
}

let world: PushWorld;
const emsps: MockEmsp[] = [];
const startEmsp = async (party: Party): Promise<MockEmsp> => {
  const emsp = await startMockEmsp({ roles: [{ role: 'EMSP', ...party, business_details: { name: `eMSP ${party.party_id}` } }] });
  emsps.push(emsp);
  return emsp;
};

beforeEach(async () => {
  world = await openPushWorld();
});

afterEach(async () => {
  await world.close();
  await Promise.all(emsps.splice(0).map((emsp) => emsp.close()));
});

describe('OCPI push to a registered eMSP', () => {
  it('PUTs its sessions and POSTs its CDRs in order, from the moment it registered, and keeps where the CDR lives', async () => {
    const emsp = await startEmsp(ems);
    await appendRecords(world.bus, world.serde, topics.sessions, [sessionRecord(facts('SES-OLD', ems, 0))]);
    await world.registerWith(emsp, 'emsp-ems');

    const first = sessionRecord(facts('SES-1', ems, 1));
    await appendRecords(world.bus, world.serde, topics.sessions, [
      first,
      sessionRecord(facts('SES-OTHER', emt, 1)),
      withKwh(first, 5),
      withKwh(sessionRecord(facts('SES-1', ems, 2), 'COMPLETED'), 12),
    ]);
    await appendRecords(world.bus, world.serde, topics.cdrs, [cdrRecord(facts('CDR-1', ems, 3))]);

    const puts = await emsp.waitForCount(accepted('sessions', 'PUT'), 3);
    const [posted] = await emsp.waitForCount(accepted('cdrs', 'POST'), 1);
    expect(puts.map((request) => [request.path.split('/').slice(-3).join('/'), bodyOf(request)['status'], bodyOf(request)['kwh']])).toEqual([
      ['NL/SWY/SES-1', 'ACTIVE', 11],
      ['NL/SWY/SES-1', 'ACTIVE', 5],
      ['NL/SWY/SES-1', 'COMPLETED', 12],
    ]);
    expect(emsp.sessions.get('NL', 'SWY', 'SES-1')).toMatchObject({ status: 'COMPLETED', kwh: 12 });
    expect(emsp.sessions.get('NL', 'SWY', 'SES-OLD')).toBeUndefined();
    expect(emsp.sessions.get('NL', 'SWY', 'SES-OTHER')).toBeUndefined();
    expect(emsp.cdrs.get('NL', 'SWY', 'CDR-1')).toMatchObject({ id: 'CDR-1', total_energy: 12 });
    for (const request of [...puts, posted]) {
      expect(request?.headers).toMatchObject({ 'ocpi-from-country-code': 'NL', 'ocpi-from-party-id': 'SWY', 'ocpi-to-country-code': 'DE', 'ocpi-to-party-id': 'EMS' });
    }

    const cdrUrl = `${emsp.endpointUrl('cdrs')}/NL/SWY/CDR-1`;
    await expect.poll(() => world.push.healthOf('emsp-ems')?.last_cdr_location).toBe(cdrUrl);
    await expect.poll(async () => (await world.readAll(topics.ocpiCdrDeliveries)).length).toBe(1);
    const deliveries = await world.readAll(topics.ocpiCdrDeliveries);
    const delivery = await world.serde.decode(topics.ocpiCdrDeliveries, deliveries[0]?.value ?? new Uint8Array());
    expect(delivery.payload).toMatchObject({ partner_id: 'emsp-ems', cdr_key: 'NL/SWY/CDR-1', location_url: cdrUrl });
    await expect.poll(() => world.push.healthOf('emsp-ems')?.channels.sessions).toMatchObject({ backlog: 0, last_failure: null });
    expect(world.push.healthOf('emsp-ems')?.channels.cdrs?.last_success_at).toEqual(expect.any(String));
  });

  it('loses nothing and keeps the order while the eMSP answers 3000 and then is down', async () => {
    const emsp = await startEmsp(ems);
    await world.registerWith(emsp, 'emsp-ems');
    emsp.failNext(2, 'ocpi3000');
    emsp.failNext(Number.POSITIVE_INFINITY, 'closeSocket', (request) => request.module === 'sessions' || request.module === 'cdrs');
    const updates = [1, 2, 3, 4, 5].map((kwh) => withKwh(sessionRecord(facts('SES-2', ems, kwh)), kwh));
    await appendRecords(world.bus, world.serde, topics.sessions, updates);
    await appendRecords(world.bus, world.serde, topics.cdrs, [cdrRecord(facts('CDR-2', ems, 6)), cdrRecord(facts('CDR-3', ems, 7))]);

    await emsp.waitForCount((request) => request.failedWith === 'closeSocket', 4);
    await expect.poll(() => world.push.healthOf('emsp-ems')?.channels.sessions?.backlog).toBe(5);
    expect(world.push.healthOf('emsp-ems')?.channels.sessions?.last_failure).toMatchObject({ retriable: true });
    expect(emsp.received.filter((request) => request.failedWith === 'ocpi3000')).toHaveLength(2);

    emsp.stopFailing();
    const puts = await emsp.waitForCount(accepted('sessions', 'PUT'), 5);
    await emsp.waitForCount(accepted('cdrs', 'POST'), 2);
    expect(puts.map((request) => bodyOf(request)['kwh'])).toEqual([1, 2, 3, 4, 5]);
    expect(emsp.received.filter(accepted('cdrs', 'POST')).map((request) => bodyOf(request)['id'])).toEqual(['CDR-2', 'CDR-3']);
    await expect.poll(() => world.push.healthOf('emsp-ems')?.channels.sessions?.backlog).toBe(0);
    const metrics = await world.metrics.metrics();
    expect(metrics).toContain('switchyard_ocpi_push_backlog{partner="emsp-ems",channel="sessions"} 0');
    expect(metrics).toMatch(/switchyard_ocpi_push_attempts_total\{partner="emsp-ems",channel="sessions",outcome="retry"\} [1-9]/);
    expect(metrics).toContain('switchyard_ocpi_push_attempts_total{partner="emsp-ems",channel="sessions",outcome="accepted"} 5');
  });

  it('resumes after a restart where the eMSP last accepted: nothing is sent twice, nothing is skipped', async () => {
    const emsp = await startEmsp(ems);
    await world.registerWith(emsp, 'emsp-ems');
    const session = sessionRecord(facts('SES-R', ems, 1));
    await appendRecords(world.bus, world.serde, topics.sessions, [withKwh(session, 1), withKwh(session, 2)]);
    await emsp.waitForCount(accepted('sessions', 'PUT'), 2);

    await world.restartPush();
    await appendRecords(world.bus, world.serde, topics.sessions, [withKwh(session, 3)]);
    await emsp.waitForCount(accepted('sessions', 'PUT'), 3);
    await appendRecords(world.bus, world.serde, topics.cdrs, [cdrRecord(facts('CDR-R', ems, 2))]);
    await emsp.waitFor(accepted('cdrs', 'POST'));
    expect(emsp.received.filter(accepted('sessions', 'PUT')).map((request) => bodyOf(request)['kwh'])).toEqual([1, 2, 3]);
  });

  it('dead-letters what the eMSP refuses, with the reason, and goes on with the next change', async () => {
    const emsp = await startEmsp(ems);
    await world.registerWith(emsp, 'emsp-ems');
    const refused = sessionRecord(facts('SES-BAD', ems, 1));
    // The mock answers 2001 to a Session that is not a JSON object.
    const malformed = { key: refused.key, value: { ...refused.value, payload: { ...refused.value.payload, object_json: '"not a session"' } } };
    await appendRecords(world.bus, world.serde, topics.sessions, [malformed]);
    await appendRecords(world.bus, world.serde, topics.sessions, [sessionRecord(facts('SES-GOOD', ems, 2))]);

    await emsp.waitFor((request) => accepted('sessions', 'PUT')(request) && request.path.endsWith('/SES-GOOD'));
    await expect.poll(async () => (await world.readAll(deadLetterTopicOf(topics.sessions))).length).toBe(1);
    const dead = await world.readAll(deadLetterTopicOf(topics.sessions));
    expect(dead.map((record) => record.key)).toEqual(['NL/SWY/SES-BAD']);
    expect(dead[0]?.headers[deadLetterHeaders.group]).toBe('switchyard.ocpi.push.emsp-ems.sessions');
    expect(dead[0]?.headers[deadLetterHeaders.error]).toContain('OCPI 2001');
    expect(world.push.healthOf('emsp-ems')?.channels.sessions?.last_failure).toMatchObject({ retriable: false, reason: expect.stringContaining('HTTP 400, OCPI 2001') });
  });

  it('PUTs an operator changed location and PATCHes an EVSE whose charger changed status', async () => {
    const emsp = await startEmsp(ems);
    await world.registerWith(emsp, 'emsp-ems');
    await storeLocation();
    const [put] = await emsp.waitForCount(accepted('locations', 'PUT'), 1);
    expect(put?.path).toMatch(/\/locations\/NL\/SWY\/LOC-1$/);
    expect(bodyOf(put as ReceivedRequest)['evses']).toEqual([expect.not.objectContaining({ switchyard: expect.anything() })]);

    const charger = new ChargerScript('CP-1');
    await world.appendEvents([charger.status({ at: Date.now(), statusRaw: 'Charging', status: 'OCCUPIED' })]);
    const patch = await emsp.waitFor(accepted('locations', 'PATCH'));
    expect(patch.path).toMatch(/\/locations\/NL\/SWY\/LOC-1\/CP-1-1$/);
    expect(Object.keys(bodyOf(patch)).sort()).toEqual(['last_updated', 'status']);
    expect(emsp.locations.get('NL', 'SWY', 'LOC-1')).toMatchObject({ evses: [expect.objectContaining({ uid: 'CP-1-1', status: 'CHARGING' })] });
    expect(patch.headers).toMatchObject({ 'ocpi-from-party-id': 'SWY', 'ocpi-to-party-id': 'EMS' });
  });

  it('sends only the latest status of an EVSE once the eMSP is back', async () => {
    const emsp = await startEmsp(ems);
    await world.registerWith(emsp, 'emsp-ems');
    await storeLocation();
    await emsp.waitFor(accepted('locations', 'PUT'));
    emsp.failNext(Number.POSITIVE_INFINITY, 'http500', (request) => request.module === 'locations' && request.method === 'PATCH');

    const charger = new ChargerScript('CP-1');
    const now = Date.now();
    await world.appendEvents([charger.status({ at: now, statusRaw: 'Charging', status: 'OCCUPIED' })]);
    await emsp.waitFor((request) => request.failedWith === 'http500');
    await world.appendEvents([
      charger.status({ at: now + 1_000, statusRaw: 'Available', status: 'AVAILABLE' }),
      charger.status({ at: now + 2_000, statusRaw: 'Faulted', status: 'FAULTED' }),
    ]);
    await expect.poll(() => world.roaming.locations.read('NL/SWY/LOC-1')?.evses[0]?.status).toBe('OUTOFORDER');
    await expect.poll(() => world.push.healthOf('emsp-ems')?.channels['evse-statuses']?.backlog).toBe(1);

    emsp.stopFailing();
    const patch = await emsp.waitFor(accepted('locations', 'PATCH'));
    expect(bodyOf(patch)['status']).toBe('OUTOFORDER');
    expect(emsp.locations.get('NL', 'SWY', 'LOC-1')).toMatchObject({ evses: [expect.objectContaining({ uid: 'CP-1-1', status: 'OUTOFORDER' })] });
  });

  it('keeps pushing to a second eMSP while the first one is down', async () => {
    const down = await startEmsp(ems);
    const up = await startEmsp(emt);
    await world.registerWith(down, 'emsp-ems');
    await world.registerWith(up, 'emsp-emt');
    down.failNext(Number.POSITIVE_INFINITY, 'http500', (request) => request.module === 'sessions');

    await appendRecords(world.bus, world.serde, topics.sessions, [sessionRecord(facts('SES-E1', ems, 1)), sessionRecord(facts('SES-T1', emt, 1)), sessionRecord(facts('SES-T2', emt, 2))]);
    const reached = await up.waitForCount(accepted('sessions', 'PUT'), 2);
    // Order holds per object (partition order); two sessions may arrive either way round.
    expect(reached.map((request) => request.path.split('/').at(-1)).sort()).toEqual(['SES-T1', 'SES-T2']);
    await down.waitForCount((request) => request.failedWith === 'http500', 2);
    expect(down.sessions.all()).toEqual([]);

    down.stopFailing();
    await down.waitFor(accepted('sessions', 'PUT'));
    expect(down.sessions.get('NL', 'SWY', 'SES-E1')).toMatchObject({ id: 'SES-E1' });
    expect(up.received.filter((request) => request.module === 'sessions' && request.path.endsWith('SES-E1'))).toEqual([]);
  });
});
