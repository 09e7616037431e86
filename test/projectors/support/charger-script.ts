import type {
  CommandOutcome,
  ConnectorStatus,
  LocationRecord,
  MeterSample,
  OcppEvent,
  OcppEventPayloadBranches,
  TariffRecord,
  TokenRecord,
} from '../../../services/core/events/generated-types.ts';
import { wrapUnion } from '../../../services/core/events/union.ts';
import { tokenKeyOf, tokenKind } from '../../../services/roaming/ocpi/token-kind.ts';
import type { OcpiToken } from '../../../services/roaming/ocpi/token-object.ts';

/**
 * Builds the domain events the edge writes for one charger, as the normalizer produces them (both OCPP
 * versions), with event ids that increase like the edge's ULIDs.
 */
export class ChargerScript {
  private sequence = 0;

  constructor(
    readonly chargerId: string,
    private readonly instanceId = 'edge-1',
  ) {}

  private event<K extends keyof OcppEventPayloadBranches & string>(kind: K, at: number, value: OcppEventPayloadBranches[K]): OcppEvent {
    this.sequence += 1;
    const suffix = `${this.chargerId}${String(this.sequence).padStart(6, '0')}`.replace(/[^0-9A-Z]/gi, '').toUpperCase();
    return {
      envelope: {
        event_id: `01JDA5B6Q4${suffix.slice(-16).padStart(16, '0')}`,
        key: this.chargerId,
        occurred_at: at,
        recorded_at: at + 50,
        source: { service: 'edge', instance_id: this.instanceId, connection_id: 'C1' },
        correlation_id: null,
        causation_id: null,
      },
      payload: wrapUnion<OcppEventPayloadBranches, K>(kind, value),
    };
  }

  started(options: {
    readonly transactionId: string;
    readonly at: number;
    readonly meterStartWh?: number | null;
    readonly evseId?: number;
    readonly token?: string | null;
    /** OCPP IdTokenType; null (a 1.6 idTag) unless given. */
    readonly tokenType?: string;
    readonly chargingState?: string | null;
    readonly remoteStartId?: number | null;
    readonly triggerReason?: string;
  }): OcppEvent {
    return this.event('io.switchyard.ocpp.TransactionStarted', options.at, {
      transaction_id: options.transactionId,
      evse_id: options.evseId ?? 1,
      connector_id: 1,
      id_token: options.token === null ? null : { value: options.token ?? 'TAG-1', type: options.tokenType ?? null },
      started_at: options.at,
      meter_start_wh: options.meterStartWh === undefined ? 0 : options.meterStartWh,
      reservation_id: null,
      remote_start_id: options.remoteStartId ?? null,
      trigger_reason: options.triggerReason ?? null,
      charging_state: options.chargingState ?? null,
      seq_no: null,
      offline: false,
      samples: [],
    });
  }

  updated(options: {
    readonly transactionId: string;
    readonly at: number;
    readonly token?: string;
    readonly chargingState?: string;
    readonly energyWh?: number;
    readonly triggerReason?: string;
  }): OcppEvent {
    return this.event('io.switchyard.ocpp.TransactionUpdated', options.at, {
      transaction_id: options.transactionId,
      evse_id: 1,
      connector_id: 1,
      id_token: options.token === undefined ? null : { value: options.token, type: 'ISO14443' },
      trigger_reason: options.triggerReason ?? null,
      charging_state: options.chargingState ?? null,
      seq_no: null,
      offline: false,
      samples: options.energyWh === undefined ? [] : samplesAt(options.at, options.energyWh),
    });
  }

  meter(options: { readonly transactionId: string | null; readonly at: number; readonly energyWh: number; readonly powerW?: number; readonly currentA?: number }): OcppEvent {
    return this.event('io.switchyard.ocpp.MeterValuesSampled', options.at, {
      evse_id: 1,
      transaction_id: options.transactionId,
      samples: samplesAt(options.at, options.energyWh, options.powerW, options.currentA),
    });
  }

  ended(options: { readonly transactionId: string; readonly at: number; readonly meterStopWh: number | null; readonly reason?: string }): OcppEvent {
    return this.event('io.switchyard.ocpp.TransactionEnded', options.at, {
      transaction_id: options.transactionId,
      evse_id: null,
      id_token: null,
      stopped_at: options.at,
      meter_stop_wh: options.meterStopWh,
      stop_reason: options.reason ?? 'Local',
      trigger_reason: null,
      seq_no: null,
      offline: false,
      samples: [],
    });
  }

