import type {
  FrameValidation,
  MessageType,
  OcppEvent,
  OcppFrameEvent,
  ValidationStatus,
} from '../../core/events/generated-types.ts';
import { wrapUnion } from '../../core/events/union.ts';
import type { ConnectionEvent, FrameMessageType, FrameVerdict, OcppFrameRecord } from './edge-records.ts';
import { edgeEnvelope } from './envelope.ts';

/** Ids and instance that stamp the envelope; the event id is fresh per record. */
export interface Stamp {
  readonly eventId: string;
  readonly instanceId: string;
}

const messageTypes: Readonly<Record<FrameMessageType, MessageType>> = {
  call: 'CALL',
  callResult: 'CALLRESULT',
  callError: 'CALLERROR',
  unparseable: 'UNPARSEABLE',
};

const validationStatuses: Readonly<Record<FrameVerdict['status'], ValidationStatus>> = {
  valid: 'VALID',
  invalid: 'INVALID',
  notValidated: 'NOT_VALIDATED',
};

export function frameToWire(record: OcppFrameRecord, stamp: Stamp): OcppFrameEvent {
  const validation: FrameValidation = {
    status: validationStatuses[record.verdict.status],
    error_code: record.verdict.errorCode,
    error_description: record.verdict.errorDescription,
  };
  return {
    envelope: edgeEnvelope({
      eventId: stamp.eventId,
      key: record.chargerId,
      recordedAt: record.at,
      instanceId: stamp.instanceId,
      connectionId: record.connectionId,
    }),
    payload: {
      charger_id: record.chargerId,
      connection_id: record.connectionId,
      direction: record.direction === 'in' ? 'IN' : 'OUT',
      protocol: record.version,
      message_type: messageTypes[record.messageType],
      message_id: record.messageId,
      action: record.action,
      text: record.text,
      received_at: record.at,
      validation,
      quirks_applied: record.quirksApplied,
      upstream: record.upstream,
      relayed_as: record.relayedAs.map((relay) => ({ upstream: relay.upstream, role: relay.role === 'primary' ? 'PRIMARY' : 'OBSERVER', message_id: relay.messageId })),
    },
  };
}

export function connectionEventToWire(event: ConnectionEvent, stamp: Stamp): OcppEvent {
  const envelope = edgeEnvelope({
    eventId: stamp.eventId,
    key: event.chargerId,
    recordedAt: event.at,
    instanceId: stamp.instanceId,
    connectionId: event.type === 'ConnectionRejected' ? null : event.connectionId,
  });
  switch (event.type) {
    case 'ConnectionRejected':
      return {
        envelope,
        payload: wrapUnion('io.switchyard.ocpp.ConnectionRejected', {
          remote_address: event.remoteAddress,
          http_status: event.httpStatus,
          reason: event.reason,
          detail: event.detail,
          offered_subprotocols: event.offeredSubprotocols,
          security_profile: event.securityProfile,
        }),
      };
    case 'ChargerAuthenticated':
      return {
        envelope,
        payload: wrapUnion('io.switchyard.ocpp.ChargerAuthenticated', {
          connection_id: event.connectionId,
          remote_address: event.remoteAddress,
          security_profile: event.securityProfile,
          certificate_subject: event.certificateSubject,
        }),
      };
    case 'ChargerConnected':
      return {
        envelope,
        payload: wrapUnion('io.switchyard.ocpp.ChargerConnected', {
          connection_id: event.connectionId,
          remote_address: event.remoteAddress,
          protocol: event.version,
          security_profile: event.securityProfile,
        }),
      };
    case 'ConnectionReplaced':
      return {
        envelope,
        payload: wrapUnion('io.switchyard.ocpp.ConnectionReplaced', {
          replaced_connection_id: event.replacedConnectionId,
          new_connection_id: event.connectionId,
          remote_address: event.remoteAddress,
        }),
      };
    case 'ChargerDisconnected':
      return {
        envelope,
        payload: wrapUnion('io.switchyard.ocpp.ChargerDisconnected', {
          connection_id: event.connectionId,
          remote_address: event.remoteAddress,
          close_code: event.closeCode,
          close_reason: event.closeReason,
          closed_by: event.closedBy,
          connected_ms: event.connectedMs,
        }),
      };
    default: {
      const unreachable: never = event;
      throw new Error(`unknown connection event ${JSON.stringify(unreachable)}`);
    }
  }
}
