import type { OcppEvent } from '../../core/events/generated-types.ts';
import { openUnion } from '../../core/events/union.ts';
import type { ChargerSignal } from './location-status-projection.ts';

/** The part of a charger event that moves EVSE statuses; null for every other event. */
export function chargerSignalOf(event: OcppEvent): ChargerSignal | null {
  const payload = openUnion(event.payload);
  switch (payload.kind) {
    case 'io.switchyard.ocpp.ChargerConnected':
      return { type: 'connected' };
    case 'io.switchyard.ocpp.ChargerDisconnected':
      return { type: 'disconnected' };
    case 'io.switchyard.ocpp.ChargerBooted':
      return { type: 'booted' };
    case 'io.switchyard.ocpp.ConnectorStatusChanged':
      return { type: 'status', evseId: payload.value.evse_id, connectorId: payload.value.connector_id, status: payload.value.status };
    default:
      return null;
  }
}

/** When it happened by the charger's clock, or when Switchyard recorded it when the message has no time. */
export function eventTimeOf(event: OcppEvent): number {
  return event.envelope.occurred_at ?? event.envelope.recorded_at;
}