  status(options: { readonly at: number; readonly statusRaw: string; readonly status: ConnectorStatus; readonly evseId?: number }): OcppEvent {
    return this.event('io.switchyard.ocpp.ConnectorStatusChanged', options.at, {
      evse_id: options.evseId ?? 1,
      connector_id: 1,
      status: options.status,
      status_raw: options.statusRaw,
      error_code: null,
      info: null,
      vendor_id: null,
      vendor_error_code: null,
    });
  }

  /** The edge's answer about a token (1.6 idTag unless `tokenType`), and who gave it. */
  authorized(options: {
    readonly at: number;
    readonly token: string;
    readonly tokenType?: string;
    readonly decidedBy: 'local' | 'emsp' | 'emsp_unreachable';
    readonly reference?: string;
  }): OcppEvent {
    return this.event('io.switchyard.ocpp.AuthorizationDecided', options.at, {
      id_token: { value: options.token, type: options.tokenType ?? null },
      status: 'ACCEPTED',
      status_raw: 'Accepted',
      expires_at: null,
      group_id_token: null,
      decided_by: options.decidedBy,
      authorization_reference: options.reference ?? null,
    });
  }

  /** A command's CALL as the edge wrote it to the charger. */
  commandSent(options: { readonly at: number; readonly commandId: string; readonly action: string; readonly request: Record<string, unknown> }): OcppEvent {
    return this.event('io.switchyard.ocpp.CommandSent', options.at, {
      command_id: options.commandId,
      action: options.action,
      message_id: `M-${options.commandId}`,
      request_json: JSON.stringify(options.request),
    });
  }

  commandAnswered(options: { readonly at: number; readonly commandId: string; readonly action: string; readonly outcome: CommandOutcome }): OcppEvent {
    const status = options.outcome === 'ACCEPTED' ? 'Accepted' : 'Rejected';
    return this.event('io.switchyard.ocpp.CommandAnswered', options.at, {
      command_id: options.commandId,
      action: options.action,
      message_id: `M-${options.commandId}`,
      outcome: options.outcome,
      status_raw: status,
      response_json: JSON.stringify({ status }),
      error_code: null,
      error_description: null,
    });
  }

  booted(at: number): OcppEvent {
    return this.event('io.switchyard.ocpp.ChargerBooted', at, {
      vendor: 'Acme',
      model: 'AC22',
      serial_number: null,
      charge_box_serial_number: null,
      firmware_version: null,
      iccid: null,
      imsi: null,
      meter_type: null,
      meter_serial_number: null,
      boot_reason: null,
      registration_status: 'ACCEPTED',
      heartbeat_interval_s: 300,
    });
  }
}

function sample(at: number, measurand: string, value: number, unit: string): MeterSample {
  return {
    sampled_at: at,
    measurand,
    phase: null,
    location: null,
    context: 'Sample.Periodic',
    value,
    unit,
    value_raw: String(value),
    unit_raw: unit,
    signed_data: null,
  };
}

function samplesAt(at: number, energyWh: number, powerW?: number, currentA?: number): MeterSample[] {
  const samples = [sample(at, 'Energy.Active.Import.Register', energyWh, 'Wh')];
  if (powerW !== undefined) samples.push(sample(at, 'Power.Active.Import', powerW, 'W'));
  if (currentA !== undefined) samples.push(sample(at, 'Current.Import', currentA, 'A'));
  return samples;
}

const adminEnvelope = (key: string, eventId: string, at: number) => ({
  event_id: eventId,
  key,
  occurred_at: null,
  recorded_at: at,
  source: { service: 'api', instance_id: 'api-1', connection_id: null },
  correlation_id: null,
  causation_id: null,
});

