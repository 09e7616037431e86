import express from 'express';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminApi, adminApiBasePath } from '../../services/core/http/admin-api.ts';
import { ApiError, jsonErrorHandler, notFoundHandler } from '../../services/core/http/api-error.ts';
import { startHttpServer, type RunningHttpServer } from '../../services/core/http/http-server.ts';
import { SwitchyardError } from '../../services/core/errors.ts';

const token = 'test-token-0123456789abcdef';
const logger = pino({ level: 'silent' });

function adminApiWithRoutes(): AdminApi {
  const api = new AdminApi({ token, logger, version: '0.0.0-test' });
  api.register({
    method: 'get',
    path: '/chargers/{chargerId}',
    operation: { operationId: 'getCharger', summary: 'One charger', responses: { '200': { description: 'The charger' } } },
    handler: (request, response) => {
      if (request.params.chargerId === 'missing') throw new ApiError(404, 'charger_not_found', 'no charger missing');
      if (request.params.chargerId === 'busy') throw new SwitchyardError('bus.unavailable', 'broker down', { retriable: true });
      if (request.params.chargerId === 'bug') throw new TypeError('secret internals');
      response.json({ chargerId: request.params.chargerId });
    },
  });
  api.register({
    method: 'post',
    path: '/echo',
    operation: { operationId: 'echo', summary: 'Echoes the body', responses: { '200': { description: 'The body' } } },
    handler: (request, response) => {
      response.json(request.body);
    },
  });
  return api;
}

