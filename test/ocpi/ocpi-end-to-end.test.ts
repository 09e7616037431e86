import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectCharger, type Charger } from '../edge/support/chargers.ts';
import { startMockEmsp, type MockEmsp, type ReceivedRequest } from './support/mock-emsp.ts';
import { startOcpiNode, type OcpiNode } from './support/ocpi-node.ts';
import { assertValidOcpiObject, type OcpiObjectKind } from './support/ocpi-spec-validation.ts';
import { ocpiRequest, type OcpiReply } from './support/ocpi-test-client.ts';
import { appendRecords, cdrRecord, locationBody, sessionRecord, type Party } from './support/sender-records.ts';

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
const chargerId = 'CP-E2E-1';

const emspRoles = (party: Party) => [{ role: 'EMSP' as const, ...party, business_details: { name: `eMSP ${party.party_id}` } }];

function tariffBody(id: string) {
  return { ...ourParty, id, currency: 'EUR', elements: [{ price_components: [{ type: 'ENERGY', price: 0.3 + Number(id.slice(-1)) / 100, vat: 21, step_size: 1 }] }] };
}

function expectValid(kind: OcpiObjectKind, value: unknown, options: { partial?: boolean } = {}): void {
  assertValidOcpiObject(kind, value, options);
}

function dataOf(reply: OcpiReply): unknown {
  expectValid('Response', reply.body);
  expect(reply.body?.status_code).toBe(1000);
  return reply.body?.data;
}

const accepted = (module: string, method: string) => (request: ReceivedRequest) => request.module === module && request.method === method && request.failedWith === null;

