import { parseChargerId } from '../../edge/protocol/charger-id.ts';
import type { Route, RouteScope, ScopeIdentity, Upstream, UpstreamAuth, UpstreamTarget } from './route.ts';
import type { RouteRequest, UpstreamRequest } from './route-request.ts';

/** The scope as the admin API path names it, before validation. */
export type RequestedScope = ScopeIdentity;

export type RouteValidation = { readonly ok: true; readonly route: Route } | { readonly ok: false; readonly problems: readonly string[] };

const groupNamePattern = /^[A-Za-z0-9_.-]{1,64}$/;
const defaultGroupPriority = 100;

/**
 * Turns a syntactically valid request into a route, or says every reason it is refused. A route either
 * has no upstream (the built-in CSMS alone) or exactly one primary: observers without a primary would
 * leave the charger without anyone to answer it.
 */
export function validateRoute(scope: RequestedScope, request: RouteRequest, stamp: { readonly at: number; readonly by: string }): RouteValidation {
  const problems: string[] = [];
  const routeScope = scopeOf(scope, request, problems);

  const primaries = request.upstreams.filter((upstream) => upstream.role === 'primary');
  if (request.upstreams.length > 0 && primaries.length !== 1) {
    problems.push(`exactly one upstream must be primary, found ${primaries.length}${primaries.length > 1 ? ` (${primaries.map((p) => p.name).join(', ')})` : ''}`);
  }
  for (const name of duplicates(request.upstreams.map((upstream) => upstream.name))) problems.push(`upstream name ${name} is used twice`);
  const remoteUrls = request.upstreams.flatMap((upstream) => (upstream.url === undefined ? [] : [upstream.url]));
  for (const url of duplicates(remoteUrls)) problems.push(`upstream url ${url} is used twice`);
  if (request.upstreams.filter((upstream) => upstream.builtin === true).length > 1) problems.push('the built-in CSMS can appear only once');

  const upstreams = request.upstreams.flatMap((upstream) => {
    const built = upstreamOf(upstream, problems);
    return built === undefined ? [] : [built];
  });

  if (problems.length > 0 || routeScope === undefined) return { ok: false, problems };
  return {
    ok: true,
    route: {
      scope: routeScope,
      upstreams,
      primaryGraceMs: request.primaryGraceMs,
      localAnswersWhilePrimaryDown: request.localAnswersWhilePrimaryDown,
      updatedAt: stamp.at,
      updatedBy: stamp.by,
    },
  };
}

/** One upstream of a request, or its problems added to the list. */
export function upstreamOf(upstream: UpstreamRequest, problems: string[]): Upstream | undefined {
  const target = targetOf(upstream, problems);
  if (upstream.role === 'primary' && upstream.allowedActions.length > 0) {
    problems.push(`upstream ${upstream.name}: allowedActions is for observers (the primary may send every action)`);
    return undefined;
  }
  if (upstream.role === 'primary' && upstream.catchUp !== undefined) {
    problems.push(`upstream ${upstream.name}: catchUp is for observers (the primary answers every call live)`);
    return undefined;
  }
  if (target === undefined) return undefined;
  return { name: upstream.name, role: upstream.role, target, timeouts: upstream.timeouts, allowedActions: upstream.allowedActions, catchUp: upstream.catchUp ?? 'replay' };
}

function scopeOf(scope: RequestedScope, request: RouteRequest, problems: string[]): RouteScope | undefined {
  const groupOnly = request.selector !== undefined || request.priority !== undefined;
  switch (scope.kind) {
    case 'charger': {
      if (groupOnly) problems.push('selector and priority apply to group routes only');
      const parsed = parseChargerId(scope.chargerId);
      if (!parsed.ok) {
        problems.push(parsed.reason);
        return undefined;
      }
      return { kind: 'charger', chargerId: parsed.id };
    }
    case 'group': {
      if (!groupNamePattern.test(scope.group)) problems.push('group name: letters, digits, _ . - (1 to 64)');
      const idPattern = request.selector?.idPattern ?? null;
      const labels = request.selector?.labels ?? {};
      if (idPattern === null && Object.keys(labels).length === 0) {
        problems.push('a group route needs a selector with an idPattern and/or labels');
      }
      return { kind: 'group', group: scope.group, selector: { idPattern, labels }, priority: request.priority ?? defaultGroupPriority };
    }
    case 'default':
      if (groupOnly) problems.push('selector and priority apply to group routes only');
      return { kind: 'default' };
    default: {
      const unreachable: never = scope;
      throw new Error(`unknown scope ${JSON.stringify(unreachable)}`);
    }
  }
}

function targetOf(upstream: UpstreamRequest, problems: string[]): UpstreamTarget | undefined {
  const label = `upstream ${upstream.name}`;
  if (upstream.builtin === true) {
    if (upstream.url !== undefined || upstream.basic !== undefined || upstream.clientCertificate !== undefined) {
      problems.push(`${label}: the built-in CSMS takes no url or credentials`);
      return undefined;
    }
    return { kind: 'builtin' };
  }
  if (upstream.url === undefined) {
    problems.push(`${label}: give a url (ws:// or wss://) or builtin: true`);
    return undefined;
  }
  let url: URL;
  try {
    url = new URL(upstream.url);
  } catch {
    problems.push(`${label}: url ${upstream.url} is not a URL`);
    return undefined;
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') {
    problems.push(`${label}: url must be ws:// or wss://, not ${url.protocol}`);
    return undefined;
  }
  if (url.username !== '' || url.password !== '') {
    problems.push(`${label}: put credentials in basic, not in the url`);
    return undefined;
  }
  const auth = authOf(upstream, url, problems);
  return auth === undefined ? undefined : { kind: 'remote', url: upstream.url, auth };
}

function authOf(upstream: UpstreamRequest, url: URL, problems: string[]): UpstreamAuth | undefined {
  const label = `upstream ${upstream.name}`;
  if (upstream.basic !== undefined && upstream.clientCertificate !== undefined) {
    problems.push(`${label}: choose Basic or a client certificate, not both`);
    return undefined;
  }
  if (upstream.clientCertificate !== undefined) {
    if (url.protocol !== 'wss:') {
      problems.push(`${label}: a client certificate needs a wss:// url`);
      return undefined;
    }
    return { kind: 'client_certificate', ...upstream.clientCertificate };
  }
  if (upstream.basic !== undefined) {
    if (upstream.basic.username.includes(':')) {
      problems.push(`${label}: a Basic user name cannot contain ':'`);
      return undefined;
    }
    return { kind: 'basic', ...upstream.basic };
  }
  return { kind: 'none' };
}

function duplicates(values: readonly string[]): string[] {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const value of values) {
    if (seen.has(value)) repeated.add(value);
    seen.add(value);
  }
  return [...repeated];
}
