import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TopicValues } from '../../services/core/events/generated-types.ts';
import { connectCharger, type Charger } from '../edge/support/chargers.ts';
import { eventually } from '../edge/support/edge-harness.ts';
import { readAll } from '../projectors/support/projector-bus.ts';
import { startMockEmsp, type MockEmsp, type ReceivedRequest } from './support/mock-emsp.ts';
import { startOcpiNode, type OcpiNode } from './support/ocpi-node.ts';
import { assertValidOcpiObject } from './support/ocpi-spec-validation.ts';
import { ocpiRequest, type OcpiReply } from './support/ocpi-test-client.ts';
import { appendRecords, cdrRecord, locationBody, sessionRecord, type ChargingFacts, type Party } from './support/sender-records.ts';

/**
 * OCPI 2.2.1 as a partner sees it: mock eMSPs (real HTTP servers) against one Switchyard node (OCPI,
 * roaming admin, projectors and the OCPP edge on an embedded bus), with a real ocpp-rpc charger. Every
 * object a partner pulls or receives is checked against the schemas written from the spec's tables.
 *
 * Two eMSPs, one per registration direction: PUL registers with us using a token A we issued and pulls;
 * we register with PSH using the token A it issued, and push to it.
 */

const ourParty: Party = { country_code: 'NL', party_id: 'SWY' };
const puller: Party = { country_code: 'DE', party_id: 'PUL' };
const pushed: Party = { country_code: 'DE', party_id: 'PSH' };
const pageLimit = 2;
const t0 = Date.parse('2026-03-01T08:00:00Z');
/** The charger of LOC-C's one EVSE (locationBody maps a location's EVSEs to charger `CP-<location id>`). */
const chargerId = 'CP-LOC-C';

const emspRoles = (party: Party) => [{ role: 'EMSP' as const, ...party, business_details: { name: `eMSP ${party.party_id}` } }];

function tariffBody(id: string) {
  return { ...ourParty, id, currency: 'EUR', elements: [{ price_components: [{ type: 'ENERGY', price: 0.3 + Number(id.slice(-1)) / 100, vat: 21, step_size: 1 }] }] };
}

function dataOf(reply: OcpiReply): unknown {
  assertValidOcpiObject('Response', reply.body);
  expect(reply.body?.status_code).toBe(1000);
  return reply.body?.data;
}

function chargingFacts(emsp: Party, numbers: readonly number[]): ChargingFacts[] {
  return numbers.map((n) => ({ id: `${emsp.party_id}-${n}`, cpo: ourParty, emsp, lastUpdated: t0 + n * 60_000 }));
}

/** Sessions in the given state, and their CDRs, as the projectors write them. */
async function appendChargingFacts(node: OcpiNode, facts: readonly ChargingFacts[], status: 'ACTIVE' | 'COMPLETED'): Promise<void> {
  await appendRecords(node.harness.bus, node.harness.serde, 'switchyard.sessions', facts.map((fact) => sessionRecord(fact, status)));
  if (status === 'COMPLETED') await appendRecords(node.harness.bus, node.harness.serde, 'switchyard.cdrs', facts.map((fact) => cdrRecord(fact)));
}

/** Every value on a projector output topic, decoded. */
async function decodedValues<T extends 'switchyard.sessions' | 'switchyard.cdrs'>(node: OcpiNode, topic: T): Promise<TopicValues[T][]> {
  const records = await readAll(node.harness.bus, topic);
  return Promise.all(records.flatMap((record) => (record.value === null ? [] : [node.harness.serde.decode(topic, record.value)])));
}

/** Session ids the eMSP holds, sorted. */
const sessionIds = (emsp: MockEmsp) => emsp.sessions.all().map((session) => String(session['id'])).sort();

const accepted = (module: string, method: string) => (request: ReceivedRequest) => request.module === module && request.method === method && request.failedWith === null;

