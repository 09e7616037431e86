import type { OcppFrameEvent } from '../../services/core/events/generated-types.ts';

export interface FrameFields {
  readonly chargerId: string;
  readonly at: number;
  readonly direction: 'IN' | 'OUT';
  readonly messageType: 'CALL' | 'CALLRESULT' | 'CALLERROR';
  readonly messageId: string;
  readonly action: string;
  readonly text: string;
  readonly upstream?: string;
  readonly relayedAs?: OcppFrameEvent['payload']['relayed_as'];
  /** Default: derived from charger, message id, direction, type and link (unique in a test's frames). */
  readonly eventId?: string;
}

/** A raw frame record as the edge writes it to switchyard.ocpp.frames, with a deterministic event id. */
export function ocppFrameEvent(fields: FrameFields): OcppFrameEvent {
  const { chargerId, at } = fields;
  return {
    envelope: {
      event_id: fields.eventId ?? `${chargerId}-${fields.messageId}-${fields.direction}-${fields.messageType}-${fields.upstream ?? 'charger'}`,
      key: chargerId,
      occurred_at: at,
      recorded_at: at,
      source: { service: 'edge', instance_id: 'edge-1', connection_id: `conn-${chargerId}` },
      correlation_id: null,
      causation_id: null,
    },
    payload: {
      charger_id: chargerId,
      connection_id: `conn-${chargerId}`,
      direction: fields.direction,
      protocol: 'ocpp1.6',
      message_type: fields.messageType,
      message_id: fields.messageId,
      action: fields.action,
      text: fields.text,
      received_at: at,
      validation: { status: fields.direction === 'IN' && fields.upstream === undefined ? 'VALID' : 'NOT_VALIDATED', error_code: null, error_description: null },
      quirks_applied: [],
      upstream: fields.upstream ?? null,
      relayed_as: fields.relayedAs ?? [],
    },
  };
}
