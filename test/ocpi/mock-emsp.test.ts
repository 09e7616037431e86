import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectedBody, startMockEmsp, type MockEmsp } from './support/mock-emsp.ts';
import { ocpiRequest } from './support/ocpi-test-client.ts';

/**
 * The mock eMSP is the counterpart every OCPI test trusts, so its own protocol behaviour is checked here:
 * two mocks register with each other (one in each credentials role) and talk through every module.
 */
describe('the mock eMSP', () => {
  const tokens = ['AA01', 'AA02', 'AA03', 'AA04', 'AA05'].map((uid) => ({ country_code: 'NL', party_id: 'SWY', uid, type: 'RFID', contract_id: `NL-SWY-C${uid}`, issuer: 'Other', valid: true, whitelist: 'ALLOWED', last_updated: '2026-01-01T00:00:00Z' }));
  let client: MockEmsp;
  let server: MockEmsp;

  beforeAll(async () => {
    client = await startMockEmsp();
    server = await startMockEmsp({ versions: ['2.2.1', '2.1.1'], roles: [{ role: 'CPO', country_code: 'NL', party_id: 'SWY', business_details: { name: 'Other side' } }], tokens, pageLimit: 2 });
  });

  afterAll(async () => {
    await client?.close();
    await server?.close();
  });

  it('refuses requests without a known token with HTTP 401', async () => {
    const reply = await ocpiRequest({ method: 'GET', url: server.versionsUrl, token: 'not-a-token' });
    expect(reply.httpStatus).toBe(401);
    expect(reply.body?.status_code).toBe(2000);
  });

  it('registers in both credentials roles: token A, back-call with token B, token C afterwards', async () => {
    const connection = await client.registerWith(server.versionsUrl, server.tokenA);
    expect(connection).toMatchObject({ version: '2.2.1', roles: [{ role: 'CPO', country_code: 'NL', party_id: 'SWY' }] });
    expect(connection.endpoints).toContainEqual({ identifier: 'locations', role: 'RECEIVER', url: server.endpointUrl('locations') });
    expect(server.cpo?.token).toBeDefined();
    // The server connected back to the client's versions with token B while answering the POST.
    expect(client.received.filter((request) => request.module === 'versions').map((request) => request.token)).toEqual([server.cpo?.token, server.cpo?.token]);

    const withTokenA = await ocpiRequest({ method: 'GET', url: server.versionsUrl, token: server.tokenA });
    expect(withTokenA.httpStatus).toBe(401);
    const again = await ocpiRequest({ method: 'POST', url: server.endpointUrl('credentials'), token: connection.token, body: { token: 'x', url: client.versionsUrl, roles: client.roles } });
    expect(again.httpStatus).toBe(405);
  });

  it('holds pushed objects: PUT creates (201) then replaces, PATCH merges, EVSE writes land in their location', async () => {
    const location = { country_code: 'NL', party_id: 'SWY', id: 'LOC1', evses: [{ uid: 'E1', status: 'AVAILABLE', connectors: [{ id: '1', standard: 'IEC_62196_T2' }] }] };
    expect((await client.callCpo('PUT', 'locations', '/NL/SWY/LOC1', location)).httpStatus).toBe(201);
    expect((await client.callCpo('PATCH', 'locations', '/NL/SWY/LOC1/E1', { status: 'CHARGING' })).httpStatus).toBe(200);
    expect((await client.callCpo('PATCH', 'locations', '/NL/SWY/LOC1/E1/1', { max_voltage: 400 })).httpStatus).toBe(200);
    expect(server.locations.get('NL', 'SWY', 'LOC1')).toEqual({ ...location, evses: [{ uid: 'E1', status: 'CHARGING', connectors: [{ id: '1', standard: 'IEC_62196_T2', max_voltage: 400 }] }] });

    const put = await server.waitFor((request) => request.method === 'PUT' && request.module === 'locations');
    expect(put.headers).toMatchObject({ 'ocpi-from-country-code': 'DE', 'ocpi-from-party-id': 'EMS', 'ocpi-to-country-code': 'NL', 'ocpi-to-party-id': 'SWY' });
    expect(put.headers['x-request-id']).toBeTruthy();
    // Served anyway, but what breaks the spec's tables is on record for the test to assert on.
    expect(put.violations).toContain("/: must have required property 'publish'");
  });

  it('answers a CDR POST with a Location it can be read back from', async () => {
    const cdr = { country_code: 'NL', party_id: 'SWY', id: 'CDR-1', total_cost: { excl_vat: 1 } };
    const reply = await client.callCpo('POST', 'cdrs', '', cdr);
    expect(reply.httpStatus).toBe(201);
    const location = reply.headers['location'];
    expect(location).toBe(`${server.endpointUrl('cdrs')}/NL/SWY/CDR-1`);
    const read = await ocpiRequest({ method: 'GET', url: location ?? '', token: client.cpo?.token ?? '' });
    expect(read.body?.data).toEqual(cdr);
  });

  it('holds pushed tariffs: PUT, then DELETE forgets one (404 once unknown); a tariff takes no PATCH', async () => {
    const tariff = { country_code: 'NL', party_id: 'SWY', id: 'T1', currency: 'EUR', elements: [{ price_components: [{ type: 'TIME', price: 2, step_size: 60 }] }], last_updated: '2026-01-01T00:00:00Z' };
    expect((await client.callCpo('PUT', 'tariffs', '/NL/SWY/T1', tariff)).httpStatus).toBe(201);
    expect(server.tariffs.get('NL', 'SWY', 'T1')).toEqual(tariff);
    expect((await client.callCpo('PATCH', 'tariffs', '/NL/SWY/T1', { currency: 'USD' })).httpStatus).toBe(405);
    expect((await client.callCpo('DELETE', 'tariffs', '/NL/SWY/T1')).httpStatus).toBe(200);
    expect(server.tariffs.get('NL', 'SWY', 'T1')).toBeUndefined();
    const again = await client.callCpo('DELETE', 'tariffs', '/NL/SWY/T1');
    expect([again.httpStatus, again.body?.status_code]).toEqual([404, 2000]);

    expect((await client.callCpo('PUT', 'tariffs', '/NL/SWY/T2', { ...tariff, id: 'T2', elements: undefined })).httpStatus).toBe(201);
    const puts = server.received.filter((request) => request.module === 'tariffs' && request.method === 'PUT');
    expect(puts.map((request) => request.violations)).toEqual([[], ["/: must have required property 'elements'"]]);
  });

  it('fails the next requests as scripted, then serves again; every attempt is recorded', async () => {
    server.failNext(1, 'http500', (request) => request.module === 'sessions');
    server.failNext(1, 'ocpi3000', (request) => request.module === 'sessions');
    server.failNext(1, 'closeSocket', (request) => request.module === 'sessions');
    const session = { country_code: 'NL', party_id: 'SWY', id: 'S1', status: 'ACTIVE' };
    const first = await client.callCpo('PUT', 'sessions', '/NL/SWY/S1', session);
    expect([first.httpStatus, first.body?.status_code]).toEqual([500, 3000]);
    const second = await client.callCpo('PUT', 'sessions', '/NL/SWY/S1', session);
    expect([second.httpStatus, second.body?.status_code]).toEqual([200, 3000]);
    await expect(client.callCpo('PUT', 'sessions', '/NL/SWY/S1', session)).rejects.toThrow();
    expect(server.sessions.get('NL', 'SWY', 'S1')).toBeUndefined();
    expect((await client.callCpo('PUT', 'sessions', '/NL/SWY/S1', session)).httpStatus).toBe(201);
    const attempts = await server.waitForCount((request) => request.module === 'sessions', 4);
    expect(attempts.map((request) => request.failedWith)).toEqual(['http500', 'ocpi3000', 'closeSocket', null]);
  });

  it('pages its tokens with Link headers and the pull client follows them', async () => {
    const pulled = await client.pullAll('tokens');
    expect(pulled.objects).toEqual(tokens);
    expect(pulled.pages.map((page) => [page.objects.length, page.headers['x-total-count'], page.headers['link'] === undefined])).toEqual([
      [2, '5', false],
      [2, '5', false],
      [1, '5', true],
    ]);
  });

  it('answers real-time authorization from its tokens, or as configured, and after a delay', async () => {
    const known = await client.callCpo('POST', 'tokens', '/AA01/authorize?type=RFID', {});
    expect(known.body?.data).toEqual({ allowed: 'ALLOWED', token: tokens[0] });
    const unknown = await client.callCpo('POST', 'tokens', '/ZZ99/authorize', {});
    expect([unknown.httpStatus, unknown.body?.status_code]).toEqual([404, 2004]);
    server.answerAuthorization({ answer: { allowed: 'BLOCKED', token: tokens[1] }, delayMs: 50 });
    const blocked = await client.callCpo('POST', 'tokens', '/AA02/authorize', { location_id: 'LOC1' });
    expect(blocked.body?.data).toMatchObject({ allowed: 'BLOCKED' });
  });

  it('captures a CommandResult posted to a response_url it handed out', async () => {
    const responseUrl = server.commandResponseUrl('START_SESSION');
    const result = server.waitForCommandResult(responseUrl);
    const posted = await ocpiRequest({ method: 'POST', url: responseUrl, token: client.cpo?.token ?? '', body: { result: 'ACCEPTED' } });
    expect(posted.body?.status_code).toBe(1000);
    expect(await result).toEqual({ result: 'ACCEPTED' });
    expect(server.received.filter((request) => request.module === 'commands').map((request) => request.violations)).toEqual([[]]);
  });

  it('speaks 2.1.1 when that is the only common version: raw tokens, single-role credentials', async () => {
    const legacy = await startMockEmsp({ versions: ['2.1.1'] });
    const modern = await startMockEmsp({ versions: ['2.2.1', '2.1.1'], roles: server.roles });
    try {
      const connection = await legacy.registerWith(modern.versionsUrl, modern.tokenA);
      expect(connection).toMatchObject({ version: '2.1.1', roles: [{ country_code: 'NL', party_id: 'SWY' }] });
      const post = await modern.waitFor((request) => request.module === 'credentials');
      expect(post.headers['authorization']).toBe(`Token ${modern.tokenA}`);
      expect(post.body).toMatchObject({ country_code: 'DE', party_id: 'EMS', business_details: { name: 'Mock eMSP' } });
      expect(modern.cpo?.version).toBe('2.1.1');
    } finally {
      await legacy.close();
      await modern.close();
    }
  });

  it('unregisters on DELETE: the token is void afterwards', async () => {
    expect((await client.callCpo('DELETE', 'credentials')).httpStatus).toBe(200);
    expect(server.cpo).toBeNull();
    expect((await client.callCpo('GET', 'credentials')).httpStatus).toBe(401);
  });
});

