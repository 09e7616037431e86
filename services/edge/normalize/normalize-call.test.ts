import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../protocol/frame.ts';
import { validateCall, validateResult } from '../protocol/validate.ts';
import type { OcppVersion } from '../protocol/versions.ts';
import type { DomainEventBody } from './domain-events.ts';
import { normalizeCall, type CallContext } from './normalize-call.ts';

const receivedAt = Date.parse('2024-05-01T12:00:00.000Z');
const t = '2024-05-01T11:59:00.000Z';
const tMs = Date.parse(t);
const context: CallContext = { chargerId: 'CP1', messageId: 'm1', receivedAt, quirksApplied: ['lenient-timestamp'] };

interface Case {
  readonly name: string;
  readonly version: OcppVersion;
  readonly action: string;
  readonly payload: JsonObject;
  readonly answer: JsonObject;
  readonly then: readonly DomainEventBody[];
}

const sample = {
  unit: 'Wh',
  rawUnit: null,
  rawMultiplier: null,
  phase: null,
  location: null,
  context: null,
  signed: false,
  signedData: null,
  sampledAt: tMs,
  measurand: 'Energy.Active.Import.Register',
} as const;

const bootCases: Case[] = [
  {
    name: '1.6 boot',
    version: 'ocpp1.6',
    action: 'BootNotification',
    payload: { chargePointVendor: 'ABB', chargePointModel: 'Terra', firmwareVersion: '1.2', chargeBoxSerialNumber: 'SN1', iccid: 'I', meterType: 'MT' },
    answer: { status: 'Accepted', currentTime: t, interval: 300 },
    then: [
      {
        type: 'ChargerBooted', vendor: 'ABB', model: 'Terra', firmwareVersion: '1.2', serialNumber: null, chargeBoxSerialNumber: 'SN1', reason: null,
        iccid: 'I', imsi: null, meterType: 'MT', meterSerialNumber: null, registrationStatus: 'Accepted', heartbeatIntervalSeconds: 300,
      },
    ],
  },
  {
    name: '2.0.1 boot',
    version: 'ocpp2.0.1',
    action: 'BootNotification',
    payload: { reason: 'PowerUp', chargingStation: { vendorName: 'ABB', model: 'Terra', serialNumber: 'SN1', modem: { imsi: 'X' } } },
    answer: { status: 'Pending', currentTime: t, interval: 60 },
    then: [
      {
        type: 'ChargerBooted', vendor: 'ABB', model: 'Terra', firmwareVersion: null, serialNumber: 'SN1', chargeBoxSerialNumber: null, reason: 'PowerUp',
        iccid: null, imsi: 'X', meterType: null, meterSerialNumber: null, registrationStatus: 'Pending', heartbeatIntervalSeconds: 60,
      },
    ],
  },
  { name: '1.6 heartbeat', version: 'ocpp1.6', action: 'Heartbeat', payload: {}, answer: { currentTime: t }, then: [{ type: 'HeartbeatReceived' }] },
];

const statusCases: Case[] = [
  {
    name: '1.6 charging connector is occupied, connector N is EVSE N',
    version: 'ocpp1.6',
    action: 'StatusNotification',
    payload: { connectorId: 2, errorCode: 'NoError', status: 'Charging', timestamp: t },
    answer: {},
    then: [{ type: 'ConnectorStatusChanged', evseId: 2, connectorId: 1, status: 'Occupied', ocppStatus: 'Charging', errorCode: null, vendorErrorCode: null, vendorId: null, info: null, occurredAt: tMs }],
  },
  {
    name: '1.6 faulted charger without timestamp uses the receive time',
    version: 'ocpp1.6',
    action: 'StatusNotification',
    payload: { connectorId: 0, errorCode: 'GroundFailure', status: 'Faulted', vendorErrorCode: 'E42', vendorId: 'com.abb', info: 'RCD' },
    answer: {},
    then: [{ type: 'ConnectorStatusChanged', evseId: 0, connectorId: null, status: 'Faulted', ocppStatus: 'Faulted', errorCode: 'GroundFailure', vendorErrorCode: 'E42', vendorId: 'com.abb', info: 'RCD', occurredAt: receivedAt }],
  },
  {
    name: '2.0.1 status',
    version: 'ocpp2.0.1',
    action: 'StatusNotification',
    payload: { timestamp: t, connectorStatus: 'Reserved', evseId: 1, connectorId: 2 },
    answer: {},
    then: [{ type: 'ConnectorStatusChanged', evseId: 1, connectorId: 2, status: 'Reserved', ocppStatus: 'Reserved', errorCode: null, vendorErrorCode: null, vendorId: null, info: null, occurredAt: tMs }],
  },
];

