import type { OcppEvent, OcppEventPayloadBranches } from '../core/events/generated-types.ts';
import { openUnion } from '../core/events/union.ts';
import type { ArchiveRow } from './archive-row.ts';
import { connectionColumnsOf } from './connection-row.ts';

/** 'io.switchyard.ocpp.ChargerBooted' -> 'ChargerBooted': the type column holds the record's short name. */
export function eventTypeName(branch: string): string {
  return branch.slice(branch.lastIndexOf('.') + 1);
}

/**
 * A domain event as its ocpp_events row (payload kept as JSON with the Avro field names) and, for the
 * connection lifecycle types, its connection_events row.
 */
export function eventRows(event: OcppEvent): ArchiveRow[] {
  const { envelope } = event;
  const { kind, value } = openUnion<OcppEventPayloadBranches>(event.payload);
  const type = eventTypeName(kind);
  const rows: ArchiveRow[] = [
    {
      table: 'ocpp_events',
      values: {
        event_id: envelope.event_id,
        type,
        charger_id: envelope.key,
        occurred_at: envelope.occurred_at,
        recorded_at: envelope.recorded_at,
        connection_id: envelope.source.connection_id,
        source_service: envelope.source.service,
        source_instance: envelope.source.instance_id,
        correlation_id: envelope.correlation_id,
        causation_id: envelope.causation_id,
        payload: JSON.stringify(value),
      },
    },
  ];
  const connection = connectionColumnsOf(kind, value);
  if (connection !== undefined) {
    rows.push({
      table: 'connection_events',
      values: {
        event_id: envelope.event_id,
        type,
        charger_id: envelope.key,
        recorded_at: envelope.recorded_at,
        source_instance: envelope.source.instance_id,
        ...connection,
      },
    });
  }
  return rows;
}
