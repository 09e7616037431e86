import type { Envelope } from '../../core/events/generated-types.ts';

export interface EnvelopeFacts {
  readonly eventId: string;
  readonly key: string;
  readonly recordedAt: number;
  readonly occurredAt?: number | null;
  readonly instanceId: string;
  readonly connectionId?: string | null;
  readonly correlationId?: string | null;
  readonly causationId?: string | null;
}

/** Every record the edge writes says it came from the edge, which instance, and which socket. */
export function edgeEnvelope(facts: EnvelopeFacts): Envelope {
  return {
    event_id: facts.eventId,
    key: facts.key,
    occurred_at: facts.occurredAt ?? null,
    recorded_at: facts.recordedAt,
    source: { service: 'edge', instance_id: facts.instanceId, connection_id: facts.connectionId ?? null },
    correlation_id: facts.correlationId ?? null,
    causation_id: facts.causationId ?? null,
  };
}
