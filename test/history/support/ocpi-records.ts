/**
 * Builders of switchyard.cdrs, switchyard.ocpi.traffic and switchyard.locations values for history tests and the seed script:
 * every field the projector and the OCPI service fill.
 */
import { monotonicFactory } from 'ulid';
import type { CdrRecord, LocationRecord, OcpiExchange, OcpiExchangeRecord } from '../../../services/core/events/generated-types.ts';

const nextEventId = monotonicFactory();
const cpo = { country_code: 'NL', party_id: 'SWY' } as const;

function envelope(key: string, at: number, service: string) {
  return {
    event_id: nextEventId(at),
    key,
    occurred_at: null,
    recorded_at: at,
    source: { service, instance_id: `${service}-1`, connection_id: null },
    correlation_id: null,
    causation_id: null,
  };
}

export interface CdrOf {
  readonly id: string;
  /** OCPI EVSE uid: `<charger id>-<OCPP evse id>`. */
  readonly evseUid: string;
  readonly locationId?: string;
  readonly startedAt: number;
  readonly endedAt: number;
  readonly energyKwh: number;
  readonly cost: { readonly exclVat: number; readonly inclVat: number | null };
  readonly currency?: string;
  readonly tokenUid?: string;
}

/** A CDR as the CDR projector issues it; the OCPI object is abbreviated to its identity. */
export function cdr(of: CdrOf): CdrRecord {
  return {
    envelope: envelope(`${cpo.country_code}/${cpo.party_id}/${of.id}`, of.endedAt + 1_000, 'projectors'),
    payload: {
      owner: cpo,
      id: of.id,
      session_id: `SES-${of.id}`,
      start_date_time: of.startedAt,
      end_date_time: of.endedAt,
      cdr_token: { country_code: 'DE', party_id: 'EMS', uid: of.tokenUid ?? 'TOKEN-1', type: 'RFID', contract_id: 'DE-EMS-C00001' },
      auth_method: 'WHITELIST',
      location_id: of.locationId ?? 'LOC-1',
      evse_uid: of.evseUid,
      connector_id: '1',
      currency: of.currency ?? 'EUR',
      total_cost: { excl_vat: of.cost.exclVat, incl_vat: of.cost.inclVat },
      total_energy_kwh: of.energyKwh,
      total_time_hours: (of.endedAt - of.startedAt) / 3_600_000,
      total_parking_time_hours: null,
      tariff_ids: ['TARIFF-AC'],
      credit: false,
      credit_reference_id: null,
      last_updated: of.endedAt + 1_000,
      object_json: JSON.stringify({ country_code: cpo.country_code, party_id: cpo.party_id, id: of.id }),
    },
  };
}

/** The credit CDR reversing `original`, as the projector issues it when a session is corrected at `at`. */
export function creditCdr(original: CdrRecord, at: number): CdrRecord {
  const id = `${original.payload.id}-C`;
  const { excl_vat, incl_vat } = original.payload.total_cost;
  return {
    envelope: envelope(`${cpo.country_code}/${cpo.party_id}/${id}`, at, 'projectors'),
    payload: {
      ...original.payload,
      id,
      total_cost: { excl_vat: -excl_vat, incl_vat: incl_vat === null ? null : -incl_vat },
      credit: true,
      credit_reference_id: original.payload.id,
      last_updated: at,
      object_json: JSON.stringify({ country_code: cpo.country_code, party_id: cpo.party_id, id }),
    },
  };
}

/** One OCPI exchange with a partner (eMSP DE/EMS unless `party` says otherwise). */
export function ocpiExchange(at: number, exchange: Partial<OcpiExchange> & Pick<OcpiExchange, 'method' | 'url'>): OcpiExchangeRecord {
  const party = exchange.party === undefined ? { country_code: 'DE', party_id: 'EMS' } : exchange.party;
  return {
    envelope: envelope(party === null ? 'unknown' : `${party.country_code}/${party.party_id}`, at, 'ocpi'),
    payload: {
      direction: 'OUTBOUND',
      module: null,
      request_id: null,
      ocpi_correlation_id: null,
      request_body: null,
      http_status: 200,
      ocpi_status_code: 1000,
      response_body: '{"status_code":1000,"status_message":"Success"}',
      error: null,
      started_at: at,
      duration_ms: 40,
      request_headers: {},
      response_headers: {},
      ...exchange,
      party,
    },
  };
}

/** A Location as the operator PUT it, each EVSE mapped to a charger port (charger id, OCPP EVSE id). */
export function location(id: string, at: number, ports: readonly (readonly [string, number])[]): LocationRecord {
  const evses = ports.map(([chargerId, evseId]) => ({ uid: `${chargerId}-${evseId}`, status: 'UNKNOWN', connectors: [], switchyard: { charger_id: chargerId, evse_id: evseId } }));
  return {
    envelope: envelope(`${cpo.country_code}/${cpo.party_id}/${id}`, at, 'roaming'),
    payload: {
      owner: cpo,
      id,
      publish: true,
      name: `Depot ${id}`,
      address: 'Stationsplein 1',
      city: 'Utrecht',
      postal_code: '3511 ED',
      country: 'NLD',
      latitude: '52.089',
      longitude: '5.110',
      time_zone: 'Europe/Amsterdam',
      evse_uids: evses.map((evse) => evse.uid),
      last_updated: at,
      object_json: JSON.stringify({ country_code: cpo.country_code, party_id: cpo.party_id, id, evses, last_updated: new Date(at).toISOString() }),
    },
  };
}

