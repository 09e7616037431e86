import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { topics } from '../../services/core/bus/topic-catalogue.ts';
import { systemClock } from '../../services/core/clock.ts';
import { createEnvelopeBuilder } from '../../services/core/events/envelope.ts';
import type { OcpiExchange } from '../../services/core/events/generated-types.ts';
import { startHttpServer, type RunningHttpServer } from '../../services/core/http/http-server.ts';
import { createOcpiApp } from '../../services/ocpi/ocpi-app.ts';
import { hashCredentialsToken } from '../../services/ocpi/partners/credentials-token.ts';
import { openPartnerDirectory } from '../../services/ocpi/partners/open-partner-directory.ts';
import type { PartnerDirectory } from '../../services/ocpi/partners/partner-directory.ts';
import type { Partner, PartnerStatus } from '../../services/ocpi/partners/partner.ts';
import { sendOcpiJsonList } from '../../services/ocpi/modules/paging/json-list-response.ts';
import { sendOcpiData } from '../../services/ocpi/transport/ocpi-response.ts';
import { ocpiStatus, OcpiError } from '../../services/ocpi/transport/ocpi-status.ts';
import { authenticatedPartner, requestedVersion } from '../../services/ocpi/transport/request-partner.ts';
import { busTrafficRecorder, type TrafficRecorder } from '../../services/ocpi/transport/traffic-recorder.ts';
import { readTopicToEnd } from '../../services/projectors/runtime/topic-snapshot.ts';
import { freePorts } from '../app/switchyard-process.ts';
import { openOcpiWorld, testLogger, type OcpiWorld } from './support/ocpi-harness.ts';
import { ocpiRequest } from './support/ocpi-test-client.ts';

const tokens: Record<PartnerStatus, string> = { REGISTERED: 'token-c-registered', PENDING: 'token-a-pending', UNREGISTERED: 'token-c-void' };

function partnerWith(status: PartnerStatus): Partner {
  return {
    id: `partner-${status.toLowerCase()}`,
    status,
    incomingTokenHash: hashCredentialsToken(tokens[status]),
    outgoingToken: status === 'REGISTERED' ? 'their-token' : null,
    versionsUrl: null,
    version: status === 'REGISTERED' ? '2.2.1' : null,
    endpoints: [],
    roles: status === 'REGISTERED' ? [{ role: 'EMSP', country_code: 'DE', party_id: 'EMS', business_details: { name: 'eMSP' } }] : [],
    createdAt: 0,
    updatedAt: 0,
  };
}

/** A functional module that shows what the frame gives handlers, and fails on request. */
function probeModule() {
  const router = Router();
  router.get('/', (_request, response) => sendOcpiData(response, systemClock, { partner: authenticatedPartner(response).id, version: requestedVersion(response) }));
  router.post('/', (request, response) => sendOcpiData(response, systemClock, request.body as unknown));
  // A page of stored objects sent as text; the object's own status_code is not the envelope's.
  router.get('/page', (_request, response) => sendOcpiJsonList(response, systemClock, ['{"id":"A","status_code":2001}']));
  router.get('/unknown', () => {
    throw new OcpiError(ocpiStatus.unknownLocation, 404, 'no such location');
  });
  router.get('/bug', () => {
    throw new Error('a bug with internal details');
  });
  return { endpoint: { identifier: 'locations', role: 'SENDER' as const, versions: ['2.2.1' as const, '2.1.1' as const] }, router };
}