const authorizationCases: Case[] = [
  {
    name: '1.6 authorize',
    version: 'ocpp1.6',
    action: 'Authorize',
    payload: { idTag: 'TAG' },
    answer: { idTagInfo: { status: 'Blocked', parentIdTag: 'G', expiryDate: t } },
    then: [{ type: 'AuthorizationDecided', idToken: { value: 'TAG', type: null }, requestedBy: 'Authorize', evseId: null, status: 'Blocked', ocppStatus: 'Blocked', expiresAt: tMs, groupId: 'G', transactionId: null, decidedBy: 'local', authorizationReference: null }],
  },
  {
    name: '2.0.1 authorize',
    version: 'ocpp2.0.1',
    action: 'Authorize',
    payload: { idToken: { idToken: 'TAG', type: 'eMAID' } },
    answer: { idTokenInfo: { status: 'NoCredit' } },
    then: [{ type: 'AuthorizationDecided', idToken: { value: 'TAG', type: 'eMAID' }, requestedBy: 'Authorize', evseId: null, status: 'NoCredit', ocppStatus: 'NoCredit', expiresAt: null, groupId: null, transactionId: null, decidedBy: 'local', authorizationReference: null }],
  },
];

const transactionCases: Case[] = [
  {
    name: '1.6 start: the allocated integer id becomes a decimal string',
    version: 'ocpp1.6',
    action: 'StartTransaction',
    payload: { connectorId: 1, idTag: 'TAG', meterStart: 1500, timestamp: t, reservationId: 9 },
    answer: { transactionId: 42, idTagInfo: { status: 'Accepted' } },
    then: [
      { type: 'AuthorizationDecided', idToken: { value: 'TAG', type: null }, requestedBy: 'StartTransaction', evseId: 1, status: 'Accepted', ocppStatus: 'Accepted', expiresAt: null, groupId: null, transactionId: '42', decidedBy: 'local', authorizationReference: null },
      {
        type: 'TransactionStarted', transactionId: '42', evseId: 1, connectorId: 1, idToken: { value: 'TAG', type: null }, meterStartWh: 1500, reservationId: 9, remoteStartId: null,
        triggerReason: null, chargingState: null, sequenceNumber: null, offline: false, samples: [], occurredAt: tMs,
      },
    ],
  },
  {
    name: '1.6 stop without reason is Local, transaction data becomes samples',
    version: 'ocpp1.6',
    action: 'StopTransaction',
    payload: { transactionId: 42, meterStop: 9500, timestamp: t, transactionData: [{ timestamp: t, sampledValue: [{ value: '9.5', unit: 'kWh' }] }] },
    answer: {},
    then: [
      {
        type: 'TransactionEnded', transactionId: '42', evseId: null, idToken: null, meterStopWh: 9500, stopReason: 'Local', triggerReason: null, sequenceNumber: null, offline: false,
        samples: [{ ...sample, value: 9500, rawValue: '9.5', rawUnit: 'kWh' }], occurredAt: tMs,
      },
    ],
  },
  {
    name: '2.0.1 started with energy register and token',
    version: 'ocpp2.0.1',
    action: 'TransactionEvent',
    payload: {
      eventType: 'Started', timestamp: t, triggerReason: 'Authorized', seqNo: 0,
      transactionInfo: { transactionId: 'tx-9', remoteStartId: 5 },
      idToken: { idToken: 'TAG', type: 'ISO14443' },
      evse: { id: 1, connectorId: 1 },
      meterValue: [{ timestamp: t, sampledValue: [{ value: 1.5, context: 'Transaction.Begin', unitOfMeasure: { unit: 'kWh' } }] }],
    },
    answer: { idTokenInfo: { status: 'Accepted' } },
    then: [
      { type: 'AuthorizationDecided', idToken: { value: 'TAG', type: 'ISO14443' }, requestedBy: 'TransactionEvent', evseId: 1, status: 'Accepted', ocppStatus: 'Accepted', expiresAt: null, groupId: null, transactionId: 'tx-9', decidedBy: 'local', authorizationReference: null },
      {
        type: 'TransactionStarted', transactionId: 'tx-9', evseId: 1, connectorId: 1, idToken: { value: 'TAG', type: 'ISO14443' }, meterStartWh: 1500, reservationId: null, remoteStartId: 5,
        triggerReason: 'Authorized', chargingState: null, sequenceNumber: 0, offline: false,
        samples: [{ ...sample, value: 1500, rawValue: '1.5', rawUnit: 'kWh', context: 'Transaction.Begin' }], occurredAt: tMs,
      },
    ],
  },
  {
    name: '2.0.1 updated',
    version: 'ocpp2.0.1',
    action: 'TransactionEvent',
    payload: { eventType: 'Updated', timestamp: t, triggerReason: 'ChargingStateChanged', seqNo: 3, offline: true, transactionInfo: { transactionId: 'tx-9', chargingState: 'SuspendedEV' } },
    answer: {},
    then: [
      {
        type: 'TransactionUpdated', transactionId: 'tx-9', evseId: null, connectorId: null, idToken: null, chargingState: 'SuspendedEV', triggerReason: 'ChargingStateChanged',
        sequenceNumber: 3, offline: true, samples: [], occurredAt: tMs,
      },
    ],
  },
  {
    name: '2.0.1 ended with multiplier',
    version: 'ocpp2.0.1',
    action: 'TransactionEvent',
    payload: {
      eventType: 'Ended', timestamp: t, triggerReason: 'EVDeparted', seqNo: 4,
      transactionInfo: { transactionId: 'tx-9', stoppedReason: 'EVDisconnected' },
      meterValue: [{ timestamp: t, sampledValue: [{ value: 12.345, unitOfMeasure: { unit: 'Wh', multiplier: 3 } }] }],
    },
    answer: {},
    then: [
      {
        type: 'TransactionEnded', transactionId: 'tx-9', evseId: null, idToken: null, meterStopWh: 12345, stopReason: 'EVDisconnected', triggerReason: 'EVDeparted', sequenceNumber: 4,
        offline: false, samples: [{ ...sample, value: 12345, rawValue: '12.345', rawUnit: 'Wh', rawMultiplier: 3 }], occurredAt: tMs,
      },
    ],
  },
];

