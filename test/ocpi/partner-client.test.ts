import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../services/core/clock.ts';
import type { OcpiExchange } from '../../services/core/events/generated-types.ts';
import { isRetriable } from '../../services/core/errors.ts';
import { startHttpServer, type RunningHttpServer } from '../../services/core/http/http-server.ts';
import { createPartnerClient } from '../../services/ocpi/client/http-partner-client.ts';
import type { PartnerClient } from '../../services/ocpi/client/partner-client.ts';
import type { Partner } from '../../services/ocpi/partners/partner.ts';

const partner: Partner = {
  id: 'partner-1',
  status: 'REGISTERED',
  incomingTokenHash: 'unused',
  outgoingToken: 'their-token',
  versionsUrl: null,
  version: '2.2.1',
  endpoints: [],
  roles: [{ role: 'EMSP', country_code: 'DE', party_id: 'EMS', business_details: { name: 'eMSP' } }],
  createdAt: 0,
  updatedAt: 0,
};

describe('the HTTP partner client', () => {
  let server: RunningHttpServer;
  let base: string;
  const seenHeaders: Record<string, string | undefined>[] = [];
  const exchanges: OcpiExchange[] = [];
  let client: PartnerClient;

  beforeAll(async () => {
    const app = express();
    app.use(express.json());
    app.all('/answer/:http/:code', (request, response) => {
      seenHeaders.push({ ...request.headers } as Record<string, string | undefined>);
      response.status(Number(request.params['http'])).json({ data: { echoed: request.body as unknown }, status_code: Number(request.params['code']), status_message: 'as asked', timestamp: new Date().toISOString() });
    });
    app.get('/not-ocpi', (_request, response) => {
      response.type('text/html').send('<html>proxy error page</html>');
    });
    app.get('/slow', () => undefined);
    server = await startHttpServer(app, { host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${server.port}`;
    client = createPartnerClient({ clock: systemClock, traffic: { record: (exchange) => exchanges.push(exchange), flush: () => Promise.resolve() }, timeoutMs: 2_000 });
  });

  afterAll(async () => {
    await server.close(100);
  });

  it('sends the partner token Base64-encoded, request and correlation ids and the routing headers, and records the exchange', async () => {
    const answer = await client.send(partner, {
      method: 'PUT',
      url: `${base}/answer/200/1000`,
      module: 'sessions',
      body: { id: 'S1' },
      correlationId: 'corr-7',
      routing: { from: { countryCode: 'NL', partyId: 'SWY' }, to: { countryCode: 'DE', partyId: 'EMS' } },
    });
    expect(answer).toMatchObject({ httpStatus: 200, ocpiStatusCode: 1000, statusMessage: 'as asked', data: { echoed: { id: 'S1' } } });
    const headers = seenHeaders.at(-1) ?? {};
    expect(headers['authorization']).toBe(`Token ${Buffer.from('their-token').toString('base64')}`);
    expect(headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(headers['x-correlation-id']).toBe('corr-7');
    expect([headers['ocpi-from-country-code'], headers['ocpi-from-party-id'], headers['ocpi-to-country-code'], headers['ocpi-to-party-id']]).toEqual(['NL', 'SWY', 'DE', 'EMS']);
    expect(exchanges.at(-1)).toMatchObject({
      direction: 'OUTBOUND',
      party: { country_code: 'DE', party_id: 'EMS' },
      method: 'PUT',
      module: 'sessions',
      request_id: headers['x-request-id'],
      ocpi_correlation_id: 'corr-7',
      request_body: '{"id":"S1"}',
      http_status: 200,
      ocpi_status_code: 1000,
      error: null,
      request_headers: { 'x-correlation-id': 'corr-7', 'ocpi-to-party-id': 'EMS' },
      response_headers: { 'content-type': expect.stringContaining('application/json') as unknown },
    });
    expect(exchanges.at(-1)?.request_headers).not.toHaveProperty('authorization');
  });

  it('sends the raw token to a 2.1.1 partner', async () => {
    await client.send({ ...partner, version: '2.1.1' }, { method: 'GET', url: `${base}/answer/200/1000`, module: 'locations' });
    expect(seenHeaders.at(-1)?.['authorization']).toBe('Token their-token');
  });

  it.each([
    { given: 'a client error envelope', path: '/answer/200/2001', http: 200, code: 2001 },
    { given: 'HTTP 404', path: '/answer/404/2000', http: 404, code: 2000 },
    { given: 'a body that is not an envelope', path: '/not-ocpi', http: 200, code: null },
  ])('given $given, then it resolves for the caller to judge', async ({ path, http, code }) => {
    const answer = await client.send(partner, { method: 'GET', url: `${base}${path}`, module: 'tokens' });
    expect([answer.httpStatus, answer.ocpiStatusCode]).toEqual([http, code]);
  });

  it.each([
    { given: 'HTTP 500', url: () => `${base}/answer/500/3000`, timeoutMs: undefined },
    { given: 'an OCPI 3xxx with HTTP 200', url: () => `${base}/answer/200/3001`, timeoutMs: undefined },
    { given: 'a refused connection', url: () => 'http://127.0.0.1:9/ocpi', timeoutMs: undefined },
    { given: 'no answer within the timeout', url: () => `${base}/slow`, timeoutMs: 200 },
  ])('given $given, then it rejects with a retriable error and records what happened', async ({ url, timeoutMs }) => {
    const failure = await client.send(partner, { method: 'GET', url: url(), module: 'cdrs', ...(timeoutMs === undefined ? {} : { timeoutMs }) }).then(
      () => null,
      (error: unknown) => error,
    );
    expect(isRetriable(failure)).toBe(true);
    expect(exchanges.at(-1)?.url).toBe(url());
  });

  it('refuses to call a partner it holds no token for', async () => {
    await expect(client.send({ ...partner, outgoingToken: null }, { method: 'GET', url: `${base}/answer/200/1000`, module: 'cdrs' })).rejects.toMatchObject({ retriable: false });
  });
});
