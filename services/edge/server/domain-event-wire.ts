import type {
  AuthorizationStatus as WireAuthorizationStatus,
  ConnectorStatus as WireConnectorStatus,
  MeterSample as WireMeterSample,
  OcppEvent,
  OcppEventPayloadBranches,
  RegistrationStatus as WireRegistrationStatus,
} from '../../core/events/generated-types.ts';
import { wrapUnion, type Wrapped } from '../../core/events/union.ts';
import type {
  AuthorizationStatus,
  CommonConnectorStatus,
  DomainEvent,
  MeterSample,
  RegistrationStatus,
} from '../normalize/domain-events.ts';
import { edgeEnvelope } from './envelope.ts';

export interface DomainStamp {
  readonly instanceId: string;
  readonly connectionId: string;
  readonly newId: () => string;
}

type Payload = Wrapped<OcppEventPayloadBranches>;

function branch<K extends keyof OcppEventPayloadBranches>(kind: K, value: OcppEventPayloadBranches[K]): Payload {
  return wrapUnion<OcppEventPayloadBranches, K>(kind, value);
}

/**
 * The normalized domain model in the events topic's Avro shape. Events the topic has no branch for
 * (heartbeats, vendor data) stay on the frames topic only.
 */
export function domainEventToWire(event: DomainEvent, stamp: DomainStamp): OcppEvent[] {
  const { header, body } = event;
  const wire = (payload: Payload, occurredAt: number | null): OcppEvent => ({
    envelope: edgeEnvelope({
      eventId: stamp.newId(),
      key: header.chargerId,
      recordedAt: header.receivedAt,
      occurredAt,
      instanceId: stamp.instanceId,
      connectionId: stamp.connectionId,
      correlationId: header.messageId,
    }),
    payload,
  });
  switch (body.type) {
    case 'ChargerBooted':
      return [
        wire(
          branch('io.switchyard.ocpp.ChargerBooted', {
            vendor: body.vendor,
            model: body.model,
            serial_number: body.serialNumber,
            charge_box_serial_number: body.chargeBoxSerialNumber,
            firmware_version: body.firmwareVersion,
            iccid: body.iccid,
            imsi: body.imsi,
            meter_type: body.meterType,
            meter_serial_number: body.meterSerialNumber,
            boot_reason: body.reason,
            registration_status: registrationStatuses[body.registrationStatus],
            heartbeat_interval_s: body.heartbeatIntervalSeconds,
          }),
          null,
        ),
      ];
    case 'ConnectorStatusChanged':
      return [
        wire(
          branch('io.switchyard.ocpp.ConnectorStatusChanged', {
            evse_id: body.evseId,
            connector_id: body.connectorId,
            status: connectorStatuses[body.status],
            status_raw: body.ocppStatus,
            error_code: body.errorCode,
            info: body.info,
            vendor_id: body.vendorId,
            vendor_error_code: body.vendorErrorCode,
          }),
          body.occurredAt,
        ),
      ];
    case 'AuthorizationDecided': {
      const idToken = { value: body.idToken.value, type: body.idToken.type };
      return [
        wire(branch('io.switchyard.ocpp.AuthorizationRequested', { id_token: idToken, evse_id: body.evseId, action: body.requestedBy }), null),
        wire(
          branch('io.switchyard.ocpp.AuthorizationDecided', {
            id_token: idToken,
            status: authorizationStatuses[body.status],
            status_raw: body.ocppStatus,
            expires_at: body.expiresAt,
            group_id_token: body.groupId,
            decided_by: body.decidedBy,
            authorization_reference: body.authorizationReference,
          }),
          null,
        ),
      ];
    }
    case 'TransactionStarted':
      return [
        wire(
          branch('io.switchyard.ocpp.TransactionStarted', {
            transaction_id: body.transactionId,
            // The schema has no "unknown EVSE": 0 (the station as a whole) stands for "not stated".
            evse_id: body.evseId ?? 0,
            connector_id: body.connectorId,
            id_token: body.idToken,
            started_at: body.occurredAt,
            meter_start_wh: body.meterStartWh,
            reservation_id: body.reservationId,
            remote_start_id: body.remoteStartId,
            trigger_reason: body.triggerReason,
            charging_state: body.chargingState,
            seq_no: body.sequenceNumber,
            offline: body.offline,
            samples: body.samples.map(meterSampleToWire),
          }),
          body.occurredAt,
        ),
      ];
    case 'TransactionUpdated':
      return [
        wire(
          branch('io.switchyard.ocpp.TransactionUpdated', {
            transaction_id: body.transactionId,
            evse_id: body.evseId,
            connector_id: body.connectorId,
            id_token: body.idToken,
            trigger_reason: body.triggerReason,
            charging_state: body.chargingState,
            seq_no: body.sequenceNumber,
            offline: body.offline,
            samples: body.samples.map(meterSampleToWire),
          }),
          body.occurredAt,
        ),
      ];
    case 'TransactionEnded':
      return [
        wire(
          branch('io.switchyard.ocpp.TransactionEnded', {
            transaction_id: body.transactionId,
            evse_id: body.evseId,
            id_token: body.idToken,
            stopped_at: body.occurredAt,
            meter_stop_wh: body.meterStopWh,
            stop_reason: body.stopReason,
            trigger_reason: body.triggerReason,
            seq_no: body.sequenceNumber,
            offline: body.offline,
            samples: body.samples.map(meterSampleToWire),
          }),
          body.occurredAt,
        ),
      ];
    case 'MeterValuesSampled':
      return [
        wire(
          branch('io.switchyard.ocpp.MeterValuesSampled', {
            evse_id: body.evseId ?? 0,
            transaction_id: body.transactionId,
            samples: body.samples.map(meterSampleToWire),
          }),
          body.samples[0]?.sampledAt ?? null,
        ),
      ];
    case 'FirmwareStatusChanged':
      return [wire(branch('io.switchyard.ocpp.FirmwareStatusChanged', { status: body.status, request_id: body.requestId }), null)];
    case 'LogUploadStatusChanged':
      return [wire(branch('io.switchyard.ocpp.DiagnosticsStatusChanged', { status: body.status, request_id: body.requestId }), null)];
    case 'SecurityEventReported':
      return [
        wire(branch('io.switchyard.ocpp.SecurityEventReported', { event_type: body.eventType, tech_info: body.techInfo }), body.occurredAt),
      ];
    case 'DeviceModelReported':
      return [
        wire(
          branch('io.switchyard.ocpp.DeviceModelReported', {
            request_id: body.requestId,
            generated_at: body.generatedAt,
            seq_no: body.sequenceNumber,
            to_be_continued: body.toBeContinued,
            variables: body.variables.map((variable) => ({
              address: {
                component_name: variable.component,
                component_instance: variable.componentInstance,
                evse_id: variable.evseId,
                connector_id: variable.connectorId,
                variable_name: variable.variable,
                variable_instance: variable.variableInstance,
              },
              attributes: variable.attributes.map((attribute) => ({
                type: attribute.type,
                value: attribute.value,
                mutability: attribute.mutability,
                persistent: attribute.persistent,
                constant: attribute.constant,
              })),
              characteristics:
                variable.characteristics === null
                  ? null
                  : {
                      data_type: variable.characteristics.dataType,
                      unit: variable.characteristics.unit,
                      min_limit: variable.characteristics.minLimit,
                      max_limit: variable.characteristics.maxLimit,
                      values_list: variable.characteristics.valuesList,
                      supports_monitoring: variable.characteristics.supportsMonitoring,
                    },
            })),
          }),
          body.generatedAt,
        ),
      ];
    case 'DeviceEventsReported':
      return [
        wire(
          branch('io.switchyard.ocpp.DeviceEventsNotified', {
            generated_at: body.generatedAt,
            seq_no: body.sequenceNumber,
            to_be_continued: body.toBeContinued,
            events: body.events.map((deviceEvent) => ({
              event_id: deviceEvent.eventId,
              occurred_at: deviceEvent.occurredAt,
              trigger: deviceEvent.trigger,
              cause: deviceEvent.cause,
              actual_value: deviceEvent.actualValue,
              tech_code: deviceEvent.techCode,
              tech_info: deviceEvent.techInfo,
              cleared: deviceEvent.cleared,
              transaction_id: deviceEvent.transactionId,
              variable_monitoring_id: deviceEvent.variableMonitoringId,
              notification_type: deviceEvent.notificationType,
              address: {
                component_name: deviceEvent.component,
                component_instance: deviceEvent.componentInstance,
                evse_id: deviceEvent.evseId,
                connector_id: deviceEvent.connectorId,
                variable_name: deviceEvent.variable,
                variable_instance: deviceEvent.variableInstance,
              },
            })),
          }),
          body.generatedAt,
        ),
      ];
    case 'HeartbeatReceived':
    case 'VendorDataReceived':
      return [];
    default: {
      const unreachable: never = body;
      throw new Error(`unknown domain event ${JSON.stringify(unreachable)}`);
    }
  }
}

