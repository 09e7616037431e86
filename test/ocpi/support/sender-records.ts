import type { EventBus } from '../../../services/core/bus/event-bus.ts';
import type { CdrRecord, Envelope, SessionRecord, TopicValues } from '../../../services/core/events/generated-types.ts';
import type { Serde } from '../../../services/core/serde/serde.ts';

/**
 * Sessions and CDRs as the projectors write them (key country_code/party_id/id, the OCPI object as
 * object_json), for sender module tests and benchmarks that need many of them without running chargers.
 */

export interface Party {
  readonly country_code: string;
  readonly party_id: string;
}

const envelopeOf = (key: string, at: number): Envelope => ({
  event_id: `${key}@${at}`,
  key,
  occurred_at: at,
  recorded_at: at,
  source: { service: 'test', instance_id: 'sender-records', connection_id: null },
  correlation_id: null,
  causation_id: null,
});

const iso = (epochMs: number) => new Date(epochMs).toISOString();

export interface ChargingFacts {
  readonly id: string;
  readonly cpo: Party;
  /** The eMSP party of the cdr_token. */
  readonly emsp: Party;
  readonly lastUpdated: number;
}

function tokenOf(facts: ChargingFacts) {
  return { ...facts.emsp, uid: `TAG-${facts.id}`, type: 'RFID', contract_id: `${facts.emsp.country_code}-${facts.emsp.party_id}-C${facts.id}` };
}

/** Where and how every test session charged, as Sessions and CDRs (and a Session's OCPI object) say it. */
const chargingPlace = { auth_method: 'WHITELIST', location_id: 'LOC-1', evse_uid: 'CP-1-1', connector_id: '1', currency: 'EUR' } as const;

/** A projector's record of the charging in `facts`: keyed by the CPO party and the object's id. */
function recordOf<P>(facts: ChargingFacts, payload: P): { key: string; value: { envelope: Envelope; payload: P } } {
  const key = `${facts.cpo.country_code}/${facts.cpo.party_id}/${facts.id}`;
  return { key, value: { envelope: envelopeOf(key, facts.lastUpdated), payload } };
}

export function sessionRecord(facts: ChargingFacts, status: 'ACTIVE' | 'COMPLETED' = 'ACTIVE'): { key: string; value: SessionRecord } {
  const start = facts.lastUpdated - 3_600_000;
  const token = tokenOf(facts);
  const object = {
    ...facts.cpo,
    id: facts.id,
    start_date_time: iso(start),
    kwh: 11,
    cdr_token: token,
    ...chargingPlace,
    status,
    last_updated: iso(facts.lastUpdated),
  };
  return recordOf(facts, {
    owner: facts.cpo,
    id: facts.id,
    status,
    start_date_time: start,
    end_date_time: null,
    kwh: 11,
    cdr_token: token,
    ...chargingPlace,
    total_cost: null,
    charger_id: 'CP-1',
    transaction_id: facts.id,
    last_updated: facts.lastUpdated,
    object_json: JSON.stringify(object),
  });
}

/** A CDR of about 1.3 KB of JSON, the size of a one-hour session with two charging periods. */
export function cdrRecord(facts: ChargingFacts): { key: string; value: CdrRecord } {
  const start = facts.lastUpdated - 3_700_000;
  const end = facts.lastUpdated - 100_000;
  const token = tokenOf(facts);
  const totalCost = { excl_vat: 4.2, incl_vat: 5.08 };
  const object = {
    ...facts.cpo,
    id: facts.id,
    start_date_time: iso(start),
    end_date_time: iso(end),
    session_id: `SES-${facts.id}`,
    cdr_token: token,
    auth_method: 'WHITELIST',
    cdr_location: {
      id: 'LOC-1', name: 'Depot 7', address: 'Havenstraat 7', city: 'Rotterdam', postal_code: '3011AA', country: 'NLD',
      coordinates: { latitude: '51.91972', longitude: '4.47778' }, evse_uid: 'CP-1-1', evse_id: 'NL*SWY*E0001', connector_id: '1',
      connector_standard: 'IEC_62196_T2', connector_format: 'SOCKET', connector_power_type: 'AC_3_PHASE',
    },
    currency: 'EUR',
    tariffs: [{ ...facts.cpo, id: 'AC-STANDARD', currency: 'EUR', elements: [{ price_components: [{ type: 'ENERGY', price: 0.35, vat: 21, step_size: 1 }] }], last_updated: iso(start) }],
    charging_periods: [
      { start_date_time: iso(start), dimensions: [{ type: 'ENERGY', volume: 6 }], tariff_id: 'AC-STANDARD' },
      { start_date_time: iso(start + 1_800_000), dimensions: [{ type: 'ENERGY', volume: 6 }], tariff_id: 'AC-STANDARD' },
    ],
    total_cost: totalCost,
    total_energy: 12,
    total_energy_cost: totalCost,
    total_time: 1,
    total_parking_time: 0,
    last_updated: iso(facts.lastUpdated),
  };
  return recordOf(facts, {
    owner: facts.cpo,
    id: facts.id,
    session_id: `SES-${facts.id}`,
    start_date_time: start,
    end_date_time: end,
    cdr_token: token,
    ...chargingPlace,
    total_cost: totalCost,
    total_energy_kwh: 12,
    total_time_hours: 1,
    total_parking_time_hours: 0,
    tariff_ids: ['AC-STANDARD'],
    credit: false,
    credit_reference_id: null,
    last_updated: facts.lastUpdated,
    object_json: JSON.stringify(object),
  });
}

/** Appends records (null value: a tombstone) in batches, as the projectors would have. */
export async function appendRecords<T extends 'switchyard.sessions' | 'switchyard.cdrs'>(
  bus: EventBus,
  serde: Serde,
  topic: T,
  records: readonly { key: string; value: TopicValues[T] | null }[],
): Promise<void> {
  for (let start = 0; start < records.length; start += 1_000) {
    const batch = await Promise.all(
      records.slice(start, start + 1_000).map(async ({ key, value }) => ({ topic, key, value: value === null ? null : await serde.encode(topic, value) })),
    );
    await bus.append(batch);
  }
}

/** An operator-entered Location with `evses` EVSEs on charger `CP-<id>`, as the admin API takes it. */
export function locationBody(owner: Party, id: string, evses: number): Record<string, unknown> {
  const connector = { id: '1', standard: 'IEC_62196_T2', format: 'SOCKET', power_type: 'AC_3_PHASE', max_voltage: 400, max_amperage: 32, tariff_ids: ['AC-1'] };
  return {
    ...owner, id, publish: true, name: `Depot ${id}`, address: 'Havenstraat 7', city: 'Rotterdam', postal_code: '3011AA', country: 'NLD',
    coordinates: { latitude: '51.91972', longitude: '4.47778' }, time_zone: 'Europe/Amsterdam',
    evses: Array.from({ length: evses }, (_, n) => ({ connectors: [connector], switchyard: { charger_id: `CP-${id}`, evse_id: n + 1 } })),
  };
}
