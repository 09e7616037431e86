import { describe, expect, it } from 'vitest';
import type { Route, Upstream } from './route.ts';
import { addObserver, promote, removeUpstream, type StepResult } from './migration-steps.ts';

const stamp = { at: 2_000, by: 'ops' };
const upstream = (name: string, role: Upstream['role'], allowedActions: string[] = []): Upstream => ({
  name,
  role,
  target: { kind: 'remote', url: `ws://${name}.example.com`, auth: { kind: 'basic', username: 'sy', password: `${name}-secret` } },
  timeouts: { connectMs: 1_000, callMs: 1_000 },
  allowedActions,
  catchUp: 'replay',
});
const routeWith = (...upstreams: Upstream[]): Route => ({ scope: { kind: 'default' }, upstreams, primaryGraceMs: 1_000, localAnswersWhilePrimaryDown: false, updatedAt: 1_000, updatedBy: 'before' });
const roles = (result: StepResult): string | string[] => (result.ok ? result.route.upstreams.map((u) => `${u.name}:${u.role}`) : result.problem);

describe('migration steps', () => {
  it.each<{ case: string; step: () => StepResult; then: string | string[] }>([
    { case: 'observe', step: () => addObserver(routeWith(upstream('old', 'primary')), upstream('new', 'observer'), stamp), then: ['old:primary', 'new:observer'] },
    { case: 'observe twice', step: () => addObserver(routeWith(upstream('old', 'primary'), upstream('new', 'observer')), upstream('new', 'observer'), stamp), then: 'the route already has an upstream new' },
    { case: 'observe a primary', step: () => addObserver(routeWith(upstream('old', 'primary')), upstream('new', 'primary'), stamp), then: 'an upstream is added as an observer, then promoted' },
    { case: 'observe nothing', step: () => addObserver(routeWith(), upstream('new', 'observer'), stamp), then: 'the route has no primary to observe; give it one first' },
    { case: 'promote', step: () => promote(routeWith(upstream('old', 'primary'), upstream('new', 'observer', ['GetConfiguration'])), 'new', stamp), then: ['old:observer', 'new:primary'] },
    { case: 'roll back', step: () => promote(routeWith(upstream('old', 'observer'), upstream('new', 'primary')), 'old', stamp), then: ['old:primary', 'new:observer'] },
    { case: 'promote the primary', step: () => promote(routeWith(upstream('old', 'primary')), 'old', stamp), then: 'old is already the primary' },
    { case: 'promote a stranger', step: () => promote(routeWith(upstream('old', 'primary')), 'x', stamp), then: 'the route has no upstream x' },
    { case: 'remove the old one', step: () => removeUpstream(routeWith(upstream('old', 'observer'), upstream('new', 'primary')), 'old', stamp), then: ['new:primary'] },
    { case: 'remove the primary while observed', step: () => removeUpstream(routeWith(upstream('old', 'primary'), upstream('new', 'observer')), 'old', stamp), then: 'old is the primary: promote another upstream first' },
    { case: 'remove the last one', step: () => removeUpstream(routeWith(upstream('old', 'primary')), 'old', stamp), then: [] },
  ])('given $case then $then', ({ step, then }) => {
    expect(roles(step())).toEqual(then);
  });

  it('keeps credentials, drops the allow-list of a promoted observer and stamps the change', () => {
    const result = promote(routeWith(upstream('old', 'primary'), upstream('new', 'observer', ['GetConfiguration'])), 'new', stamp);
    expect(result).toMatchObject({ ok: true, route: { updatedAt: 2_000, updatedBy: 'ops', upstreams: [{ target: { auth: { password: 'old-secret' } } }, { allowedActions: [], target: { auth: { password: 'new-secret' } } }] } });
  });
});
