import type { Route, Upstream } from './route.ts';
import { routeKeyOf } from './route.ts';

/** An upstream as the API, the CLI and the audit trail show it: never the Basic password. */
export interface UpstreamView {
  readonly name: string;
  readonly role: Upstream['role'];
  readonly builtin: boolean;
  readonly url: string | null;
  readonly auth: 'none' | 'basic' | 'client_certificate';
  readonly basicUsername: string | null;
  readonly certificateFile: string | null;
  readonly timeouts: Upstream['timeouts'];
  readonly allowedActions: readonly string[];
  readonly catchUp: Upstream['catchUp'];
}

export interface RouteView {
  readonly key: string;
  readonly scope: Route['scope'];
  readonly upstreams: readonly UpstreamView[];
  readonly primaryGraceMs: number;
  readonly localAnswersWhilePrimaryDown: boolean;
  readonly updatedAt: string;
  readonly updatedBy: string;
}

export function routeView(route: Route): RouteView {
  return {
    key: routeKeyOf(route.scope),
    scope: route.scope,
    upstreams: route.upstreams.map(upstreamView),
    primaryGraceMs: route.primaryGraceMs,
    localAnswersWhilePrimaryDown: route.localAnswersWhilePrimaryDown,
    updatedAt: new Date(route.updatedAt).toISOString(),
    updatedBy: route.updatedBy,
  };
}

export function upstreamView(upstream: Upstream): UpstreamView {
  const { target } = upstream;
  const auth = target.kind === 'remote' ? target.auth : ({ kind: 'none' } as const);
  return {
    name: upstream.name,
    role: upstream.role,
    builtin: target.kind === 'builtin',
    url: target.kind === 'remote' ? target.url : null,
    auth: auth.kind,
    basicUsername: auth.kind === 'basic' ? auth.username : null,
    certificateFile: auth.kind === 'client_certificate' ? auth.certificateFile : null,
    timeouts: upstream.timeouts,
    allowedActions: upstream.allowedActions,
    catchUp: upstream.catchUp,
  };
}