describe('the OCPI app frame', () => {
  let world: OcpiWorld;
  let directory: PartnerDirectory;
  let traffic: TrafficRecorder;
  let server: RunningHttpServer;
  let base: string;

  beforeAll(async () => {
    world = await openOcpiWorld();
    const envelopeOf = createEnvelopeBuilder({ clock: systemClock, source: { service: 'ocpi', instanceId: 'app-test' } });
    directory = await openPartnerDirectory({ bus: world.bus, serde: world.serde, envelopeOf, instanceId: 'app-test', onUndecodable: () => undefined });
    for (const status of ['REGISTERED', 'PENDING', 'UNREGISTERED'] as const) await directory.put(partnerWith(status));
    traffic = busTrafficRecorder({ bus: world.bus, serde: world.serde, envelopeOf, onFailure: () => undefined });
    const [port] = await freePorts(1);
    base = `http://127.0.0.1:${String(port)}`;
    const app = createOcpiApp({ clock: systemClock, logger: testLogger(), directory, traffic, modules: [probeModule()], config: { publicUrl: base } });
    server = await startHttpServer(app, { host: '127.0.0.1', port: port ?? 0 });
  });

  afterAll(async () => {
    await server.close(1_000);
    await traffic.flush();
    await directory.close();
    await world.cleanup();
  });

  const get = (path: string, token: string, headers: Record<string, string> = {}) => ocpiRequest({ method: 'GET', url: `${base}${path}`, token, headers });

  it.each([
    { given: 'an unknown token', token: 'nobody-has-this', path: '/ocpi/versions', status: 401 },
    { given: 'a voided token', token: tokens.UNREGISTERED, path: '/ocpi/versions', status: 401 },
    { given: 'token A on a functional module', token: tokens.PENDING, path: '/ocpi/2.2.1/locations', status: 401 },
    { given: 'token A on versions', token: tokens.PENDING, path: '/ocpi/versions', status: 200 },
    { given: 'token A on version details', token: tokens.PENDING, path: '/ocpi/2.2.1', status: 200 },
    { given: 'token C on a functional module', token: tokens.REGISTERED, path: '/ocpi/2.2.1/locations', status: 200 },
  ])('given $given, when it calls $path, then HTTP $status with an OCPI envelope', async ({ token, path, status }) => {
    const reply = await get(path, token);
    expect(reply.httpStatus).toBe(status);
    expect(reply.body?.status_code).toBe(status === 200 ? 1000 : 2000);
    expect(reply.body?.timestamp).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('given no Authorization header, then HTTP 401', async () => {
    const response = await fetch(`${base}/ocpi/versions`);
    expect(response.status).toBe(401);
    expect(((await response.json()) as { status_code: number }).status_code).toBe(2000);
  });

  it('given the raw token of a 2.1.1 peer, then it is accepted like the Base64 one', async () => {
    const raw = await ocpiRequest({ method: 'GET', url: `${base}/ocpi/2.1.1/locations`, token: tokens.REGISTERED, version: '2.1.1' });
    expect(raw.httpStatus).toBe(200);
    expect(raw.body?.data).toEqual({ partner: 'partner-registered', version: '2.1.1' });
  });

  it('lists our versions and each version\'s endpoints in that version\'s shape', async () => {
    expect((await get('/ocpi/versions', tokens.REGISTERED)).body?.data).toEqual([
      { version: '2.2.1', url: `${base}/ocpi/2.2.1` },
      { version: '2.1.1', url: `${base}/ocpi/2.1.1` },
    ]);
    expect((await get('/ocpi/2.2.1', tokens.REGISTERED)).body?.data).toEqual({ version: '2.2.1', endpoints: [{ identifier: 'locations', role: 'SENDER', url: `${base}/ocpi/2.2.1/locations` }] });
    expect((await get('/ocpi/2.1.1', tokens.REGISTERED)).body?.data).toEqual({ version: '2.1.1', endpoints: [{ identifier: 'locations', url: `${base}/ocpi/2.1.1/locations` }] });
  });

  it('answers a functional module with the routing headers turned around, and a configuration module without them', async () => {
    const routing = { 'ocpi-from-country-code': 'DE', 'ocpi-from-party-id': 'EMS', 'ocpi-to-country-code': 'NL', 'ocpi-to-party-id': 'SWY' };
    const functional = await get('/ocpi/2.2.1/locations', tokens.REGISTERED, routing);
    expect(functional.headers).toMatchObject({ 'ocpi-to-country-code': 'DE', 'ocpi-to-party-id': 'EMS', 'ocpi-from-country-code': 'NL', 'ocpi-from-party-id': 'SWY' });
    const configuration = await get('/ocpi/2.2.1', tokens.REGISTERED, routing);
    expect(configuration.headers).not.toHaveProperty('ocpi-to-party-id');
  });

  it('echoes X-Request-ID and X-Correlation-ID, and makes them up when absent', async () => {
    const given = await get('/ocpi/versions', tokens.REGISTERED, { 'x-request-id': 'req-42', 'x-correlation-id': 'corr-42' });
    expect(given.headers['x-request-id']).toBe('req-42');
    expect(given.headers['x-correlation-id']).toBe('corr-42');
    const response = await fetch(`${base}/ocpi/versions`, { headers: { authorization: `Token ${Buffer.from(tokens.REGISTERED).toString('base64')}` } });
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.headers.get('x-correlation-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it.each([
    { given: 'a body that is not JSON', path: '/ocpi/2.2.1/locations', body: '{"broken', http: 400, code: 2000 },
    { given: 'valid JSON', path: '/ocpi/2.2.1/locations', body: '{"fine":true}', http: 200, code: 1000 },
  ])('given $given, then HTTP $http with status $code', async ({ path, body, http, code }) => {
    const response = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { authorization: `Token ${Buffer.from(tokens.REGISTERED).toString('base64')}`, 'content-type': 'application/json' },
      body,
    });
    expect(response.status).toBe(http);
    expect(((await response.json()) as { status_code: number }).status_code).toBe(code);
  });

  it('turns OcpiErrors into their envelope, other errors into 3000 without details, unknown paths into 404', async () => {
    const unknown = await get('/ocpi/2.2.1/locations/unknown', tokens.REGISTERED);
    expect([unknown.httpStatus, unknown.body?.status_code, unknown.body?.status_message]).toEqual([404, 2003, 'no such location']);
    const bug = await get('/ocpi/2.2.1/locations/bug', tokens.REGISTERED);
    expect([bug.httpStatus, bug.body?.status_code]).toEqual([500, 3000]);
    expect(bug.text).not.toContain('internal details');
    const nowhere = await get('/ocpi/2.2.1/nothing-here', tokens.REGISTERED);
    expect([nowhere.httpStatus, nowhere.body?.status_code]).toEqual([404, 2000]);
  });

  it('records every inbound exchange on the traffic topic, keyed by the partner\'s party', async () => {
    const requestId = randomUUID();
    await ocpiRequest({ method: 'POST', url: `${base}/ocpi/2.2.1/locations`, token: tokens.REGISTERED, body: { probe: requestId }, headers: { 'x-request-id': requestId } });
    await get('/ocpi/versions', 'nobody-has-this', { 'x-request-id': `${requestId}-refused` });
    await get('/ocpi/2.2.1/locations/page', tokens.REGISTERED, { 'x-request-id': `${requestId}-page` });
    await traffic.flush();
    const recorded: { key: string; exchange: OcpiExchange }[] = [];
    await readTopicToEnd(world.bus, topics.ocpiTraffic, `traffic-reader-${randomUUID()}`, async (record) => {
      if (record.value !== null) recorded.push({ key: record.key, exchange: (await world.serde.decode(topics.ocpiTraffic, record.value)).payload });
    });
    const post = recorded.find(({ exchange }) => exchange.request_id === requestId);
    expect(post).toMatchObject({
      key: 'DE/EMS',
      exchange: { direction: 'INBOUND', method: 'POST', url: `${base}/ocpi/2.2.1/locations`, module: 'locations', http_status: 200, ocpi_status_code: 1000, request_body: JSON.stringify({ probe: requestId }) },
    });
    expect(post?.exchange.response_body).toContain(requestId);
    expect(post?.exchange.request_headers).toMatchObject({ 'x-request-id': requestId, 'content-type': 'application/json' });
    expect(post?.exchange.request_headers).not.toHaveProperty('authorization');
    expect(post?.exchange.response_headers).toMatchObject({ 'x-request-id': requestId });
    expect(recorded.find(({ exchange }) => exchange.request_id === `${requestId}-refused`)).toMatchObject({ key: 'unknown', exchange: { http_status: 401, module: 'versions' } });
    expect(recorded.find(({ exchange }) => exchange.request_id === `${requestId}-page`)).toMatchObject({ exchange: { http_status: 200, ocpi_status_code: 1000 } });
  });
});