describe('what the mock eMSP checks a request body as', () => {
  it.each([
    { given: 'PUT {locations}/{cc}/{party}/{id}', module: 'locations', method: 'PUT', depth: 3, then: { kind: 'Location', partial: false } },
    { given: 'PATCH {locations}/{cc}/{party}/{id}/{evse_uid}', module: 'locations', method: 'PATCH', depth: 4, then: { kind: 'EVSE', partial: true } },
    { given: 'PUT {locations}/.../{evse_uid}/{connector_id}', module: 'locations', method: 'PUT', depth: 5, then: { kind: 'Connector', partial: false } },
    { given: 'PATCH {sessions}/{cc}/{party}/{id}', module: 'sessions', method: 'PATCH', depth: 3, then: { kind: 'Session', partial: true } },
    { given: 'POST {cdrs}', module: 'cdrs', method: 'POST', depth: 0, then: { kind: 'Cdr', partial: false } },
    { given: 'POST {commands}/{command}/{id}', module: 'commands', method: 'POST', depth: 2, then: { kind: 'CommandResult', partial: false } },
    { given: 'POST {tokens}/{uid}/authorize', module: 'tokens', method: 'POST', depth: 2, then: { kind: 'LocationReferences', partial: false } },
    { given: 'PUT {tariffs}/{cc}/{party}/{id}', module: 'tariffs', method: 'PUT', depth: 3, then: { kind: 'Tariff', partial: false } },
    { given: 'DELETE {tariffs}/{cc}/{party}/{id}', module: 'tariffs', method: 'DELETE', depth: 3, then: null },
    { given: 'POST {credentials}', module: 'credentials', method: 'POST', depth: 0, then: { kind: 'Credentials', partial: false } },
    { given: 'GET {sessions}/{cc}/{party}/{id}', module: 'sessions', method: 'GET', depth: 3, then: null },
    { given: 'PUT {locations}/{cc}/{party}', module: 'locations', method: 'PUT', depth: 2, then: null },
  ])('given $given, then $then', ({ module, method, depth, then }) => {
    expect(expectedBody(module, method, depth)).toEqual(then);
  });
});