const meterCases: Case[] = [
  {
    name: '1.6 meter values: kW to W, phases, signed data kept raw',
    version: 'ocpp1.6',
    action: 'MeterValues',
    payload: {
      connectorId: 1,
      transactionId: 42,
      meterValue: [
        {
          timestamp: t,
          sampledValue: [
            { value: '7.2', measurand: 'Power.Active.Import', unit: 'kW', phase: 'L1', location: 'Outlet', context: 'Sample.Periodic' },
            { value: '16', measurand: 'Current.Import' },
            { value: '1.005', unit: 'kWh' },
            { value: 'AbCd==', format: 'SignedData' },
          ],
        },
      ],
    },
    answer: {},
    then: [
      {
        type: 'MeterValuesSampled',
        transactionId: '42',
        evseId: 1,
        samples: [
          { ...sample, measurand: 'Power.Active.Import', value: 7200, unit: 'W', rawValue: '7.2', rawUnit: 'kW', phase: 'L1', location: 'Outlet', context: 'Sample.Periodic' },
          { ...sample, measurand: 'Current.Import', value: 16, unit: 'A', rawValue: '16' },
          { ...sample, value: 1005, rawValue: '1.005', rawUnit: 'kWh' },
          { ...sample, value: null, rawValue: 'AbCd==', signed: true, signedData: 'AbCd==' },
        ],
      },
    ],
  },
  {
    name: '2.0.1 signed meter value keeps its number and its signature',
    version: 'ocpp2.0.1',
    action: 'MeterValues',
    payload: {
      evseId: 1,
      meterValue: [{ timestamp: t, sampledValue: [{ value: 2.5, unitOfMeasure: { unit: 'kWh' }, signedMeterValue: { signedMeterData: 'OCMF|x', signingMethod: 'ECDSA', encodingMethod: 'OCMF', publicKey: 'k' } }] }],
    },
    answer: {},
    then: [{ type: 'MeterValuesSampled', transactionId: null, evseId: 1, samples: [{ ...sample, value: 2500, rawValue: '2.5', rawUnit: 'kWh', signed: true, signedData: 'OCMF|x' }] }],
  },
  {
    name: '2.0.1 meter values outside a transaction',
    version: 'ocpp2.0.1',
    action: 'MeterValues',
    payload: { evseId: 0, meterValue: [{ timestamp: t, sampledValue: [{ value: 230.1, measurand: 'Voltage', phase: 'L1-N', unitOfMeasure: { unit: 'V' } }] }] },
    answer: {},
    then: [{ type: 'MeterValuesSampled', transactionId: null, evseId: 0, samples: [{ ...sample, measurand: 'Voltage', value: 230.1, unit: 'V', rawValue: '230.1', rawUnit: 'V', phase: 'L1-N' }] }],
  },
];

