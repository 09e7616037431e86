import type { Row } from '../../../services/core/clickhouse/clickhouse.ts';
import type { OcppFrameEvent } from '../../../services/core/events/generated-types.ts';

/**
 * A frame's ocpp_frames row as JavaScript values, the way history archived frames before it handed their
 * Avro bodies to ClickHouse: what the format benchmarks insert, and what tests expect the table to hold.
 */
export function frameRowValues(event: OcppFrameEvent): Row {
  const { envelope, payload } = event;
  return {
    event_id: envelope.event_id,
    charger_id: payload.charger_id,
    connection_id: payload.connection_id,
    direction: payload.direction,
    protocol: payload.protocol,
    message_type: payload.message_type,
    message_id: payload.message_id,
    action: payload.action,
    text: payload.text,
    received_at: payload.received_at,
    recorded_at: envelope.recorded_at,
    validation: payload.validation.status,
    error_code: payload.validation.error_code,
    error_description: payload.validation.error_description,
    quirks_applied: payload.quirks_applied,
    source_instance: envelope.source.instance_id,
    upstream: payload.upstream,
    relayed_upstreams: payload.relayed_as.map((relay) => relay.upstream),
    relayed_roles: payload.relayed_as.map((relay) => relay.role),
    relayed_message_ids: payload.relayed_as.map((relay) => relay.message_id),
  };
}
