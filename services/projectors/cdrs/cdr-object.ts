import type { Cdr, CdrToken, PartyRef } from '../../core/events/generated-types.ts';
import type { ChargingPeriod, Money } from '../../pricing/price-session.ts';
import { ocpiDateTime } from '../../pricing/ocpi-date-time.ts';
import { creditCdrIdOf } from '../tracking/derived-ids.ts';
import { authorizationReferenceOf, connectorIdOfSession, currencyOf, evseUidOfSession, type ViewSettings } from '../tracking/session-views.ts';
import { pricedSession } from '../tracking/settled-usage.ts';
import type { TrackedSession } from '../tracking/tracked-session.ts';

/** The OCPI 2.2.1 CDR object, every mandatory field set. */
export interface CdrObject {
  readonly country_code: string;
  readonly party_id: string;
  readonly id: string;
  readonly start_date_time: string;
  readonly end_date_time: string;
  readonly session_id: string;
  readonly cdr_token: CdrToken;
  readonly auth_method: string;
  readonly authorization_reference?: string;
  readonly cdr_location: Readonly<Record<string, unknown>>;
  readonly currency: string;
  readonly tariffs: readonly Readonly<Record<string, unknown>>[];
  readonly charging_periods: readonly ChargingPeriod[];
  readonly total_cost: Money;
  readonly total_fixed_cost?: Money;
  readonly total_energy: number;
  readonly total_energy_cost?: Money;
  readonly total_time: number;
  readonly total_time_cost?: Money;
  readonly total_parking_time: number;
  readonly total_parking_cost?: Money;
  readonly remark?: string;
  readonly credit?: boolean;
  readonly credit_reference_id?: string;
  readonly last_updated: string;
}

/**
 * OCPI's value for a mandatory field that cannot be filled (transport_and_format, "No data available").
 * An EVSE without an eMI3 `evse_id` has none to give: the uid is no eMI3 id, and an id made up from the
 * party would look like a registered one the driver's invoice and the charger's label do not show.
 */
const notAvailable = '#NA';

/**
 * The location as it was when the session started (its binding). A session on an EVSE no Location names
 * still gets a CDR, with the location fields it cannot know left empty and the gap flagged.
 */
function cdrLocationOf(session: TrackedSession): Record<string, unknown> {
  const { location, evse, connector } = session.binding;
  return {
    id: location?.id ?? '',
    ...(location?.name === null || location === null ? {} : { name: location.name }),
    address: location?.address ?? '',
    city: location?.city ?? '',
    ...(location?.postalCode === null || location === null ? {} : { postal_code: location.postalCode }),
    country: location?.country ?? '',
    coordinates: { latitude: location?.latitude ?? '', longitude: location?.longitude ?? '' },
    evse_uid: evseUidOfSession(session),
    evse_id: evse?.evse_id ?? notAvailable,
    connector_id: connectorIdOfSession(session),
    connector_standard: connector?.standard ?? '',
    connector_format: connector?.format ?? '',
    connector_power_type: connector?.power_type ?? '',
  };
}

const zero: Money = { excl_vat: 0, incl_vat: 0 };

export function cdrObjectOf(session: TrackedSession, id: string, settings: ViewSettings): CdrObject {
  const priced = pricedSession(session);
  const owner = session.binding.owner;
  const cost = priced.cost;
  return {
    country_code: owner.country_code,
    party_id: owner.party_id,
    id,
    start_date_time: ocpiDateTime(session.startedAt),
    end_date_time: ocpiDateTime(session.endedAt ?? session.lastUpdated),
    session_id: session.id,
    cdr_token: session.cdrToken,
    auth_method: session.authMethod,
    ...authorizationReferenceOf(session),
    cdr_location: cdrLocationOf(session),
    currency: currencyOf(session, settings),
    tariffs: session.binding.tariff === null ? [] : [session.binding.tariff.source],
    charging_periods: priced.chargingPeriods,
    total_cost: cost?.total ?? zero,
    ...(cost === null ? {} : { total_fixed_cost: cost.fixed, total_energy_cost: cost.energy, total_time_cost: cost.time, total_parking_cost: cost.parking }),
    total_energy: priced.totalEnergyKwh,
    total_time: priced.totalTimeHours,
    total_parking_time: priced.totalParkingTimeHours,
    ...(session.stopReason === null ? {} : { remark: `stop reason: ${session.stopReason}` }),
    last_updated: ocpiDateTime(session.lastUpdated),
  };
}

/** OCPI credit CDR: all the data of the original, total_cost negated, its own id, pointing at the original. */
export function creditCdrOf(original: CdrObject, at: number): CdrObject {
  return {
    ...original,
    id: creditCdrIdOf(original.id),
    total_cost: { excl_vat: -original.total_cost.excl_vat, incl_vat: -original.total_cost.incl_vat },
    credit: true,
    credit_reference_id: original.id,
    last_updated: ocpiDateTime(at),
  };
}

/** What a CDR bills, without its identity: two CDRs with the same billing content need no correction. */
export function billingContentOf(cdr: CdrObject): string {
  const { id: _id, last_updated: _lastUpdated, ...content } = cdr;
  return JSON.stringify(content);
}

export function cdrPayloadOf(cdr: CdrObject, owner: PartyRef, session: TrackedSession): Cdr {
  return {
    owner,
    id: cdr.id,
    session_id: cdr.session_id,
    start_date_time: session.startedAt,
    end_date_time: session.endedAt ?? session.lastUpdated,
    cdr_token: cdr.cdr_token,
    auth_method: cdr.auth_method,
    location_id: session.binding.location?.id ?? '',
    evse_uid: evseUidOfSession(session),
    connector_id: connectorIdOfSession(session),
    currency: cdr.currency,
    total_cost: cdr.total_cost,
    total_energy_kwh: cdr.total_energy,
    total_time_hours: cdr.total_time,
    total_parking_time_hours: cdr.total_parking_time,
    tariff_ids: session.binding.tariff === null ? [] : [session.binding.tariff.id],
    credit: cdr.credit ?? false,
    credit_reference_id: cdr.credit_reference_id ?? null,
    last_updated: Date.parse(cdr.last_updated),
    object_json: JSON.stringify(cdr),
  };
}
