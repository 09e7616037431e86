import type { Row } from '../core/clickhouse/clickhouse.ts';
import type { OcppEventPayloadBranches } from '../core/events/generated-types.ts';

type ConnectionBranch =
  | 'io.switchyard.ocpp.ChargerConnected'
  | 'io.switchyard.ocpp.ChargerAuthenticated'
  | 'io.switchyard.ocpp.ConnectionRejected'
  | 'io.switchyard.ocpp.ConnectionReplaced'
  | 'io.switchyard.ocpp.ChargerDisconnected';

/** connection_events columns a type does not carry; each branch overrides the ones it has. */
const absent = {
  connection_id: null,
  protocol: null,
  security_profile: null,
  certificate_subject: null,
  replaced_connection_id: null,
  http_status: null,
  reason: null,
  detail: null,
  offered_subprotocols: [],
  close_code: null,
  close_reason: null,
  closed_by: null,
  connected_ms: null,
} as const;

/** Per connection lifecycle type, its payload as connection_events columns (besides the envelope ones). */
const connectionColumns: { readonly [K in ConnectionBranch]: (payload: OcppEventPayloadBranches[K]) => Row } = {
  'io.switchyard.ocpp.ChargerConnected': (payload) => ({
    ...absent,
    connection_id: payload.connection_id,
    remote_address: payload.remote_address,
    protocol: payload.protocol,
    security_profile: payload.security_profile,
  }),
  'io.switchyard.ocpp.ChargerAuthenticated': (payload) => ({
    ...absent,
    connection_id: payload.connection_id,
    remote_address: payload.remote_address,
    security_profile: payload.security_profile,
    certificate_subject: payload.certificate_subject,
  }),
  'io.switchyard.ocpp.ConnectionRejected': (payload) => ({
    ...absent,
    remote_address: payload.remote_address,
    security_profile: payload.security_profile,
    http_status: payload.http_status,
    reason: payload.reason,
    detail: payload.detail,
    offered_subprotocols: payload.offered_subprotocols,
  }),
  'io.switchyard.ocpp.ConnectionReplaced': (payload) => ({
    ...absent,
    connection_id: payload.new_connection_id,
    remote_address: payload.remote_address,
    replaced_connection_id: payload.replaced_connection_id,
  }),
  'io.switchyard.ocpp.ChargerDisconnected': (payload) => ({
    ...absent,
    connection_id: payload.connection_id,
    remote_address: payload.remote_address,
    close_code: payload.close_code,
    close_reason: payload.close_reason,
    closed_by: payload.closed_by,
    connected_ms: payload.connected_ms,
  }),
};

function isConnectionBranch(kind: string): kind is ConnectionBranch {
  return Object.hasOwn(connectionColumns, kind);
}

/** The payload columns of a connection lifecycle event; undefined for every other event type. */
export function connectionColumnsOf(kind: keyof OcppEventPayloadBranches, payload: unknown): Row | undefined {
  if (!isConnectionBranch(kind)) return undefined;
  // The branch name and its value come from the same wrapped union entry, so they match.
  const columnsOf = connectionColumns[kind] as (value: unknown) => Row;
  return columnsOf(payload);
}
