/**
 * The routing policy model: which upstream CSMSs a charger's traffic goes to. One route per scope; the
 * value kept per route key on the compacted topic switchyard.routes.
 */
export type UpstreamRole = 'primary' | 'observer';

/**
 * How the gateway authenticates to a remote upstream. Client certificates are named by file path so
 * private keys never travel through the event log.
 */
export type UpstreamAuth =
  | { readonly kind: 'none' }
  | { readonly kind: 'basic'; readonly username: string; readonly password: string }
  | { readonly kind: 'client_certificate'; readonly certificateFile: string; readonly privateKeyFile: string };

/** The built-in CSMS needs no link; a remote upstream is an OCPP-J server reached over WebSocket. */
export type UpstreamTarget =
  | { readonly kind: 'builtin' }
  | { readonly kind: 'remote'; readonly url: string; readonly auth: UpstreamAuth };

export interface UpstreamTimeouts {
  /** How long a call waits for the upstream link to open before it counts as unreachable. */
  readonly connectMs: number;
  /** How long the gateway waits for the upstream's answer to one CALL. */
  readonly callMs: number;
}

/**
 * What an observer gets after its link was down: 'replay' re-sends the charger CALLs it missed (read back
 * from switchyard.ocpp.frames) in order before live copies; 'skip' resumes with live copies.
 */
export type ObserverCatchUp = 'replay' | 'skip';

export interface Upstream {
  /** Unique within the route; names the upstream in events, metrics and the migration report. */
  readonly name: string;
  readonly role: UpstreamRole;
  readonly target: UpstreamTarget;
  readonly timeouts: UpstreamTimeouts;
  /** Observers only: actions this observer may still send to the charger (e.g. GetConfiguration). */
  readonly allowedActions: readonly string[];
  /** Observers only: what happens to the copies missed while the link was down. */
  readonly catchUp: ObserverCatchUp;
}

/**
 * A group selects chargers by a glob on the id (`*` matches any run of characters) and/or labels that
 * must all be present with the given values. Lower priority wins when groups overlap.
 */
export interface GroupSelector {
  readonly idPattern: string | null;
  readonly labels: Readonly<Record<string, string>>;
}

export type RouteScope =
  | { readonly kind: 'charger'; readonly chargerId: string }
  | { readonly kind: 'group'; readonly group: string; readonly selector: GroupSelector; readonly priority: number }
  | { readonly kind: 'default' };

export interface Route {
  readonly scope: RouteScope;
  /** Empty: the built-in CSMS serves the chargers alone. */
  readonly upstreams: readonly Upstream[];
  /** Primary unreachable: how long calls are held while it reconnects before the charger socket is closed. */
  readonly primaryGraceMs: number;
  /**
   * Primary unreachable: Heartbeat and StatusNotification are answered by the gateway and forwarded, in
   * order, once the primary is back. Transaction messages are never answered on its behalf.
   */
  readonly localAnswersWhilePrimaryDown: boolean;
  readonly updatedAt: number;
  readonly updatedBy: string;
}

/** What names a route: its scope without the group's selector. */
export type ScopeIdentity = { readonly kind: 'charger'; readonly chargerId: string } | { readonly kind: 'group'; readonly group: string } | { readonly kind: 'default' };

/** The key of a route on switchyard.routes. */
export function routeKeyOf(scope: ScopeIdentity): string {
  switch (scope.kind) {
    case 'charger':
      return `charger/${scope.chargerId}`;
    case 'group':
      return `group/${scope.group}`;
    case 'default':
      return 'default';
    default: {
      const unreachable: never = scope;
      throw new Error(`unknown route scope ${JSON.stringify(unreachable)}`);
    }
  }
}
