import { describe, expect, it } from 'vitest';
import { routeRequestSchema } from './route-request.ts';
import { validateRoute, type RequestedScope } from './route-validation.ts';

const stamp = { at: 1_700_000_000_000, by: 'ops@example.com' };
const primary = { name: 'legacy', role: 'primary', url: 'wss://legacy.example.com/ocpp' };
const observer = { name: 'next', role: 'observer', url: 'ws://next.example.com/ocpp' };
const charger: RequestedScope = { kind: 'charger', chargerId: 'CP-1' };

function validate(scope: RequestedScope, body: unknown) {
  return validateRoute(scope, routeRequestSchema.parse(body), stamp);
}

describe('validateRoute', () => {
  it.each<{ case: string; scope: RequestedScope; body: unknown; thenProblem: string | null }>([
    { case: 'one primary', scope: charger, body: { upstreams: [primary] }, thenProblem: null },
    { case: 'primary and observer', scope: charger, body: { upstreams: [primary, observer] }, thenProblem: null },
    { case: 'no upstream: built-in alone', scope: { kind: 'default' }, body: { upstreams: [] }, thenProblem: null },
    { case: 'built-in as observer', scope: charger, body: { upstreams: [primary, { name: 'builtin', role: 'observer', builtin: true }] }, thenProblem: null },
    { case: 'built-in as primary', scope: charger, body: { upstreams: [{ name: 'builtin', role: 'primary', builtin: true }, observer] }, thenProblem: null },
    { case: 'two primaries', scope: charger, body: { upstreams: [primary, { ...observer, role: 'primary' }] }, thenProblem: 'exactly one upstream must be primary, found 2 (legacy, next)' },
    { case: 'observers only', scope: charger, body: { upstreams: [observer] }, thenProblem: 'exactly one upstream must be primary, found 0' },
    { case: 'same name twice', scope: charger, body: { upstreams: [primary, { ...observer, name: 'legacy' }] }, thenProblem: 'upstream name legacy is used twice' },
    { case: 'same url twice', scope: charger, body: { upstreams: [primary, { ...observer, url: primary.url }] }, thenProblem: `upstream url ${primary.url} is used twice` },
    { case: 'http url', scope: charger, body: { upstreams: [{ ...primary, url: 'https://x.example.com' }] }, thenProblem: 'upstream legacy: url must be ws:// or wss://, not https:' },
    { case: 'no url, not built-in', scope: charger, body: { upstreams: [{ name: 'x', role: 'primary' }] }, thenProblem: 'upstream x: give a url (ws:// or wss://) or builtin: true' },
    { case: 'credentials in url', scope: charger, body: { upstreams: [{ ...primary, url: 'wss://u:p@x.example.com' }] }, thenProblem: 'upstream legacy: put credentials in basic, not in the url' },
    { case: 'built-in with url', scope: charger, body: { upstreams: [{ ...primary, builtin: true }] }, thenProblem: 'upstream legacy: the built-in CSMS takes no url or credentials' },
    { case: 'client certificate on ws://', scope: charger, body: { upstreams: [{ ...observer, role: 'primary', clientCertificate: { certificateFile: '/c.pem', privateKeyFile: '/k.pem' } }] }, thenProblem: 'upstream next: a client certificate needs a wss:// url' },
    { case: 'Basic and certificate', scope: charger, body: { upstreams: [{ ...primary, basic: { username: 'sy', password: 'pw' }, clientCertificate: { certificateFile: '/c.pem', privateKeyFile: '/k.pem' } }] }, thenProblem: 'upstream legacy: choose Basic or a client certificate, not both' },
    { case: 'allow-list on primary', scope: charger, body: { upstreams: [{ ...primary, allowedActions: ['Reset'] }] }, thenProblem: 'upstream legacy: allowedActions is for observers (the primary may send every action)' },
    { case: 'catch-up policy on primary', scope: charger, body: { upstreams: [{ ...primary, catchUp: 'skip' }] }, thenProblem: 'upstream legacy: catchUp is for observers (the primary answers every call live)' },
    { case: 'skipping observer', scope: charger, body: { upstreams: [primary, { ...observer, catchUp: 'skip' }] }, thenProblem: null },
    { case: 'group without selector', scope: { kind: 'group', group: 'wave-1' }, body: { upstreams: [primary] }, thenProblem: 'a group route needs a selector with an idPattern and/or labels' },
    { case: 'selector on a charger route', scope: charger, body: { upstreams: [primary], selector: { idPattern: 'CP-*' } }, thenProblem: 'selector and priority apply to group routes only' },
    { case: 'invalid charger id', scope: { kind: 'charger', chargerId: 'a:b' }, body: { upstreams: [primary] }, thenProblem: "charger id contains ':' (not allowed in a Basic auth user name)" },
  ])('given $case then problem is $thenProblem', ({ scope, body, thenProblem }) => {
    const result = validate(scope, body);
    if (thenProblem === null) expect(result).toMatchObject({ ok: true });
    else expect(result).toEqual({ ok: false, problems: [thenProblem] });
  });

  it('given an unknown catch-up policy then the request is refused', () => {
    expect(routeRequestSchema.safeParse({ upstreams: [primary, { ...observer, catchUp: 'later' }] }).success).toBe(false);
  });

  it('given a valid group route then the route carries selector, defaults and the audit stamp', () => {
    const result = validate({ kind: 'group', group: 'wave-1' }, {
      upstreams: [{ ...primary, basic: { username: 'switchyard', password: 'secret' } }, { ...observer, allowedActions: ['GetConfiguration'] }],
      selector: { labels: { site: 'depot-7' } },
    });
    expect(result).toEqual({
      ok: true,
      route: {
        scope: { kind: 'group', group: 'wave-1', selector: { idPattern: null, labels: { site: 'depot-7' } }, priority: 100 },
        upstreams: [
          { name: 'legacy', role: 'primary', target: { kind: 'remote', url: primary.url, auth: { kind: 'basic', username: 'switchyard', password: 'secret' } }, timeouts: { connectMs: 5_000, callMs: 30_000 }, allowedActions: [], catchUp: 'replay' },
          { name: 'next', role: 'observer', target: { kind: 'remote', url: observer.url, auth: { kind: 'none' } }, timeouts: { connectMs: 5_000, callMs: 30_000 }, allowedActions: ['GetConfiguration'], catchUp: 'replay' },
        ],
        primaryGraceMs: 10_000,
        localAnswersWhilePrimaryDown: false,
        updatedAt: stamp.at,
        updatedBy: stamp.by,
      },
    });
  });
});
