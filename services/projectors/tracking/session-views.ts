import type { Envelope, OcppEvent } from '../../core/events/generated-types.ts';
import { derivedEventId } from './derived-ids.ts';
import { evseUidOf } from './evse-uid.ts';
import type { TrackedSession } from './tracked-session.ts';

/** What the Session and CDR views of a tracked session share. */
export interface ViewSettings {
  /** Currency of sessions no tariff prices. */
  readonly defaultCurrency: string;
}

export function evseUidOfSession(session: TrackedSession): string {
  return evseUidOf(session.chargerId, session.evseId);
}

export function connectorIdOfSession(session: TrackedSession): string {
  return session.binding.connector?.id ?? String(session.connectorId);
}

/** OCPI `authorization_reference`, optional: absent when the eMSP gave none. */
export function authorizationReferenceOf(session: TrackedSession): { readonly authorization_reference?: string } {
  return session.authorizationReference === null ? {} : { authorization_reference: session.authorizationReference };
}

export function currencyOf(session: TrackedSession, settings: ViewSettings): string {
  return session.binding.tariff?.currency ?? settings.defaultCurrency;
}

/**
 * The envelope of an output: its id and times come from the event that caused it, so a replay writes the
 * same bytes. `role` tells apart several outputs of one event (a credit CDR and its replacement).
 */
export function outputEnvelope(cause: OcppEvent, key: string, projector: string, role: string): Envelope {
  return {
    event_id: derivedEventId(cause.envelope.recorded_at, cause.envelope.event_id, `${projector}:${role}`),
    key,
    occurred_at: cause.envelope.occurred_at,
    recorded_at: cause.envelope.recorded_at,
    source: { service: 'projectors', instance_id: projector, connection_id: null },
    correlation_id: cause.envelope.correlation_id,
    causation_id: cause.envelope.event_id,
  };
}
