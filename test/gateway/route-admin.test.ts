import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminClient, type AdminResponse } from '../support/admin-client.ts';
import { adminToken, eventsOf, openTestWorld, startTestEdge, type TestEdge, type TestWorld } from '../edge/support/edge-harness.ts';

const legacy = { name: 'legacy', url: 'wss://legacy.example.com/ocpp', basic: { username: 'switchyard', password: 'legacy-secret' } };
const next = { name: 'next', url: 'ws://next.example.com/ocpp' };

function changeRoute(edge: TestEdge, method: 'PUT' | 'DELETE', path: string, actor: string, body?: unknown): Promise<AdminResponse> {
  return adminClient(edge.adminUrl, adminToken, { 'x-switchyard-actor': actor })(method, path, body);
}

describe('routes through the admin API', () => {
  let world: TestWorld;
  let edge: TestEdge;

  beforeAll(async () => {
    world = await openTestWorld();
    edge = await startTestEdge({ ...world, config: { acceptUnknownChargers: true } });
    await edge.admin('PUT', '/chargers/CP-DEPOT-1', { securityProfile: 0, labels: { site: 'depot-7' } });
  });

  afterAll(async () => {
    await edge?.close();
    await world?.cleanup();
  });

  it('serves a charger no route covers with the built-in CSMS', async () => {
    expect(await edge.admin('GET', '/routes/chargers/CP-DEPOT-1/resolution')).toMatchObject({
      status: 200,
      body: { matched: null, primary: { name: 'builtin', builtin: true }, observers: [] },
    });
  });

  it('refuses two primaries, observers without a primary and unknown fields, saying why', async () => {
    const twoPrimaries = await changeRoute(edge, 'PUT', '/routes/default', 'ops', { upstreams: [{ ...legacy, role: 'primary' }, { ...next, role: 'primary' }] });
    expect(twoPrimaries).toEqual({ status: 400, body: { error: { code: 'invalid_route', message: 'exactly one upstream must be primary, found 2 (legacy, next)' } } });
    const noPrimary = await changeRoute(edge, 'PUT', '/routes/default', 'ops', { upstreams: [{ ...next, role: 'observer' }] });
    expect(noPrimary).toMatchObject({ status: 400, body: { error: { message: 'exactly one upstream must be primary, found 0' } } });
    const unknownField = await changeRoute(edge, 'PUT', '/routes/default', 'ops', { upstreams: [], mirror: true });
    expect(unknownField).toMatchObject({ status: 400, body: { error: { code: 'invalid_route' } } });
    expect(await edge.admin('GET', '/routes')).toEqual({ status: 200, body: [] });
  });

  it('keeps the observer catch-up policy and the local answers option, and refuses an unknown policy', async () => {
    const route = { upstreams: [{ ...legacy, role: 'primary' }, { ...next, role: 'observer', catchUp: 'skip' }], localAnswersWhilePrimaryDown: true };
    expect(await changeRoute(edge, 'PUT', '/routes/chargers/CP-POLICY-1', 'ops', route)).toMatchObject({ status: 201 });
    expect(await edge.admin('GET', '/routes/chargers/CP-POLICY-1')).toMatchObject({
      status: 200,
      body: { localAnswersWhilePrimaryDown: true, upstreams: [{ name: 'legacy', catchUp: 'replay' }, { name: 'next', catchUp: 'skip' }] },
    });
    const unknownPolicy = await changeRoute(edge, 'PUT', '/routes/chargers/CP-POLICY-1', 'ops', { upstreams: [{ ...legacy, role: 'primary' }, { ...next, role: 'observer', catchUp: 'later' }] });
    expect(unknownPolicy).toMatchObject({ status: 400, body: { error: { code: 'invalid_route' } } });
    expect((await changeRoute(edge, 'DELETE', '/routes/chargers/CP-POLICY-1', 'ops')).status).toBe(204);
  });

  it('walks a migration wave: observe, promote, roll back, remove; each step applies to the next lookup and is audited', async () => {
    const wave = (primary: object, observer: object) => ({ upstreams: [primary, observer], selector: { labels: { site: 'depot-7' } } });

    const observe = await changeRoute(edge, 'PUT', '/routes/groups/wave-1', 'alice', wave({ ...legacy, role: 'primary' }, { ...next, role: 'observer' }));
    expect(observe).toMatchObject({ status: 201, body: { key: 'group/wave-1', updatedBy: 'alice' } });
    expect(JSON.stringify(observe.body)).not.toContain('legacy-secret');
    expect(await edge.admin('GET', '/routes/chargers/CP-DEPOT-1/resolution')).toMatchObject({
      body: { matched: 'group/wave-1', primary: { name: 'legacy', auth: 'basic', basicUsername: 'switchyard' }, observers: [{ name: 'next' }] },
    });

    const promote = await changeRoute(edge, 'PUT', '/routes/groups/wave-1', 'bob', wave({ ...next, role: 'primary' }, { ...legacy, role: 'observer' }));
    expect(promote.status).toBe(200);
    expect(await edge.admin('GET', '/routes/chargers/CP-DEPOT-1/resolution')).toMatchObject({ body: { primary: { name: 'next' }, observers: [{ name: 'legacy' }] } });

    await changeRoute(edge, 'PUT', '/routes/groups/wave-1', 'carol', wave({ ...legacy, role: 'primary' }, { ...next, role: 'observer' }));
    expect(await edge.admin('GET', '/routes/chargers/CP-DEPOT-1/resolution')).toMatchObject({ body: { primary: { name: 'legacy' } } });
    expect(await edge.admin('GET', '/routes/chargers/CP-OTHER/resolution')).toMatchObject({ body: { matched: null } });

    expect(await changeRoute(edge, 'DELETE', '/routes/groups/wave-1', 'dave')).toEqual({ status: 204, body: null });
    expect(await edge.admin('GET', '/routes/groups/wave-1')).toMatchObject({ status: 404, body: { error: { code: 'unknown_route' } } });

    const audit = (await eventsOf(world.bus, world.serde, 'group/wave-1')).filter((event) => event.type === 'RouteChanged');
    const steps = audit.map((event) => ({
      by: event.value['changed_by'],
      primaryBefore: primaryOf(event.value['before_json']),
      primaryAfter: primaryOf(event.value['after_json']),
    }));
    expect(steps).toEqual([
      { by: 'alice', primaryBefore: null, primaryAfter: 'legacy' },
      { by: 'bob', primaryBefore: 'legacy', primaryAfter: 'next' },
      { by: 'carol', primaryBefore: 'next', primaryAfter: 'legacy' },
      { by: 'dave', primaryBefore: 'legacy', primaryAfter: null },
    ]);
    expect(audit.every((event) => typeof event.envelope.recorded_at === 'number')).toBe(true);
    expect(JSON.stringify(audit)).not.toContain('legacy-secret');
  });

  it('runs the wave as one step per request: observe, promote, roll back, remove, keeping credentials it never shows', async () => {
    const step = adminClient(edge.adminUrl, adminToken, { 'x-switchyard-actor': 'wave-bot' });
    const roles = (body: unknown) => (body as { upstreams: { name: string; role: string }[] }).upstreams.map((u) => `${u.name}:${u.role}`);

    await changeRoute(edge, 'PUT', '/routes/groups/wave-2', 'wave-bot', { upstreams: [{ ...legacy, role: 'primary' }], selector: { idPattern: 'CP-W2-*' } });
    expect(roles((await step('POST', '/routes/groups/wave-2/observers', { ...next, role: 'observer' })).body)).toEqual(['legacy:primary', 'next:observer']);
    expect(roles((await step('POST', '/routes/groups/wave-2/promote', { upstream: 'next' })).body)).toEqual(['legacy:observer', 'next:primary']);
    expect(roles((await step('POST', '/routes/groups/wave-2/promote', { upstream: 'legacy' })).body)).toEqual(['legacy:primary', 'next:observer']);
    expect(await step('DELETE', '/routes/groups/wave-2/upstreams/legacy')).toMatchObject({ status: 409, body: { error: { message: 'legacy is the primary: promote another upstream first' } } });
    expect(roles((await step('DELETE', '/routes/groups/wave-2/upstreams/next')).body)).toEqual(['legacy:primary']);
    expect(await edge.admin('GET', '/routes/chargers/CP-W2-1/resolution')).toMatchObject({ body: { primary: { name: 'legacy', auth: 'basic', basicUsername: 'switchyard' } } });
    expect(await edge.admin('GET', '/routes/report')).toMatchObject({
      status: 200,
      body: expect.arrayContaining([{ routeKey: 'group/wave-2', primary: 'legacy', observers: [], chargers: 0, mirrored: 0, differencesByAction: {} }]),
    });
    const audit = (await eventsOf(world.bus, world.serde, 'group/wave-2')).filter((event) => event.type === 'RouteChanged');
    expect(audit.map((event) => event.value['changed_by'])).toEqual(['wave-bot', 'wave-bot', 'wave-bot', 'wave-bot', 'wave-bot']);
    await changeRoute(edge, 'DELETE', '/routes/groups/wave-2', 'wave-bot');
  });

  it('reads routes back from the compacted topic when an instance starts', async () => {
    await changeRoute(edge, 'PUT', '/routes/chargers/CP-DEPOT-1', 'erin', { upstreams: [{ name: 'builtin', role: 'primary', builtin: true }, { ...next, role: 'observer' }] });
    const second = await startTestEdge({ ...world, instanceId: 'edge-test-2' });
    try {
      expect(await second.admin('GET', '/routes')).toMatchObject({ status: 200, body: [{ key: 'charger/CP-DEPOT-1', updatedBy: 'erin' }] });
      expect(await second.admin('GET', '/routes/chargers/CP-DEPOT-1/resolution')).toMatchObject({
        body: { matched: 'charger/CP-DEPOT-1', primary: { name: 'builtin', builtin: true }, observers: [{ name: 'next' }] },
      });
    } finally {
      await second.close();
    }
  });

  it('documents every route operation in the OpenAPI document', async () => {
    const document = (await edge.admin('GET', '/openapi.json')).body as { paths: Record<string, Record<string, { operationId: string }>> };
    const operations = Object.entries(document.paths)
      .filter(([path]) => path.startsWith('/routes'))
      .flatMap(([, methods]) => Object.values(methods).map((operation) => operation.operationId))
      .sort();
    expect(operations).toEqual([
      'addObserverToChargerRoute', 'addObserverToDefaultRoute', 'addObserverToGroupRoute',
      'deleteChargerRoute', 'deleteDefaultRoute', 'deleteGroupRoute', 'getChargerRoute', 'getDefaultRoute', 'getGroupRoute',
      'listRoutes', 'migrationReport', 'promoteInChargerRoute', 'promoteInDefaultRoute', 'promoteInGroupRoute',
      'putChargerRoute', 'putDefaultRoute', 'putGroupRoute',
      'removeUpstreamFromChargerRoute', 'removeUpstreamFromDefaultRoute', 'removeUpstreamFromGroupRoute', 'resolveChargerRoute',
    ]);
    const putBody = JSON.stringify(document.paths['/routes/default']?.['put']);
    expect(putBody).toContain('"catchUp":{"description":"Observers only (default replay)');
    expect(putBody).toContain('"enum":["replay","skip"]');
    expect(putBody).toContain('"localAnswersWhilePrimaryDown":{');
  });
});

function primaryOf(routeJson: unknown): string | null {
  if (typeof routeJson !== 'string') return null;
  const route = JSON.parse(routeJson) as { upstreams: { name: string; role: string }[] };
  return route.upstreams.find((upstream) => upstream.role === 'primary')?.name ?? null;
}
