import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { topics } from '../../services/core/bus/topic-catalogue.ts';
import type { OcpiExchange } from '../../services/core/events/generated-types.ts';
import { readTopicToEnd } from '../../services/projectors/runtime/topic-snapshot.ts';
import { startMockEmsp, type MockEmsp } from './support/mock-emsp.ts';
import { startOcpiHarness, type OcpiHarness } from './support/ocpi-harness.ts';
import { ocpiRequest, type OcpiReply } from './support/ocpi-test-client.ts';

interface PartnerView {
  id: string;
  status: string;
  version: string | null;
  roles: { country_code: string; party_id: string; role: string }[];
  endpoints: { identifier: string; role: string; url: string }[];
}

describe('OCPI credentials and registration (2.2.1)', () => {
  let harness: OcpiHarness;
  const emsps: MockEmsp[] = [];

  beforeAll(async () => {
    harness = await startOcpiHarness();
  });
  afterEach(async () => {
    for (const emsp of emsps.splice(0)) await emsp.close();
  });
  afterAll(async () => {
    await harness.stop();
  });

  async function emsp(options: Parameters<typeof startMockEmsp>[0] = {}): Promise<MockEmsp> {
    const started = await startMockEmsp(options);
    emsps.push(started);
    return started;
  }

  async function issueTokenA(): Promise<{ partner_id: string; token: string; versions_url: string }> {
    const issued = await harness.admin('POST', '/ocpi/token-a');
    expect(issued.status).toBe(201);
    return issued.body as { partner_id: string; token: string; versions_url: string };
  }

  async function partner(id: string): Promise<PartnerView> {
    const found = await harness.admin('GET', `/ocpi/partners/${id}`);
    expect(found.status).toBe(200);
    return found.body as PartnerView;
  }

  const credentialsUrl = () => `${harness.config.publicUrl}/ocpi/2.2.1/credentials`;
  const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, token: string, body?: unknown): Promise<OcpiReply> =>
    ocpiRequest({ method, url, token, ...(body === undefined ? {} : { body }) });
  const credentialsOf = (party: MockEmsp, token: string) => ({ token, url: party.versionsUrl, roles: party.roles });

  it('given a token A we issued, when the eMSP registers with it, then both sides hold new tokens and token A is void', async () => {
    const { partner_id: id, token: tokenA, versions_url: versionsUrl } = await issueTokenA();
    expect(versionsUrl).toBe(harness.versionsUrl);
    expect(tokenA).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await partner(id)).status).toBe('PENDING');

    const party = await emsp();
    const connection = await party.registerWith(versionsUrl, tokenA);

    expect(connection.version).toBe('2.2.1');
    expect(connection.roles).toEqual([{ role: 'CPO', country_code: 'NL', party_id: 'SWY', business_details: { name: 'Switchyard test CPO' } }]);
    expect(connection.token).not.toBe(tokenA);
    const registered = await partner(id);
    expect(registered).toMatchObject({ status: 'REGISTERED', version: '2.2.1', roles: [{ role: 'EMSP', country_code: 'DE', party_id: 'EMS' }] });
    expect(registered.endpoints).toContainEqual({ identifier: 'sessions', role: 'RECEIVER', url: party.endpointUrl('sessions') });
    expect(JSON.stringify(registered)).not.toContain(connection.token);
    // We read its versions and details with the token B it sent us, never with anything else.
    const ourCalls = party.received.filter((request) => request.module === 'versions');
    expect(ourCalls.length).toBeGreaterThanOrEqual(2);
    expect(new Set(ourCalls.map((request) => request.token)).size).toBe(1);

    expect((await call('GET', versionsUrl, tokenA)).httpStatus).toBe(401);
    const ours = await call('GET', credentialsUrl(), connection.token);
    expect(ours.httpStatus).toBe(200);
    expect(ours.body?.data).toEqual({ token: connection.token, url: harness.versionsUrl, roles: connection.roles });
  });

  it('given two eMSPs registering at once, then each is its own partner with its own token', async () => {
    const [first, second] = await Promise.all([issueTokenA(), issueTokenA()]);
    const [one, two] = await Promise.all([emsp(), emsp({ roles: [{ role: 'EMSP', country_code: 'FR', party_id: 'ABC', business_details: { name: 'Second eMSP' } }] })]);
    const [oneConnection, twoConnection] = await Promise.all([one.registerWith(harness.versionsUrl, first.token), two.registerWith(harness.versionsUrl, second.token)]);
    expect((await partner(first.partner_id)).roles).toMatchObject([{ country_code: 'DE', party_id: 'EMS' }]);
    expect((await partner(second.partner_id)).roles).toMatchObject([{ country_code: 'FR', party_id: 'ABC' }]);
    expect(harness.ocpi.directory.byIncomingToken(oneConnection.token)?.id).toBe(first.partner_id);
    expect(harness.ocpi.directory.byIncomingToken(twoConnection.token)?.id).toBe(second.partner_id);
    expect(harness.ocpi.directory.byParty('FR', 'ABC')?.id).toBe(second.partner_id);
  });

  it('given a registered eMSP, when it rotates with PUT, then the new token works and the old one is refused', async () => {
    const { token: tokenA } = await issueTokenA();
    const party = await emsp();
    const { token: oldToken } = await party.registerWith(harness.versionsUrl, tokenA);

    // Its own token for us stays (the mock only knows the one it sent); ours for it must change.
    const tokenB = party.received.find((request) => request.module === 'versions')?.token ?? '';
    const rotated = await call('PUT', credentialsUrl(), oldToken, credentialsOf(party, tokenB));
    expect(rotated.httpStatus).toBe(200);
    expect(rotated.body?.status_code).toBe(1000);
    const newToken = (rotated.body?.data as { token: string }).token;
    expect(newToken).not.toBe(oldToken);
    expect((await call('GET', credentialsUrl(), oldToken)).httpStatus).toBe(401);
    expect((await call('GET', credentialsUrl(), newToken)).httpStatus).toBe(200);
  });

  it('given the credentials rules, then POST twice, and PUT or DELETE before registering, are 405', async () => {
    const { token: tokenA } = await issueTokenA();
    const party = await emsp();
    for (const method of ['PUT', 'DELETE'] as const) {
      const refused = await call(method, credentialsUrl(), tokenA, method === 'PUT' ? credentialsOf(party, 'whatever-token') : undefined);
      expect(refused.httpStatus).toBe(405);
      expect(refused.body?.status_code).toBe(2000);
    }
    const { token } = await party.registerWith(harness.versionsUrl, tokenA);
    const again = await call('POST', credentialsUrl(), token, credentialsOf(party, 'another-token'));
    expect(again.httpStatus).toBe(405);
  });

  it('given a POST whose versions URL cannot be used, then the answer is 3001 and the partner stays pending', async () => {
    const { partner_id: id, token: tokenA } = await issueTokenA();
    const refused = await call('POST', credentialsUrl(), tokenA, { token: 'emsp-token-b', url: 'http://127.0.0.1:9/ocpi/versions', roles: [{ role: 'EMSP', country_code: 'DE', party_id: 'EMS', business_details: { name: 'x' } }] });
    expect(refused.body?.status_code).toBe(3001);
    expect((await partner(id)).status).toBe('PENDING');
    expect((await call('GET', harness.versionsUrl, tokenA)).httpStatus).toBe(200);
  });

  it('given an invalid credentials object (valid JSON), then the answer is 2001 with HTTP 200: no HTTP error at the OCPI layer', async () => {
    const { token: tokenA } = await issueTokenA();
    const refused = await call('POST', credentialsUrl(), tokenA, { token: 'has spaces', url: 'not a url' });
    expect(refused.httpStatus).toBe(200);
    expect(refused.body?.status_code).toBe(2001);
  });

  it('given a registered eMSP, when it DELETEs its credentials, then its token is void', async () => {
    const { partner_id: id, token: tokenA } = await issueTokenA();
    const party = await emsp();
    const { token } = await party.registerWith(harness.versionsUrl, tokenA);
    const deleted = await call('DELETE', credentialsUrl(), token);
    expect(deleted.httpStatus).toBe(200);
    expect(deleted.body?.status_code).toBe(1000);
    expect((await partner(id)).status).toBe('UNREGISTERED');
    expect((await call('GET', harness.versionsUrl, token)).httpStatus).toBe(401);
  });

  it('given an eMSP that gave us a token A, when we register, rotate and unregister, then it holds our current token each time', async () => {
    const party = await emsp();
    const registered = await harness.admin('POST', '/ocpi/registrations', { versions_url: party.versionsUrl, token: party.tokenA });
    expect(registered.status).toBe(201);
    const view = registered.body as PartnerView;
    expect(view).toMatchObject({ status: 'REGISTERED', version: '2.2.1', roles: [{ country_code: 'DE', party_id: 'EMS' }] });
    const first = party.cpo?.token;
    expect(first).toBeDefined();
    expect((await party.callCpo('GET', 'credentials')).httpStatus).toBe(200);

    const rotated = await harness.admin('POST', `/ocpi/partners/${view.id}/rotate`);
    expect(rotated.status).toBe(200);
    const second = party.cpo?.token;
    expect(second).not.toBe(first);
    expect((await party.callCpo('GET', 'credentials')).httpStatus).toBe(200);
    expect((await call('GET', harness.versionsUrl, first ?? '')).httpStatus).toBe(401);

    const unregistered = await harness.admin('DELETE', `/ocpi/partners/${view.id}`);
    expect(unregistered.status).toBe(200);
    expect(unregistered.body).toMatchObject({ partner: { status: 'UNREGISTERED' }, remote: { kind: 'acknowledged' } });
    expect(party.cpo).toBeNull();
    expect((await call('GET', harness.versionsUrl, second ?? '')).httpStatus).toBe(401);
  });

  it('given a partner that is down, when we register, then the admin API answers 502 with the reason', async () => {
    const refused = await harness.admin('POST', '/ocpi/registrations', { versions_url: 'http://127.0.0.1:9/ocpi/versions', token: 'their-token-a' });
    expect(refused.status).toBe(502);
    expect(JSON.stringify(refused.body)).toContain('127.0.0.1:9');
  });

  it('given registrations happened, then the traffic topic holds both directions and never a token', async () => {
    const { token: tokenA } = await issueTokenA();
    const party = await emsp();
    const { token } = await party.registerWith(harness.versionsUrl, tokenA);
    await harness.ocpi.traffic.flush();
    const exchanges: { key: string; exchange: OcpiExchange }[] = [];
    await readTopicToEnd(harness.bus, topics.ocpiTraffic, `traffic-reader-${randomUUID()}`, async (record) => {
      if (record.value !== null) exchanges.push({ key: record.key, exchange: (await harness.serde.decode(topics.ocpiTraffic, record.value)).payload });
    });
    const inboundPost = exchanges.find(({ exchange }) => exchange.direction === 'INBOUND' && exchange.method === 'POST' && exchange.module === 'credentials' && exchange.http_status === 200);
    expect(inboundPost?.key).toBe('DE/EMS');
    expect(inboundPost?.exchange.ocpi_status_code).toBe(1000);
    expect(inboundPost?.exchange.response_body).toContain('[redacted]');
    expect(exchanges.some(({ exchange }) => exchange.direction === 'OUTBOUND' && exchange.module === 'versions' && exchange.url === party.versionsUrl)).toBe(true);
    const everything = JSON.stringify(exchanges);
    expect(everything).not.toContain(tokenA);
    expect(everything).not.toContain(token);
    expect(everything).not.toContain(party.received.find((request) => request.module === 'versions')?.token ?? 'no token b');
  });
});