describe('OCPI 2.2.1 end to end, as an eMSP sees Switchyard', () => {
  let node: OcpiNode;
  let pullEmsp: MockEmsp;
  let pushEmsp: MockEmsp;

  beforeAll(async () => {
    node = await startOcpiNode({ config: { pageLimit } });
    pullEmsp = await startMockEmsp({ roles: emspRoles(puller) });
    pushEmsp = await startMockEmsp({ roles: emspRoles(pushed) });
    const { admin } = node.harness;
    // What the operator entered: 3 locations (one on the test charger) and 3 tariffs.
    for (const id of ['LOC-A', 'LOC-B']) expect((await admin('PUT', `/locations/${id}`, locationBody(ourParty, id, 2))).status).toBe(201);
    expect((await admin('PUT', '/locations/LOC-C', { ...locationBody(ourParty, 'LOC-C', 1), evses: [{ ...(locationBody(ourParty, 'LOC-C', 1)['evses'] as object[])[0], switchyard: { charger_id: chargerId, evse_id: 1 } }] })).status).toBe(201);
    for (const id of ['AC-1', 'AC-2', 'AC-3']) expect((await admin('PUT', `/tariffs/${id}`, tariffBody(id))).status).toBe(201);
    // What the projectors wrote: three sessions and CDRs per eMSP.
    const facts = [puller, pushed].flatMap((emsp) => [1, 2, 3].map((n) => ({ id: `${emsp.party_id}-${n}`, cpo: ourParty, emsp, lastUpdated: t0 + n * 60_000 })));
    await appendRecords(node.harness.bus, node.harness.serde, 'switchyard.sessions', facts.map((fact) => sessionRecord(fact, 'COMPLETED')));
    await appendRecords(node.harness.bus, node.harness.serde, 'switchyard.cdrs', facts.map((fact) => cdrRecord(fact)));
  });

  afterAll(async () => {
    await pullEmsp?.close();
    await pushEmsp?.close();
    await node?.stop();
  });

  it('lets an eMSP register with a token A we issued: versions, details and credentials are OCPI 2.2.1', async () => {
    const issued = (await node.harness.admin('POST', '/ocpi/token-a', {})).body as { token: string; versions_url: string };
    expect(issued.versions_url).toBe(node.harness.versionsUrl);
    const connection = await pullEmsp.registerWith(issued.versions_url, issued.token);
    expect(connection.version).toBe('2.2.1');
    expect(connection.roles).toMatchObject([{ role: 'CPO', ...ourParty }]);

    const token = connection.token;
    const versions = dataOf(await ocpiRequest({ method: 'GET', url: issued.versions_url, token }));
    (versions as unknown[]).forEach((version) => expectValid('Version', version));
    const details = dataOf(await ocpiRequest({ method: 'GET', url: `${node.harness.config.publicUrl}/ocpi/2.2.1`, token }));
    expectValid('VersionDetails', details);
    expectValid('Credentials', dataOf(await pullEmsp.callCpo('GET', 'credentials')));
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
      expectValid('Response', page.body);
      expect(page.headers['x-total-count']).toBe(String(count));
      expect(page.headers['x-limit']).toBe(String(pageLimit));
    }
    expect(pulled.pages[0]?.headers['link']).toMatch(/rel="next"/);
    expect(pulled.pages[1]?.headers['link']).toBeUndefined();
    for (const object of pulled.objects) expectValid(kind, object);
    if (module === 'sessions' || module === 'cdrs') {
      // Only the sessions and CDRs of its own tokens.
      expect(pulled.objects.map((object) => (object as { cdr_token: Party }).cdr_token.party_id)).toEqual(['PUL', 'PUL', 'PUL']);
    }
  });

  it('serves one location, EVSE and connector by id, valid objects', async () => {
    const location = dataOf(await pullEmsp.callCpo('GET', 'locations', '/LOC-A')) as { evses: { uid: string; connectors: { id: string }[] }[] };
    expectValid('Location', location);
    const [evse] = location.evses;
    expect(evse).toBeDefined();
    expectValid('EVSE', dataOf(await pullEmsp.callCpo('GET', 'locations', `/LOC-A/${evse?.uid ?? ''}`)));
    expectValid('Connector', dataOf(await pullEmsp.callCpo('GET', 'locations', `/LOC-A/${evse?.uid ?? ''}/1`)));
  });

  describe('an eMSP we registered with', () => {
    beforeAll(async () => {
      const registered = await node.harness.admin('POST', '/ocpi/registrations', { versions_url: pushEmsp.versionsUrl, token: pushEmsp.tokenA });
      expect(registered.status).toBe(201);
    });

    it('took our registration: fetched our versions with our token B, gave us its token C', async () => {
      expect(pushEmsp.cpo).toMatchObject({ version: '2.2.1', roles: [{ role: 'CPO', ...ourParty }] });
      const partners = (await node.harness.admin('GET', '/ocpi/partners')).body as { status: string }[];
      expect(partners.map((partner) => partner.status)).toEqual(['REGISTERED', 'REGISTERED']);
      // After registration we present its token C, never token A again.
      const later = pushEmsp.received.filter((request) => request.module !== 'versions' && request.module !== 'credentials');
      expect(later.every((request) => request.token !== pushEmsp.tokenA)).toBe(true);
    });

    it('receives its sessions (PUT) and CDRs (POST, answered with a Location), in order and valid', async () => {
      const puts = await pushEmsp.waitForCount(accepted('sessions', 'PUT'), 3);
      const posts = await pushEmsp.waitForCount(accepted('cdrs', 'POST'), 3);
      expect(puts.map((request) => (request.body as { id: string }).id)).toEqual(['PSH-1', 'PSH-2', 'PSH-3']);
      expect(posts.map((request) => (request.body as { id: string }).id)).toEqual(['PSH-1', 'PSH-2', 'PSH-3']);
      expect(pushEmsp.received.flatMap((request) => request.violations)).toEqual([]);
      // The other eMSP's sessions never reach it.
      expect(pushEmsp.received.some((request) => JSON.stringify(request.body ?? '').includes('"PUL"'))).toBe(false);
      for (const request of [...puts, ...posts]) {
        expect(request.headers).toMatchObject({ 'ocpi-from-country-code': 'NL', 'ocpi-from-party-id': 'SWY', 'ocpi-to-country-code': 'DE', 'ocpi-to-party-id': 'PSH' });
      }
    });

    it('loses nothing while it fails: HTTP 500, OCPI 3000, closed sockets, then down for a while', async () => {
      pushEmsp.failNext(1, 'http500', (request) => request.module === 'cdrs');
      pushEmsp.failNext(1, 'ocpi3000', (request) => request.module === 'sessions');
      pushEmsp.failNext(Number.POSITIVE_INFINITY, 'closeSocket', (request) => request.module === 'sessions' || request.module === 'cdrs');
      const facts = [4, 5, 6, 7].map((n) => ({ id: `PSH-${n}`, cpo: ourParty, emsp: pushed, lastUpdated: t0 + n * 60_000 }));
      await appendRecords(node.harness.bus, node.harness.serde, 'switchyard.sessions', facts.map((fact) => sessionRecord(fact, 'COMPLETED')));
      await appendRecords(node.harness.bus, node.harness.serde, 'switchyard.cdrs', facts.map((fact) => cdrRecord(fact)));
      await pushEmsp.waitForCount((request) => request.failedWith === 'closeSocket' && request.module === 'cdrs', 2);
      await pushEmsp.waitForCount((request) => request.failedWith === 'closeSocket' && request.module === 'sessions', 2);
      pushEmsp.stopFailing();

      const puts = await pushEmsp.waitForCount(accepted('sessions', 'PUT'), 7);
      const posts = await pushEmsp.waitForCount(accepted('cdrs', 'POST'), 7);
      const ids = (requests: readonly ReceivedRequest[]) => requests.map((request) => (request.body as { id: string }).id);
      expect(ids(puts)).toEqual(['PSH-1', 'PSH-2', 'PSH-3', 'PSH-4', 'PSH-5', 'PSH-6', 'PSH-7']);
      expect(ids(posts)).toEqual(['PSH-1', 'PSH-2', 'PSH-3', 'PSH-4', 'PSH-5', 'PSH-6', 'PSH-7']);
      expect(pushEmsp.cdrs.all().map((cdr) => cdr['id'])).toEqual(['PSH-1', 'PSH-2', 'PSH-3', 'PSH-4', 'PSH-5', 'PSH-6', 'PSH-7']);
      expect(pushEmsp.received.flatMap((request) => request.violations)).toEqual([]);
    });
  });
});
