import { describe, expect, it } from 'vitest';
import type { Route, RouteScope, Upstream } from './route.ts';
import { builtinUpstreamName, matchesGlob, resolveRoute } from './route-resolution.ts';

const upstream = (name: string, role: Upstream['role']): Upstream => ({
  name,
  role,
  target: { kind: 'remote', url: `ws://${name}.example.com/ocpp`, auth: { kind: 'none' } },
  timeouts: { connectMs: 1_000, callMs: 5_000 },
  allowedActions: [],
  catchUp: 'replay',
});
const route = (scope: RouteScope, upstreams: Upstream[]): Route => ({ scope, upstreams, primaryGraceMs: 10_000, localAnswersWhilePrimaryDown: false, updatedAt: 0, updatedBy: 'test' });
const group = (name: string, priority: number, idPattern: string | null, labels: Record<string, string> = {}): RouteScope => ({
  kind: 'group',
  group: name,
  selector: { idPattern, labels },
  priority,
});

const routes: Route[] = [
  route({ kind: 'default' }, [upstream('legacy', 'primary')]),
  route(group('depot', 50, null, { site: 'depot-7' }), [upstream('next', 'primary'), upstream('legacy', 'observer')]),
  route(group('wave-1', 100, 'CP-1*'), [upstream('legacy', 'primary'), upstream('next', 'observer')]),
  route(group('wave-1b', 100, 'CP-1*'), [upstream('other', 'primary')]),
  route({ kind: 'charger', chargerId: 'CP-17' }, []),
];

describe('resolveRoute', () => {
  it.each<{ chargerId: string; labels: Record<string, string>; thenRoute: string | null; thenPrimary: string; thenObservers: string[] }>([
    { chargerId: 'CP-17', labels: { site: 'depot-7' }, thenRoute: 'charger', thenPrimary: builtinUpstreamName, thenObservers: [] },
    { chargerId: 'CP-12', labels: { site: 'depot-7' }, thenRoute: 'depot', thenPrimary: 'next', thenObservers: ['legacy'] },
    { chargerId: 'CP-12', labels: {}, thenRoute: 'wave-1', thenPrimary: 'legacy', thenObservers: ['next'] },
    { chargerId: 'CP-12', labels: { site: 'depot-8' }, thenRoute: 'wave-1', thenPrimary: 'legacy', thenObservers: ['next'] },
    { chargerId: 'CP-2', labels: {}, thenRoute: 'default', thenPrimary: 'legacy', thenObservers: [] },
  ])('given $chargerId with $labels then $thenRoute, primary $thenPrimary', ({ chargerId, labels, thenRoute, thenPrimary, thenObservers }) => {
    const resolution = resolveRoute(routes, { chargerId, labels });
    const matched = resolution.matched;
    expect(matched === null ? null : matched.kind === 'group' ? matched.group : matched.kind).toBe(thenRoute);
    expect(resolution.primary.name).toBe(thenPrimary);
    expect(resolution.observers.map((o) => o.name)).toEqual(thenObservers);
  });

  it('given no routes then the built-in CSMS serves alone', () => {
    expect(resolveRoute([], { chargerId: 'CP-1', labels: {} })).toMatchObject({ matched: null, primary: { name: builtinUpstreamName, target: { kind: 'builtin' } }, observers: [] });
  });
});

describe('matchesGlob', () => {
  it.each<{ pattern: string; text: string; then: boolean }>([
    { pattern: 'CP-1', text: 'CP-1', then: true },
    { pattern: 'CP-1', text: 'CP-10', then: false },
    { pattern: 'CP-*', text: 'CP-', then: true },
    { pattern: 'CP-*', text: 'XCP-1', then: false },
    { pattern: '*-7', text: 'DEPOT-7', then: true },
    { pattern: 'A*B*C', text: 'AxxBxxC', then: true },
    { pattern: 'A*B*C', text: 'AC', then: false },
    { pattern: 'AB*BC', text: 'ABC', then: false },
    { pattern: '*', text: 'anything', then: true },
  ])('given $pattern and $text then $then', ({ pattern, text, then }) => {
    expect(matchesGlob(pattern, text)).toBe(then);
  });
});