describe('OCPI credentials and registration (2.1.1)', () => {
  let harness: OcpiHarness;
  let party: MockEmsp | undefined;

  beforeAll(async () => {
    harness = await startOcpiHarness();
  });
  afterEach(async () => {
    await party?.close();
    party = undefined;
  });
  afterAll(async () => {
    await harness.stop();
  });

  it('given a 2.1.1-only eMSP, when it registers with our token A, then it gets 2.1.1 credentials naming our party', async () => {
    const issued = (await harness.admin('POST', '/ocpi/token-a')).body as { partner_id: string; token: string };
    party = await startMockEmsp({ versions: ['2.1.1'] });
    const connection = await party.registerWith(harness.versionsUrl, issued.token);
    expect(connection.version).toBe('2.1.1');
    const ours = await ocpiRequest({ method: 'GET', url: `${harness.config.publicUrl}/ocpi/2.1.1/credentials`, token: connection.token, version: '2.1.1' });
    expect(ours.body?.data).toEqual({ token: connection.token, url: harness.versionsUrl, business_details: { name: 'Switchyard test CPO' }, party_id: 'SWY', country_code: 'NL' });
    const view = (await harness.admin('GET', `/ocpi/partners/${issued.partner_id}`)).body as PartnerView;
    expect(view).toMatchObject({ status: 'REGISTERED', version: '2.1.1', roles: [{ role: 'EMSP', country_code: 'DE', party_id: 'EMS' }] });
  });

  it('given a 2.1.1-only eMSP, when we register with it, then we speak 2.1.1 with raw tokens', async () => {
    party = await startMockEmsp({ versions: ['2.1.1'] });
    const registered = await harness.admin('POST', '/ocpi/registrations', { versions_url: party.versionsUrl, token: party.tokenA });
    expect(registered.status).toBe(201);
    expect(registered.body).toMatchObject({ status: 'REGISTERED', version: '2.1.1' });
    const post = party.received.find((request) => request.module === 'credentials' && request.method === 'POST');
    expect(post?.headers['authorization']).toBe(`Token ${party.tokenA}`);
    expect((await party.callCpo('GET', 'credentials')).httpStatus).toBe(200);
  });
});