/** A Location with one EVSE per entry of `evses` (uid `<charger>-<evse>`), each with connector "1". */
export function locationRecord(options: {
  readonly id: string;
  readonly evseUids: readonly string[];
  readonly tariffIds: readonly string[];
  readonly timeZone?: string;
  /** Whether the EVSEs carry an eMI3 evse_id (`NL*SWY*E<uid>`); they do unless told otherwise. */
  readonly eMI3Ids?: boolean;
}): LocationRecord {
  const object = {
    country_code: 'NL',
    party_id: 'SWY',
    id: options.id,
    publish: true,
    name: 'Depot North',
    address: 'Stationsplein 1',
    city: 'Utrecht',
    postal_code: '3511 ED',
    country: 'NLD',
    coordinates: { latitude: '52.089444', longitude: '5.110278' },
    time_zone: options.timeZone ?? 'Europe/Amsterdam',
    evses: options.evseUids.map((uid) => ({
      uid,
      ...(options.eMI3Ids === false ? {} : { evse_id: `NL*SWY*E${uid.replace(/[^0-9A-Z]/gi, '')}` }),
      status: 'AVAILABLE',
      connectors: [{ id: '1', standard: 'IEC_62196_T2', format: 'SOCKET', power_type: 'AC_3_PHASE', max_voltage: 230, max_amperage: 32, tariff_ids: options.tariffIds, last_updated: '2024-01-01T00:00:00Z' }],
      last_updated: '2024-01-01T00:00:00Z',
    })),
    last_updated: '2024-01-01T00:00:00Z',
  };
  return {
    envelope: adminEnvelope(`NL/SWY/${options.id}`, '01JDA5B6Q4T000000000000007', Date.parse('2024-01-01T00:00:00Z')),
    payload: {
      owner: { country_code: 'NL', party_id: 'SWY' },
      id: options.id,
      publish: true,
      name: object.name,
      address: object.address,
      city: object.city,
      postal_code: object.postal_code,
      country: object.country,
      latitude: object.coordinates.latitude,
      longitude: object.coordinates.longitude,
      time_zone: object.time_zone,
      evse_uids: [...options.evseUids],
      last_updated: Date.parse(object.last_updated),
      object_json: JSON.stringify(object),
    },
  };
}

/** `fields`: more OCPI Tariff fields (min_price, max_price, ...), carried in object_json. */
export function tariffRecord(options: {
  readonly id: string;
  readonly elements: readonly unknown[];
  readonly currency?: string;
  readonly fields?: Readonly<Record<string, unknown>>;
}): TariffRecord {
  const object = {
    country_code: 'NL',
    party_id: 'SWY',
    id: options.id,
    currency: options.currency ?? 'EUR',
    elements: options.elements,
    ...options.fields,
    last_updated: '2024-01-01T00:00:00Z',
  };
  return {
    envelope: adminEnvelope(`NL/SWY/${options.id}`, '01JDA5B6Q4T000000000000008', Date.parse('2024-01-01T00:00:00Z')),
    payload: {
      owner: { country_code: 'NL', party_id: 'SWY' },
      id: options.id,
      currency: object.currency,
      type: 'REGULAR',
      start_date_time: null,
      end_date_time: null,
      last_updated: Date.parse(object.last_updated),
      object_json: JSON.stringify(object),
    },
  };
}

/** An eMSP's OCPI token as the roaming service stores it on switchyard.tokens (key country/party/uid/type). */
export function tokenRecord(token: Partial<OcpiToken> & Pick<OcpiToken, 'country_code' | 'party_id' | 'uid'>): TokenRecord {
  const object: OcpiToken = {
    type: 'RFID',
    contract_id: `${token.country_code}-${token.party_id}-C${token.uid.replace(/[^0-9A-Z]/gi, '')}`,
    issuer: `${token.party_id} Mobility`,
    valid: true,
    whitelist: 'ALWAYS',
    last_updated: '2024-01-01T00:00:00Z',
    ...token,
  };
  return {
    envelope: adminEnvelope(tokenKeyOf(object), '01JDA5B6Q4T000000000000009', Date.parse(object.last_updated)),
    payload: tokenKind.toPayload(object),
  };
}

/** 0.30/kWh + 0.50 start fee + 2.00/h parking, VAT 21%: simple enough to check totals by hand. */
export const depotTariff = tariffRecord({
  id: 'AC-STANDARD',
  elements: [
    {
      price_components: [
        { type: 'FLAT', price: 0.5, vat: 21, step_size: 1 },
        { type: 'ENERGY', price: 0.3, vat: 21, step_size: 1 },
        { type: 'PARKING_TIME', price: 2.0, vat: 21, step_size: 60 },
      ],
    },
  ],
});
