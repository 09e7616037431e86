import { rpcError, type RpcError } from '../../edge/protocol/rpc-error.ts';
import type { OcppVersion } from '../../edge/protocol/versions.ts';
import type { Upstream } from '../routing/route.ts';

export type UpstreamCallVerdict = { readonly kind: 'forward' } | { readonly kind: 'refuse'; readonly error: RpcError };

/**
 * Only the primary controls the charger. An observer's CALL is refused (2.0.1 SecurityError; 1.6 has no
 * authorization error for this, NotSupported is the closest) unless its allow-list names the action; an
 * upstream the route no longer lists is refused the same way.
 */
export function upstreamCallVerdict(version: OcppVersion, upstream: Upstream | undefined, action: string): UpstreamCallVerdict {
  if (upstream?.role === 'primary') return { kind: 'forward' };
  if (upstream !== undefined && upstream.allowedActions.includes(action)) return { kind: 'forward' };
  const why = upstream === undefined ? 'this upstream is no longer routed to the charger' : `observer ${upstream.name} may not send ${action}`;
  return { kind: 'refuse', error: rpcError(version, version === 'ocpp2.0.1' ? 'security' : 'notSupported', why) };
}
