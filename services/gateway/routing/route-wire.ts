import type {
  Route as WireRoute,
  RouteScopeKind,
  Upstream as WireUpstream,
  UpstreamAuthKind,
  UpstreamRole as WireUpstreamRole,
} from '../../core/events/generated-types.ts';
import type { Route, RouteScope, Upstream, UpstreamAuth, UpstreamRole } from './route.ts';

const wireRoles: Readonly<Record<UpstreamRole, WireUpstreamRole>> = { primary: 'PRIMARY', observer: 'OBSERVER' };

export function routeToWire(route: Route): WireRoute {
  const { scope } = route;
  return {
    scope: wireScopeKind(scope),
    charger_id: scope.kind === 'charger' ? scope.chargerId : null,
    group_name: scope.kind === 'group' ? scope.group : null,
    id_pattern: scope.kind === 'group' ? scope.selector.idPattern : null,
    labels: scope.kind === 'group' ? scope.selector.labels : {},
    priority: scope.kind === 'group' ? scope.priority : 0,
    upstreams: route.upstreams.map(upstreamToWire),
    primary_grace_ms: route.primaryGraceMs,
    local_answers_while_primary_down: route.localAnswersWhilePrimaryDown,
    updated_at: route.updatedAt,
    updated_by: route.updatedBy,
  };
}

export function routeFromWire(wire: WireRoute): Route {
  return {
    scope: scopeFromWire(wire),
    upstreams: wire.upstreams.map(upstreamFromWire),
    primaryGraceMs: wire.primary_grace_ms,
    localAnswersWhilePrimaryDown: wire.local_answers_while_primary_down,
    updatedAt: wire.updated_at,
    updatedBy: wire.updated_by,
  };
}

function wireScopeKind(scope: RouteScope): RouteScopeKind {
  switch (scope.kind) {
    case 'charger':
      return 'CHARGER';
    case 'group':
      return 'GROUP';
    case 'default':
      return 'DEFAULT';
    default: {
      const unreachable: never = scope;
      throw new Error(`unknown route scope ${JSON.stringify(unreachable)}`);
    }
  }
}

function scopeFromWire(wire: WireRoute): RouteScope {
  switch (wire.scope) {
    case 'CHARGER':
      return { kind: 'charger', chargerId: required(wire.charger_id, 'charger_id') };
    case 'GROUP':
      return {
        kind: 'group',
        group: required(wire.group_name, 'group_name'),
        selector: { idPattern: wire.id_pattern, labels: wire.labels },
        priority: wire.priority,
      };
    case 'DEFAULT':
      return { kind: 'default' };
    default: {
      const unreachable: never = wire.scope;
      throw new Error(`unknown route scope ${String(unreachable)}`);
    }
  }
}

function upstreamToWire(upstream: Upstream): WireUpstream {
  const { target } = upstream;
  const auth: UpstreamAuth = target.kind === 'remote' ? target.auth : { kind: 'none' };
  return {
    name: upstream.name,
    role: wireRoles[upstream.role],
    url: target.kind === 'remote' ? target.url : null,
    auth_kind: wireAuthKind(auth),
    basic_username: auth.kind === 'basic' ? auth.username : null,
    basic_password: auth.kind === 'basic' ? auth.password : null,
    certificate_file: auth.kind === 'client_certificate' ? auth.certificateFile : null,
    private_key_file: auth.kind === 'client_certificate' ? auth.privateKeyFile : null,
    connect_timeout_ms: upstream.timeouts.connectMs,
    call_timeout_ms: upstream.timeouts.callMs,
    allowed_actions: upstream.allowedActions,
    catch_up: upstream.catchUp === 'replay' ? 'REPLAY' : 'SKIP',
  };
}

function upstreamFromWire(wire: WireUpstream): Upstream {
  return {
    name: wire.name,
    role: wire.role === 'PRIMARY' ? 'primary' : 'observer',
    target: wire.url === null ? { kind: 'builtin' } : { kind: 'remote', url: wire.url, auth: authFromWire(wire) },
    timeouts: { connectMs: wire.connect_timeout_ms, callMs: wire.call_timeout_ms },
    allowedActions: wire.allowed_actions,
    catchUp: wire.catch_up === 'REPLAY' ? 'replay' : 'skip',
  };
}

function wireAuthKind(auth: UpstreamAuth): UpstreamAuthKind {
  switch (auth.kind) {
    case 'none':
      return 'NONE';
    case 'basic':
      return 'BASIC';
    case 'client_certificate':
      return 'CLIENT_CERTIFICATE';
    default: {
      const unreachable: never = auth;
      throw new Error(`unknown upstream auth ${JSON.stringify(unreachable)}`);
    }
  }
}

function authFromWire(wire: WireUpstream): UpstreamAuth {
  switch (wire.auth_kind) {
    case 'NONE':
      return { kind: 'none' };
    case 'BASIC':
      return { kind: 'basic', username: required(wire.basic_username, 'basic_username'), password: required(wire.basic_password, 'basic_password') };
    case 'CLIENT_CERTIFICATE':
      return {
        kind: 'client_certificate',
        certificateFile: required(wire.certificate_file, 'certificate_file'),
        privateKeyFile: required(wire.private_key_file, 'private_key_file'),
      };
    default: {
      const unreachable: never = wire.auth_kind;
      throw new Error(`unknown upstream auth kind ${String(unreachable)}`);
    }
  }
}

function required(value: string | null, field: string): string {
  if (value === null) throw new Error(`route record without ${field}`);
  return value;
}