function meterSampleToWire(sample: MeterSample): WireMeterSample {
  return {
    sampled_at: sample.sampledAt,
    measurand: sample.measurand,
    phase: sample.phase,
    location: sample.location,
    context: sample.context,
    value: sample.value,
    unit: sample.unit,
    value_raw: sample.rawValue,
    unit_raw: sample.rawUnit,
    signed_data: sample.signedData,
  };
}

const registrationStatuses: Readonly<Record<RegistrationStatus, WireRegistrationStatus>> = {
  Accepted: 'ACCEPTED',
  Pending: 'PENDING',
  Rejected: 'REJECTED',
};

const connectorStatuses: Readonly<Record<CommonConnectorStatus, WireConnectorStatus>> = {
  Available: 'AVAILABLE',
  Occupied: 'OCCUPIED',
  Reserved: 'RESERVED',
  Unavailable: 'UNAVAILABLE',
  Faulted: 'FAULTED',
};

const authorizationStatuses: Readonly<Record<AuthorizationStatus, WireAuthorizationStatus>> = {
  Accepted: 'ACCEPTED',
  Blocked: 'BLOCKED',
  ConcurrentTx: 'CONCURRENT_TX',
  Expired: 'EXPIRED',
  Invalid: 'INVALID',
  NoCredit: 'NO_CREDIT',
  NotAllowedTypeEVSE: 'NOT_ALLOWED_TYPE_EVSE',
  NotAtThisLocation: 'NOT_AT_THIS_LOCATION',
  NotAtThisTime: 'NOT_AT_THIS_TIME',
  Unknown: 'UNKNOWN',
};