describe('OCPI 2.2.1 end to end, as an eMSP sees Switchyard', () => {
  let node: OcpiNode;
  let pullEmsp: MockEmsp;
  let pushEmsp: MockEmsp;
  /** The token A we issued to the pulling eMSP, and where we told it to start. */
  let issued: { token: string; versions_url: string };

  beforeAll(async () => {
    node = await startOcpiNode({ config: { pageLimit } });
    pullEmsp = await startMockEmsp({ roles: emspRoles(puller) });
    pushEmsp = await startMockEmsp({ roles: emspRoles(pushed) });
    const { admin } = node.harness;
    // What the operator entered: 3 locations (one on the test charger) and 3 tariffs.
    for (const [id, evses] of [['LOC-A', 2], ['LOC-B', 2], ['LOC-C', 1]] as const) expect((await admin('PUT', `/locations/${id}`, locationBody(ourParty, id, evses))).status).toBe(201);
    for (const id of ['AC-1', 'AC-2', 'AC-3']) expect((await admin('PUT', `/tariffs/${id}`, tariffBody(id))).status).toBe(201);
    // What the projectors wrote: three sessions and CDRs of the pulling eMSP's tokens.
    await appendChargingFacts(node, chargingFacts(puller, [1, 2, 3]), 'COMPLETED');
    issued = (await admin('POST', '/ocpi/token-a', {})).body as { token: string; versions_url: string };
    await pullEmsp.registerWith(issued.versions_url, issued.token);
  });

  afterAll(async () => {
    await pullEmsp?.close();
    await pushEmsp?.close();
    await node?.stop();
  });

  it('lets an eMSP register with a token A we issued: versions, details and credentials are OCPI 2.2.1', async () => {
    expect(issued.versions_url).toBe(node.harness.versionsUrl);
    const connection = pullEmsp.cpo;
    if (connection === null) throw new Error('the eMSP did not register');
    expect(connection.version).toBe('2.2.1');
    expect(connection.roles).toMatchObject([{ role: 'CPO', ...ourParty }]);

    const token = connection.token;
    const versions = dataOf(await ocpiRequest({ method: 'GET', url: issued.versions_url, token })) as unknown[];
    for (const version of versions) assertValidOcpiObject('Version', version);
    const details = dataOf(await ocpiRequest({ method: 'GET', url: `${node.harness.config.publicUrl}/ocpi/2.2.1`, token }));
    assertValidOcpiObject('VersionDetails', details);
    assertValidOcpiObject('Credentials', dataOf(await pullEmsp.callCpo('GET', 'credentials')));
    // Token A is void once registered.
    expect((await ocpiRequest({ method: 'GET', url: issued.versions_url, token: issued.token })).httpStatus).toBe(401);
  });

  it.each([
    { module: 'locations', kind: 'Location' as const, count: 3 },
    { module: 'tariffs', kind: 'Tariff' as const, count: 3 },
    { module: 'sessions', kind: 'Session' as const, count: 3 },
    { module: 'cdrs', kind: 'Cdr' as const, count: 3 },
  ])('lets the eMSP pull $module page by page ($count objects, pages of 2), every object valid', async ({ module, kind, count }) => {
    const pulled = await pullEmsp.pullAll(module);
    expect(pulled.objects).toHaveLength(count);
    expect(pulled.pages.map((page) => page.objects.length)).toEqual([2, 1]);
    for (const page of pulled.pages) {
      assertValidOcpiObject('Response', page.body);
      expect(page.headers['x-total-count']).toBe(String(count));
      expect(page.headers['x-limit']).toBe(String(pageLimit));
    }
    expect(pulled.pages[0]?.headers['link']).toMatch(/rel="next"/);
    expect(pulled.pages[1]?.headers['link']).toBeUndefined();
    for (const object of pulled.objects) assertValidOcpiObject(kind, object);
    if (module === 'sessions' || module === 'cdrs') {
      // Only the sessions and CDRs of its own tokens.
      expect(pulled.objects.map((object) => (object as { cdr_token: Party }).cdr_token.party_id)).toEqual(['PUL', 'PUL', 'PUL']);
    }
  });

  it('serves one location, EVSE and connector by id, valid objects', async () => {
    const location = dataOf(await pullEmsp.callCpo('GET', 'locations', '/LOC-A')) as { evses: { uid: string; connectors: { id: string }[] }[] };
    assertValidOcpiObject('Location', location);
    const [evse] = location.evses;
    expect(evse).toBeDefined();
    assertValidOcpiObject('EVSE', dataOf(await pullEmsp.callCpo('GET', 'locations', `/LOC-A/${evse?.uid ?? ''}`)));
    assertValidOcpiObject('Connector', dataOf(await pullEmsp.callCpo('GET', 'locations', `/LOC-A/${evse?.uid ?? ''}/1`)));
  });

  describe('with a real OCPP 1.6 charger on LOC-C', () => {
    let charger: Charger;
    const remoteStarts: unknown[] = [];
    const token = {
      ...puller, uid: '04E2E0000001', type: 'RFID', contract_id: 'DE-PUL-C00000001-1', issuer: 'eMSP PUL', valid: true, whitelist: 'ALWAYS', last_updated: new Date(t0).toISOString(),
    };

    beforeAll(async () => {
      charger = await connectCharger({ baseUrl: node.wsUrl, identity: chargerId, protocol: 'ocpp1.6' });
      charger.handle('RemoteStartTransaction', async ({ params }) => {
        remoteStarts.push(params);
        return { status: 'Accepted' };
      });
      await charger.call('BootNotification', { chargePointVendor: 'Acme', chargePointModel: 'E2E-1' });
    });

    afterAll(async () => {
      await charger?.close({ force: true });
    });

    it('authorizes the token the eMSP PUT into our tokens module', async () => {
      assertValidOcpiObject('Token', token);
      const put = await pullEmsp.pushToken(token);
      expect(put.body?.status_code).toBe(1000);
      await eventually(async () => expect(await charger.call('Authorize', { idTag: token.uid })).toEqual({ idTagInfo: expect.objectContaining({ status: 'Accepted' }) }), 15_000);
      expect(await charger.call('Authorize', { idTag: '04E2E0000099' })).toEqual({ idTagInfo: expect.objectContaining({ status: 'Invalid' }) });
    });

    it('starts a session on START_SESSION: CommandResponse now, RemoteStartTransaction at the charger, CommandResult at response_url', async () => {
      const { reply, responseUrl } = await pullEmsp.sendCommand('START_SESSION', { token, location_id: 'LOC-C', evse_uid: `${chargerId}-1` });
      const response = dataOf(reply);
      assertValidOcpiObject('CommandResponse', response);
      expect(response).toMatchObject({ result: 'ACCEPTED' });
      const result = await pullEmsp.waitForCommandResult(responseUrl);
      assertValidOcpiObject('CommandResult', result);
      expect(result).toMatchObject({ result: 'ACCEPTED' });
      expect(remoteStarts).toEqual([expect.objectContaining({ connectorId: 1, idTag: token.uid })]);
    });

    it('makes the charger session an OCPI Session and CDR of the eMSP\'s token, valid, pushed to that eMSP', async () => {
      const startedAt = Date.now();
      const { transactionId } = (await charger.call('StartTransaction', { connectorId: 1, idTag: token.uid, meterStart: 1_000, timestamp: new Date(startedAt).toISOString() })) as { transactionId: number };
      await charger.call('StopTransaction', { transactionId, idTag: token.uid, meterStop: 13_500, timestamp: new Date(startedAt + 3_600_000).toISOString(), reason: 'Local' });
      const onOurCharger = (payload: { evse_uid: string }) => payload.evse_uid === `${chargerId}-1`;
      const session = await eventually(async () => {
        const found = (await decodedValues(node, 'switchyard.sessions')).filter((value) => onOurCharger(value.payload)).at(-1);
        expect(found?.payload.status).toBe('COMPLETED');
        return found;
      }, 15_000);
      const cdr = await eventually(async () => {
        const found = (await decodedValues(node, 'switchyard.cdrs')).find((value) => onOurCharger(value.payload));
        expect(found).toBeDefined();
        return found;
      }, 15_000);
      assertValidOcpiObject('Session', JSON.parse(session?.payload.object_json ?? 'null'));
      assertValidOcpiObject('Cdr', JSON.parse(cdr?.payload.object_json ?? 'null'));
      expect(session?.payload.cdr_token).toEqual({ ...puller, uid: token.uid, type: 'RFID', contract_id: token.contract_id });

      const sessionId = session?.payload.id ?? '';
      await eventually(async () => expect(pullEmsp.sessions.get('NL', 'SWY', sessionId)).toMatchObject({ status: 'COMPLETED', kwh: 12.5 }), 15_000);
      await eventually(async () => expect(pullEmsp.cdrs.get('NL', 'SWY', cdr?.payload.id ?? '')).toMatchObject({ total_energy: 12.5 }), 15_000);
      expect(pullEmsp.received.flatMap((request) => request.violations)).toEqual([]);
    });
  });

  describe('an eMSP we registered with', () => {
    beforeAll(async () => {
      const registered = await node.harness.admin('POST', '/ocpi/registrations', { versions_url: pushEmsp.versionsUrl, token: pushEmsp.tokenA });
      expect(registered.status).toBe(201);
      // Push starts when a partner registers: these are the first sessions and CDRs of its tokens.
      await appendChargingFacts(node, chargingFacts(pushed, [1, 2, 3]), 'COMPLETED');
    });

    it('took our registration: fetched our versions with our token B, gave us its token C', async () => {
      expect(pushEmsp.cpo).toMatchObject({ version: '2.2.1', roles: [{ role: 'CPO', ...ourParty }] });
      const partners = (await node.harness.admin('GET', '/ocpi/partners')).body as { status: string }[];
      expect(partners.map((partner) => partner.status)).toEqual(['REGISTERED', 'REGISTERED']);
      // After registration we present its token C, never token A again.
      const later = pushEmsp.received.filter((request) => request.module !== 'versions' && request.module !== 'credentials');
      expect(later.every((request) => request.token !== pushEmsp.tokenA)).toBe(true);
    });

    it('receives its sessions (PUT) and CDRs (POST, answered with a Location), valid and only its own', async () => {
      await pushEmsp.waitForCount(accepted('cdrs', 'POST'), 3);
      await eventually(async () => expect(sessionIds(pushEmsp)).toEqual(['PSH-1', 'PSH-2', 'PSH-3']), 15_000);
      expect(pushEmsp.cdrs.all().map((cdr) => cdr['id']).sort()).toEqual(['PSH-1', 'PSH-2', 'PSH-3']);
      expect(pushEmsp.received.flatMap((request) => request.violations)).toEqual([]);
      // The other eMSP's sessions never reach it.
      expect(pushEmsp.received.some((request) => JSON.stringify(request.body ?? '').includes('"PUL"'))).toBe(false);
      for (const request of pushEmsp.received.filter((candidate) => candidate.module === 'sessions' || candidate.module === 'cdrs')) {
        expect(request.headers).toMatchObject({ 'ocpi-from-country-code': 'NL', 'ocpi-from-party-id': 'SWY', 'ocpi-to-country-code': 'DE', 'ocpi-to-party-id': 'PSH' });
      }
    });

    it('gets an EVSE PATCH, a valid partial EVSE, when a charger on one of our locations starts charging', async () => {
      const depotCharger = await connectCharger({ baseUrl: node.wsUrl, identity: 'CP-LOC-A', protocol: 'ocpp1.6' });
      try {
        await depotCharger.call('BootNotification', { chargePointVendor: 'Acme', chargePointModel: 'E2E-2' });
        await depotCharger.call('StatusNotification', { connectorId: 2, errorCode: 'NoError', status: 'Charging', timestamp: new Date().toISOString() });
        const patch = await pushEmsp.waitFor(
          (request) => accepted('locations', 'PATCH')(request) && request.path.endsWith('/NL/SWY/LOC-A/CP-LOC-A-2') && (request.body as { status?: string }).status === 'CHARGING',
        );
        expect(patch.violations).toEqual([]);
        expect(patch.body).toMatchObject({ status: 'CHARGING', last_updated: expect.any(String) });
      } finally {
        await depotCharger.close({ force: true });
      }
    });

    it('loses nothing and keeps each object in order while it fails: HTTP 500, OCPI 3000, then down for a while', async () => {
      pushEmsp.failNext(1, 'http500', (request) => request.module === 'cdrs');
      pushEmsp.failNext(1, 'ocpi3000', (request) => request.module === 'sessions');
      pushEmsp.failNext(Number.POSITIVE_INFINITY, 'closeSocket', (request) => request.module === 'sessions' || request.module === 'cdrs');
      const facts = chargingFacts(pushed, [4, 5, 6, 7]);
      await appendChargingFacts(node, facts, 'ACTIVE');
      await appendChargingFacts(node, facts.map((fact) => ({ ...fact, lastUpdated: fact.lastUpdated + 30_000 })), 'COMPLETED');
      await pushEmsp.waitForCount((request) => request.failedWith === 'closeSocket' && request.module === 'cdrs', 2);
      await pushEmsp.waitForCount((request) => request.failedWith === 'closeSocket' && request.module === 'sessions', 2);
      pushEmsp.stopFailing();
      expect(new Set(pushEmsp.received.map((request) => request.failedWith))).toEqual(new Set([null, 'http500', 'ocpi3000', 'closeSocket']));

      const all = ['PSH-1', 'PSH-2', 'PSH-3', 'PSH-4', 'PSH-5', 'PSH-6', 'PSH-7'];
      await eventually(async () => expect(pushEmsp.cdrs.all().map((cdr) => cdr['id']).sort()).toEqual(all), 30_000);
      await eventually(async () => expect(facts.map((fact) => pushEmsp.sessions.get('NL', 'SWY', fact.id)?.['status'])).toEqual(['COMPLETED', 'COMPLETED', 'COMPLETED', 'COMPLETED']), 30_000);
      // Each CDR accepted once; a session's states arrive in the order they happened.
      expect(pushEmsp.received.filter(accepted('cdrs', 'POST')).map((request) => (request.body as { id: string }).id).sort()).toEqual(all);
      for (const fact of facts) {
        const statuses = pushEmsp.received
          .filter((request) => request.module === 'sessions' && request.failedWith === null && request.path.endsWith(`/${fact.id}`))
          .map((request) => (request.body as { status?: string }).status);
        expect(statuses.slice(statuses.indexOf('COMPLETED'))).not.toContain('ACTIVE');
      }
      expect(pushEmsp.received.flatMap((request) => request.violations)).toEqual([]);
    });
  });

  it('registers a 2.1.1-only eMSP through the 2.1.1 credentials module (raw token, single-role credentials)', async () => {
    const legacy = await startMockEmsp({ versions: ['2.1.1'], roles: emspRoles({ country_code: 'DE', party_id: 'OLD' }) });
    try {
      const tokenA = (await node.harness.admin('POST', '/ocpi/token-a', {})).body as { token: string; versions_url: string };
      const connection = await legacy.registerWith(tokenA.versions_url, tokenA.token);
      expect(connection).toMatchObject({ version: '2.1.1', roles: [ourParty] });
      const credentials = dataOf(await legacy.callCpo('GET', 'credentials'));
      expect(credentials).toMatchObject({ ...ourParty, url: node.harness.versionsUrl, business_details: { name: expect.any(String) } });
      const partners = (await node.harness.admin('GET', '/ocpi/partners')).body as { version: string | null; status: string }[];
      expect(partners).toContainEqual(expect.objectContaining({ version: '2.1.1', status: 'REGISTERED' }));
    } finally {
      await legacy.close();
    }
  });
});
