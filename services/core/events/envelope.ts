import type { Clock } from '../clock.ts';
import { createEventIdGenerator } from './event-id.ts';
import type { Envelope } from './generated-types.ts';

export interface EnvelopeSource {
  /** e.g. 'edge' */
  readonly service: string;
  readonly instanceId: string;
}

export interface EnvelopeFields {
  /** Charger id for OCPP topics, entity id elsewhere; also the bus record key. */
  readonly key: string;
  /** The charger's own timestamp, epoch ms, when the message carries one. */
  readonly occurredAt?: number | null;
  readonly connectionId?: string | null;
  readonly correlationId?: string | null;
  readonly causationId?: string | null;
}

export type EnvelopeBuilder = (fields: EnvelopeFields) => Envelope;

/** Stamps event id and recorded_at from one clock reading, and the service's identity. */
export function createEnvelopeBuilder(deps: { readonly clock: Clock; readonly source: EnvelopeSource }): EnvelopeBuilder {
  const { clock, source } = deps;
  const nextEventId = createEventIdGenerator(clock);
  return (fields) => {
    const recordedAt = clock.now();
    return {
      event_id: nextEventId(recordedAt),
      key: fields.key,
      occurred_at: fields.occurredAt ?? null,
      recorded_at: recordedAt,
      source: { service: source.service, instance_id: source.instanceId, connection_id: fields.connectionId ?? null },
      correlation_id: fields.correlationId ?? null,
      causation_id: fields.causationId ?? null,
    };
  };
}
