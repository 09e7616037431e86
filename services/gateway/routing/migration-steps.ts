import type { Route, Upstream } from './route.ts';

export type StepResult = { readonly ok: true; readonly route: Route } | { readonly ok: false; readonly problem: string };

interface Stamp {
  readonly at: number;
  readonly by: string;
}

/**
 * The steps of a migration wave, each on the stored route (its credentials included, which the API never
 * shows, so a client could not do read-modify-write itself). Every step keeps exactly one primary.
 */
export function promote(route: Route, name: string, stamp: Stamp): StepResult {
  const promoted = route.upstreams.find((upstream) => upstream.name === name);
  if (promoted === undefined) return { ok: false, problem: `the route has no upstream ${name}` };
  if (promoted.role === 'primary') return { ok: false, problem: `${name} is already the primary` };
  // The old primary keeps observing, so a rollback is one more promote; allow-lists are for observers.
  const upstreams = route.upstreams.map((upstream): Upstream => {
    if (upstream.name === name) return { ...upstream, role: 'primary', allowedActions: [] };
    return upstream.role === 'primary' ? { ...upstream, role: 'observer' } : upstream;
  });
  return { ok: true, route: { ...route, upstreams, updatedAt: stamp.at, updatedBy: stamp.by } };
}

export function addObserver(route: Route, observer: Upstream, stamp: Stamp): StepResult {
  if (observer.role !== 'observer') return { ok: false, problem: 'an upstream is added as an observer, then promoted' };
  if (route.upstreams.some((upstream) => upstream.name === observer.name)) return { ok: false, problem: `the route already has an upstream ${observer.name}` };
  if (route.upstreams.length === 0) return { ok: false, problem: 'the route has no primary to observe; give it one first' };
  return { ok: true, route: { ...route, upstreams: [...route.upstreams, observer], updatedAt: stamp.at, updatedBy: stamp.by } };
}

export function removeUpstream(route: Route, name: string, stamp: Stamp): StepResult {
  const removed = route.upstreams.find((upstream) => upstream.name === name);
  if (removed === undefined) return { ok: false, problem: `the route has no upstream ${name}` };
  if (removed.role === 'primary' && route.upstreams.length > 1) return { ok: false, problem: `${name} is the primary: promote another upstream first` };
  return { ok: true, route: { ...route, upstreams: route.upstreams.filter((upstream) => upstream.name !== name), updatedAt: stamp.at, updatedBy: stamp.by } };
}