describe('admin API frame over HTTP', () => {
  let server: RunningHttpServer;
  let base: string;

  beforeAll(async () => {
    const app = express();
    app.use(adminApiBasePath, adminApiWithRoutes().router);
    app.use(notFoundHandler);
    app.use(jsonErrorHandler(logger));
    server = await startHttpServer(app, { host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${server.port}/api`;
  });
  afterAll(async () => {
    await server.close();
  });

  const authorized = { authorization: `Bearer ${token}` };

  const cases: { given: string; path: string; init?: RequestInit; status: number; body: unknown; wwwAuthenticate?: string }[] = [
    {
      given: 'no token',
      path: '/chargers/CP-1',
      status: 401,
      body: { error: { code: 'unauthorized', message: 'a valid bearer token is required' } },
      wwwAuthenticate: 'Bearer realm="switchyard-admin"',
    },
    {
      given: 'a wrong token',
      path: '/chargers/CP-1',
      init: { headers: { authorization: 'Bearer nope' } },
      status: 401,
      body: { error: { code: 'unauthorized', message: 'a valid bearer token is required' } },
      wwwAuthenticate: 'Bearer realm="switchyard-admin", error="invalid_token"',
    },
    {
      given: 'a token sent as basic auth',
      path: '/chargers/CP-1',
      init: { headers: { authorization: `Basic ${Buffer.from(`admin:${token}`).toString('base64')}` } },
      status: 401,
      body: { error: { code: 'unauthorized', message: 'a valid bearer token is required' } },
    },
    {
      given: 'no token on an unknown path (nothing about routes leaks)',
      path: '/nowhere',
      status: 401,
      body: { error: { code: 'unauthorized', message: 'a valid bearer token is required' } },
    },
    { given: 'the token', path: '/chargers/CP-1', init: { headers: authorized }, status: 200, body: { chargerId: 'CP-1' } },
    {
      given: 'the token and an unknown path',
      path: '/nowhere',
      init: { headers: authorized },
      status: 404,
      body: { error: { code: 'not_found', message: 'no route for GET /api/nowhere' } },
    },
    {
      given: 'a handler answering with an ApiError',
      path: '/chargers/missing',
      init: { headers: authorized },
      status: 404,
      body: { error: { code: 'charger_not_found', message: 'no charger missing' } },
    },
    {
      given: 'a handler failing with a retriable error',
      path: '/chargers/busy',
      init: { headers: authorized },
      status: 503,
      body: { error: { code: 'bus.unavailable', message: 'temporarily unavailable, try again' } },
    },
    {
      given: 'a handler failing with a bug',
      path: '/chargers/bug',
      init: { headers: authorized },
      status: 500,
      body: { error: { code: 'internal', message: 'internal error' } },
    },
    {
      given: 'a JSON body',
      path: '/echo',
      init: { method: 'POST', headers: { ...authorized, 'content-type': 'application/json' }, body: '{"a":1}' },
      status: 200,
      body: { a: 1 },
    },
    {
      given: 'a malformed JSON body',
      path: '/echo',
      init: { method: 'POST', headers: { ...authorized, 'content-type': 'application/json' }, body: '{"a":' },
      status: 400,
      body: { error: { code: 'invalid_body', message: expect.any(String) } },
    },
  ];

  it.each(cases)('given $given, then it answers $status with a JSON body', async ({ path, init, status, body, wwwAuthenticate }) => {
    const response = await fetch(`${base}${path}`, init);
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toEqual(body);
    if (wwwAuthenticate !== undefined) expect(response.headers.get('www-authenticate')).toBe(wwwAuthenticate);
  });

  it('serves an OpenAPI 3.1 document of every registered operation, itself included', async () => {
    const response = await fetch(`${base}/openapi.json`, { headers: authorized });
    expect(response.status).toBe(200);
    const document = (await response.json()) as { openapi: string; paths: Record<string, Record<string, { operationId: string }>> };
    expect(document.openapi).toBe('3.1.0');
    const operations = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item).map(([method, operation]) => `${method} ${path} ${operation.operationId}`),
    );
    expect(operations.sort()).toEqual([
      'get /chargers/{chargerId} getCharger',
      'get /openapi.json getOpenApiDocument',
      'post /echo echo',
    ]);
  });
});

describe('admin access log', () => {
  it('given requests with and without the token, then each is logged with its status and never with the token', async () => {
    const lines: string[] = [];
    const capturing = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
    const app = express();
    app.use(adminApiBasePath, new AdminApi({ token, logger: capturing, version: '0.0.0-test' }).router);
    const server = await startHttpServer(app, { host: '127.0.0.1', port: 0 });
    try {
      await fetch(`http://127.0.0.1:${server.port}/api/openapi.json`);
      await fetch(`http://127.0.0.1:${server.port}/api/openapi.json`, { headers: { authorization: `Bearer ${token}` } });
    } finally {
      await server.close();
    }
    const entries = lines.map((line) => JSON.parse(line) as { msg: string; method: string; url: string; status: number });
    expect(entries.filter((entry) => entry.msg === 'admin request').map(({ method, url, status }) => ({ method, url, status }))).toEqual([
      { method: 'GET', url: '/api/openapi.json', status: 401 },
      { method: 'GET', url: '/api/openapi.json', status: 200 },
    ]);
    expect(lines.join('')).not.toContain(token);
  });
});

describe('OpenAPI document and mounted express routes', () => {
  it('given routes added through register, then every mounted route is documented and every documented one mounted', () => {
    const api = adminApiWithRoutes();
    expect(api.drift()).toEqual({ undocumented: [], unmounted: [] });
    expect(() => api.assertInStep()).not.toThrow();
    expect(api.mountedRoutes()).toHaveLength(Object.values(api.openApiDocument().paths).flatMap(Object.keys).length);
  });

  it('given a route mounted on the router behind register’s back, then drift names it', () => {
    const api = adminApiWithRoutes();
    api.router.delete('/chargers/:chargerId', (_request, response) => {
      response.end();
    });
    expect(api.drift()).toEqual({ undocumented: [{ method: 'delete', path: '/chargers/{chargerId}' }], unmounted: [] });
    expect(() => api.assertInStep()).toThrow('undocumented DELETE /chargers/{chargerId}; documented but not mounted none');
  });

  it('given a route registered twice, then register refuses', () => {
    const api = adminApiWithRoutes();
    expect(() =>
      api.register({
        method: 'post',
        path: '/echo',
        operation: { operationId: 'echoAgain', summary: 'Again', responses: {} },
        handler: (_request, response) => {
          response.end();
        },
      }),
    ).toThrow('registered twice');
  });
});
