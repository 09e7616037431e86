/**
 * Builders of realistic switchyard.ocpp.events and switchyard.ocpp.frames values for history tests, the
 * seed script and the benchmark: every field the edge fills, with the defaults a real charger produces.
 */
import { monotonicFactory } from 'ulid';
import type {
  AuthorizationStatus,
  CommandOutcome,
  ConnectorStatus,
  MeterSample,
  OcppEvent,
  OcppEventPayloadBranches,
  OcppFrameEvent,
} from '../../../services/core/events/generated-types.ts';
import { wrapUnion } from '../../../services/core/events/union.ts';
import { ocppFrameEvent } from '../../support/ocpp-frame-event.ts';

export interface EventAt {
  readonly charger: string;
  /** Recorded by Switchyard, epoch ms. */
  readonly at: number;
  /** The charger's own time; defaults to `at`. */
  readonly occurredAt?: number;
  readonly connectionId?: string;
  readonly correlationId?: string;
}

const nextEventId = monotonicFactory();

export function ocppEvent<K extends keyof OcppEventPayloadBranches>(
  kind: K,
  when: EventAt,
  payload: OcppEventPayloadBranches[K],
): OcppEvent {
  return {
    envelope: {
      event_id: nextEventId(when.at),
      key: when.charger,
      occurred_at: when.occurredAt ?? when.at,
      recorded_at: when.at,
      source: { service: 'edge', instance_id: 'edge-1', connection_id: when.connectionId ?? `conn-${when.charger}` },
      correlation_id: when.correlationId ?? null,
      causation_id: null,
    },
    payload: wrapUnion<OcppEventPayloadBranches, K>(kind, payload),
  };
}

export const connected = (when: EventAt, connectionId: string): OcppEvent =>
  ocppEvent('io.switchyard.ocpp.ChargerConnected', { ...when, connectionId }, {
    connection_id: connectionId,
    remote_address: '10.0.0.7:51234',
    protocol: 'ocpp1.6',
    security_profile: 1,
  });

export const disconnected = (when: EventAt, connectionId: string, connectedMs: number): OcppEvent =>
  ocppEvent('io.switchyard.ocpp.ChargerDisconnected', { ...when, connectionId }, {
    connection_id: connectionId,
    remote_address: '10.0.0.7:51234',
    close_code: 1006,
    close_reason: null,
    closed_by: 'keepalive_timeout',
    connected_ms: connectedMs,
  });

export const rejected = (when: EventAt, reason: string): OcppEvent =>
  ocppEvent('io.switchyard.ocpp.ConnectionRejected', when, {
    remote_address: '198.51.100.4:40000',
    http_status: 401,
    reason,
    detail: null,
    offered_subprotocols: ['ocpp1.6'],
    security_profile: 1,
  });

export const booted = (when: EventAt, vendor: string, model: string, firmware: string): OcppEvent =>
  ocppEvent('io.switchyard.ocpp.ChargerBooted', when, {
    vendor,
    model,
    serial_number: `SN-${when.charger}`,
    charge_box_serial_number: null,
    firmware_version: firmware,
    iccid: null,
    imsi: null,
    meter_type: null,
    meter_serial_number: null,
    boot_reason: null,
    registration_status: 'ACCEPTED',
    heartbeat_interval_s: 300,
  });

export const statusChanged = (
  when: EventAt,
  evseId: number,
  status: ConnectorStatus,
  errorCode: string | null = null,
): OcppEvent =>
  ocppEvent('io.switchyard.ocpp.ConnectorStatusChanged', when, {
    evse_id: evseId,
    connector_id: evseId === 0 ? null : 1,
    status,
    status_raw: status === 'OCCUPIED' ? 'Charging' : status.charAt(0) + status.slice(1).toLowerCase(),
    error_code: errorCode,
    info: null,
    vendor_id: null,
    vendor_error_code: null,
  });

export const authorizationDecided = (when: EventAt, token: string, status: AuthorizationStatus): OcppEvent =>
  ocppEvent('io.switchyard.ocpp.AuthorizationDecided', when, {
    id_token: { value: token, type: null },
    status,
    status_raw: status === 'ACCEPTED' ? 'Accepted' : 'Invalid',
    expires_at: null,
    group_id_token: null,
    decided_by: 'local',
    authorization_reference: null,
  });

export const transactionStarted = (
  when: EventAt,
  transactionId: string,
  evseId: number,
  meterStartWh: number,
  token = 'TOKEN-1',
): OcppEvent =>
  ocppEvent('io.switchyard.ocpp.TransactionStarted', when, {
    transaction_id: transactionId,
    evse_id: evseId,
    connector_id: 1,
    id_token: { value: token, type: null },
    started_at: when.occurredAt ?? when.at,
    meter_start_wh: meterStartWh,
    reservation_id: null,
    remote_start_id: null,
    trigger_reason: null,
    charging_state: null,
    seq_no: null,
    offline: false,
    samples: [],
  });

export const transactionEnded = (
  when: EventAt,
  transactionId: string,
  meterStopWh: number,
  samples: readonly MeterSample[] = [],
): OcppEvent =>
  ocppEvent('io.switchyard.ocpp.TransactionEnded', when, {
    transaction_id: transactionId,
    evse_id: null,
    id_token: null,
    stopped_at: when.occurredAt ?? when.at,
    meter_stop_wh: meterStopWh,
    stop_reason: 'EVDisconnected',
    trigger_reason: null,
    seq_no: null,
    offline: false,
    samples,
  });

export const commandAnswered = (when: EventAt, action: string, outcome: CommandOutcome, commandId: string): OcppEvent =>
  ocppEvent('io.switchyard.ocpp.CommandAnswered', { ...when, correlationId: commandId }, {
    command_id: commandId,
    action,
    message_id: `msg-${commandId}`,
    outcome,
    status_raw: outcome === 'ACCEPTED' ? 'Accepted' : 'Rejected',
    response_json: null,
    error_code: null,
    error_description: null,
  });

/** A MeterValues CALL as the edge records it: the highest-volume record of a real deployment. */
export function meterValuesFrame(charger: string, at: number, sequence: number): OcppFrameEvent {
  const messageId = `m-${sequence}`;
  const call = [
    2,
    messageId,
    'MeterValues',
    {
      connectorId: 1,
      transactionId: 1000 + (sequence % 97),
      meterValue: [
        {
          timestamp: new Date(at).toISOString(),
          sampledValue: [{ value: String(sequence * 10), measurand: 'Energy.Active.Import.Register', unit: 'Wh' }],
        },
      ],
    },
  ];
  return ocppFrameEvent({
    chargerId: charger,
    at,
    direction: 'IN',
    messageType: 'CALL',
    messageId,
    action: 'MeterValues',
    text: JSON.stringify(call),
    eventId: nextEventId(at),
  });
}