const notificationCases: Case[] = [
  { name: '1.6 firmware', version: 'ocpp1.6', action: 'FirmwareStatusNotification', payload: { status: 'Installing' }, answer: {}, then: [{ type: 'FirmwareStatusChanged', status: 'Installing', requestId: null, signed: false }] },
  { name: '1.6 signed firmware', version: 'ocpp1.6', action: 'SignedFirmwareStatusNotification', payload: { status: 'Downloaded', requestId: 7 }, answer: {}, then: [{ type: 'FirmwareStatusChanged', status: 'Downloaded', requestId: 7, signed: true }] },
  { name: '2.0.1 firmware', version: 'ocpp2.0.1', action: 'FirmwareStatusNotification', payload: { status: 'Installed', requestId: 3 }, answer: {}, then: [{ type: 'FirmwareStatusChanged', status: 'Installed', requestId: 3, signed: false }] },
  { name: '1.6 diagnostics', version: 'ocpp1.6', action: 'DiagnosticsStatusNotification', payload: { status: 'UploadFailed' }, answer: {}, then: [{ type: 'LogUploadStatusChanged', status: 'UploadFailed', requestId: null }] },
  { name: '2.0.1 log', version: 'ocpp2.0.1', action: 'LogStatusNotification', payload: { status: 'Uploaded', requestId: 8 }, answer: {}, then: [{ type: 'LogUploadStatusChanged', status: 'Uploaded', requestId: 8 }] },
  {
    name: '1.6 security event',
    version: 'ocpp1.6',
    action: 'SecurityEventNotification',
    payload: { type: 'InvalidCentralSystemCertificate', timestamp: t, techInfo: 'expired' },
    answer: {},
    then: [{ type: 'SecurityEventReported', eventType: 'InvalidCentralSystemCertificate', techInfo: 'expired', occurredAt: tMs }],
  },
  {
    name: '2.0.1 data transfer keeps JSON data',
    version: 'ocpp2.0.1',
    action: 'DataTransfer',
    payload: { vendorId: 'com.example', messageId: 'm', data: { a: [1] } },
    answer: { status: 'UnknownVendorId' },
    then: [{ type: 'VendorDataReceived', vendorId: 'com.example', vendorMessageId: 'm', dataJson: '{"a":[1]}', status: 'UnknownVendorId' }],
  },
  {
    name: '2.0.1 notify report',
    version: 'ocpp2.0.1',
    action: 'NotifyReport',
    payload: {
      requestId: 1, generatedAt: t, seqNo: 0, tbc: true,
      reportData: [
        {
          component: { name: 'EVSE', evse: { id: 1 } },
          variable: { name: 'Power' },
          variableAttribute: [{ type: 'Actual', value: '22000', mutability: 'ReadOnly' }, { type: 'MaxSet' }],
          variableCharacteristics: { dataType: 'decimal', unit: 'W', supportsMonitoring: true },
        },
      ],
    },
    answer: {},
    then: [
      {
        type: 'DeviceModelReported', requestId: 1, sequenceNumber: 0, toBeContinued: true, generatedAt: tMs,
        variables: [
          {
            component: 'EVSE', componentInstance: null, evseId: 1, connectorId: null, variable: 'Power', variableInstance: null,
            attributes: [
              { type: 'Actual', value: '22000', mutability: 'ReadOnly', persistent: null, constant: null },
              { type: 'MaxSet', value: null, mutability: null, persistent: null, constant: null },
            ],
            characteristics: { dataType: 'decimal', unit: 'W', minLimit: null, maxLimit: null, valuesList: null, supportsMonitoring: true },
          },
        ],
      },
    ],
  },
  {
    name: '2.0.1 notify event',
    version: 'ocpp2.0.1',
    action: 'NotifyEvent',
    payload: {
      generatedAt: t, seqNo: 2,
      eventData: [{ eventId: 5, timestamp: t, trigger: 'Alerting', actualValue: 'Faulted', techCode: 'E1', cleared: true, eventNotificationType: 'PreconfiguredMonitor', component: { name: 'Connector', evse: { id: 1, connectorId: 1 } }, variable: { name: 'AvailabilityState' } }],
    },
    answer: {},
    then: [
      {
        type: 'DeviceEventsReported', sequenceNumber: 2, toBeContinued: false, generatedAt: tMs,
        events: [
          {
            eventId: 5, occurredAt: tMs, trigger: 'Alerting', cause: null, component: 'Connector', componentInstance: null, evseId: 1, connectorId: 1, variable: 'AvailabilityState',
            variableInstance: null, actualValue: 'Faulted', cleared: true, techCode: 'E1', techInfo: null, transactionId: null, variableMonitoringId: null,
            notificationType: 'PreconfiguredMonitor',
          },
        ],
      },
    ],
  },
];

describe('normalizeCall', () => {
  it.each([...bootCases, ...statusCases, ...authorizationCases, ...transactionCases, ...meterCases, ...notificationCases])(
    'given $name then the domain events are as expected',
    ({ version, action, payload, answer, then }) => {
      expect(validateCall(version, action, payload)).toEqual({ ok: true });
      expect(validateResult(version, action, answer)).toEqual({ ok: true });
      const events = normalizeCall(context, version, action, payload, answer);
      expect(events.map((event) => event.body)).toEqual(then);
      for (const event of events) {
        expect(event.header).toEqual({ chargerId: 'CP1', ocppVersion: version, action, messageId: 'm1', receivedAt, quirksApplied: ['lenient-timestamp'] });
      }
    },
  );

  it('given an action without a normalizer then there are no events', () => {
    expect(normalizeCall(context, 'ocpp2.0.1', 'NotifyEVChargingNeeds', {}, {})).toEqual([]);
  });
});
