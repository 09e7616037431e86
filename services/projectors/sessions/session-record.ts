import type { OcppEvent, SessionRecord } from '../../core/events/generated-types.ts';
import { ocpiDateTime } from '../../pricing/ocpi-date-time.ts';
import { partyKey } from '../tracking/reference-data.ts';
import {
  authorizationReferenceOf,
  connectorIdOfSession,
  currencyOf,
  evseUidOfSession,
  outputEnvelope,
  type ViewSettings,
} from '../tracking/session-views.ts';
import { pricedSession } from '../tracking/settled-usage.ts';
import type { TrackedSession } from '../tracking/tracked-session.ts';

/** The live OCPI 2.2.1 Session of a tracked session, with its cost so far, as a switchyard.sessions value. */
export function sessionRecordOf(session: TrackedSession, cause: OcppEvent, settings: ViewSettings): SessionRecord {
  const priced = pricedSession(session);
  const owner = session.binding.owner;
  const cdrToken = session.cdrToken;
  const totalCost = priced.cost === null ? null : priced.cost.total;
  const object = {
    country_code: owner.country_code,
    party_id: owner.party_id,
    id: session.id,
    start_date_time: ocpiDateTime(session.startedAt),
    ...(session.endedAt === null ? {} : { end_date_time: ocpiDateTime(session.endedAt) }),
    kwh: priced.totalEnergyKwh,
    cdr_token: cdrToken,
    auth_method: session.authMethod,
    ...authorizationReferenceOf(session),
    location_id: session.binding.location?.id ?? '',
    evse_uid: evseUidOfSession(session),
    connector_id: connectorIdOfSession(session),
    currency: currencyOf(session, settings),
    charging_periods: priced.chargingPeriods,
    ...(totalCost === null ? {} : { total_cost: totalCost }),
    status: session.status,
    last_updated: ocpiDateTime(session.lastUpdated),
  };
  const key = partyKey(owner, session.id);
  return {
    envelope: outputEnvelope(cause, key, 'sessions', 'session'),
    payload: {
      owner,
      id: session.id,
      status: session.status,
      start_date_time: session.startedAt,
      end_date_time: session.endedAt,
      kwh: priced.totalEnergyKwh,
      cdr_token: cdrToken,
      auth_method: session.authMethod,
      location_id: object.location_id,
      evse_uid: object.evse_uid,
      connector_id: object.connector_id,
      currency: object.currency,
      total_cost: totalCost,
      charger_id: session.chargerId,
      transaction_id: session.transactionId,
      last_updated: session.lastUpdated,
      object_json: JSON.stringify(object),
    },
  };
}
