import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../protocol/frame.ts';
import { validateCall, validateResult } from '../protocol/validate.ts';
import type { OcppVersion } from '../protocol/versions.ts';
import type { BootPolicy } from './boot-decision.ts';
import type { DataTransferHandlers } from './data-transfer.ts';
import { decideCall } from './decide-call.ts';
import type { DecisionInput } from './decision.ts';
import { isTransactionMessage, requirementsOf } from './requirements.ts';
import type { TokenDecision } from './token-decision.ts';

const now = Date.parse('2024-05-01T12:00:00.000Z');
const at = '2024-05-01T11:59:00.000Z';
const accepted: TokenDecision = { status: 'Accepted', expiresAt: Date.parse('2024-06-01T00:00:00Z'), groupId: 'FLEET-1' };
const noHandlers: DataTransferHandlers = new Map();

function input(version: OcppVersion, action: string, payload: JsonObject, overrides: Partial<DecisionInput> = {}): DecisionInput {
  const needs = requirementsOf(version, action, payload);
  return {
    version,
    action,
    payload,
    now,
    bootPolicy: 'accept',
    timings: { heartbeatIntervalSeconds: 300, bootRetryIntervalSeconds: 60 },
    tokenDecision: needs.idToken === null ? null : accepted,
    transactionId: needs.needsTransactionId ? 4711 : null,
    dataTransferHandlers: noHandlers,
    ...overrides,
  };
}

const calls16: readonly { action: string; payload: JsonObject }[] = [
  { action: 'BootNotification', payload: { chargePointVendor: 'V', chargePointModel: 'M' } },
  { action: 'Heartbeat', payload: {} },
  { action: 'StatusNotification', payload: { connectorId: 1, errorCode: 'NoError', status: 'Available' } },
  { action: 'Authorize', payload: { idTag: 'TAG1' } },
  { action: 'StartTransaction', payload: { connectorId: 1, idTag: 'TAG1', meterStart: 100, timestamp: at } },
  { action: 'StopTransaction', payload: { transactionId: 4711, meterStop: 900, timestamp: at, idTag: 'TAG1' } },
  { action: 'StopTransaction', payload: { transactionId: 4711, meterStop: 900, timestamp: at } },
  { action: 'MeterValues', payload: { connectorId: 1, meterValue: [{ timestamp: at, sampledValue: [{ value: '1' }] }] } },
  { action: 'DataTransfer', payload: { vendorId: 'com.example', messageId: 'x', data: 'y' } },
  { action: 'FirmwareStatusNotification', payload: { status: 'Installed' } },
  { action: 'DiagnosticsStatusNotification', payload: { status: 'Uploaded' } },
  { action: 'LogStatusNotification', payload: { status: 'Uploading', requestId: 3 } },
  { action: 'SecurityEventNotification', payload: { type: 'StartupOfTheDevice', timestamp: at } },
  { action: 'SignedFirmwareStatusNotification', payload: { status: 'SignatureVerified', requestId: 2 } },
];

const calls201: readonly { action: string; payload: JsonObject }[] = [
  { action: 'BootNotification', payload: { reason: 'PowerUp', chargingStation: { model: 'M', vendorName: 'V' } } },
  { action: 'Heartbeat', payload: {} },
  { action: 'StatusNotification', payload: { timestamp: at, connectorStatus: 'Occupied', evseId: 1, connectorId: 1 } },
  { action: 'Authorize', payload: { idToken: { idToken: 'TAG1', type: 'ISO14443' } } },
  {
    action: 'TransactionEvent',
    payload: {
      eventType: 'Started',
      timestamp: at,
      triggerReason: 'Authorized',
      seqNo: 0,
      transactionInfo: { transactionId: 'tx-1' },
      idToken: { idToken: 'TAG1', type: 'ISO14443' },
      evse: { id: 1, connectorId: 1 },
    },
  },
  {
    action: 'TransactionEvent',
    payload: { eventType: 'Updated', timestamp: at, triggerReason: 'MeterValuePeriodic', seqNo: 1, transactionInfo: { transactionId: 'tx-1' } },
  },
  {
    action: 'MeterValues',
    payload: { evseId: 1, meterValue: [{ timestamp: at, sampledValue: [{ value: 1 }] }] },
  },
  { action: 'DataTransfer', payload: { vendorId: 'com.example', data: { any: ['json'] } } },
  { action: 'FirmwareStatusNotification', payload: { status: 'Installed', requestId: 1 } },
  { action: 'LogStatusNotification', payload: { status: 'Uploaded', requestId: 3 } },
  { action: 'SecurityEventNotification', payload: { type: 'StartupOfTheDevice', timestamp: at } },
  { action: 'NotifyReport', payload: { requestId: 1, generatedAt: at, seqNo: 0 } },
  {
    action: 'NotifyEvent',
    payload: {
      generatedAt: at,
      seqNo: 0,
      eventData: [
        {
          eventId: 1,
          timestamp: at,
          trigger: 'Delta',
          actualValue: 'true',
          eventNotificationType: 'HardWiredNotification',
          component: { name: 'EVSE' },
          variable: { name: 'Problem' },
        },
      ],
    },
  },
];

describe('decideCall: every answer is valid against the official response schema', () => {
  const cases = [
    ...calls16.map((call) => ({ version: 'ocpp1.6' as const, ...call })),
    ...calls201.map((call) => ({ version: 'ocpp2.0.1' as const, ...call })),
  ];
  it.each(cases)('given a valid $version $action then the answer validates', ({ version, action, payload }) => {
    expect(validateCall(version, action, payload)).toEqual({ ok: true });
    const decision = decideCall(input(version, action, payload));
    expect(decision.kind).toBe('result');
    if (decision.kind === 'result') expect(validateResult(version, action, decision.payload)).toEqual({ ok: true });
  });

  it.each([
    { policy: 'accept' as BootPolicy, thenStatus: 'Accepted', thenInterval: 300 },
    { policy: 'pending' as BootPolicy, thenStatus: 'Pending', thenInterval: 60 },
    { policy: 'reject' as BootPolicy, thenStatus: 'Rejected', thenInterval: 60 },
  ])('given boot policy $policy then both versions answer $thenStatus every $thenInterval s', ({ policy, thenStatus, thenInterval }) => {
    for (const version of ['ocpp1.6', 'ocpp2.0.1'] as const) {
      const boot = version === 'ocpp1.6' ? calls16[0] : calls201[0];
      const decision = decideCall(input(version, 'BootNotification', boot?.payload ?? {}, { bootPolicy: policy }));
      expect(decision).toEqual({
        kind: 'result',
        payload: { currentTime: '2024-05-01T12:00:00.000Z', interval: thenInterval, status: thenStatus },
      });
    }
  });
});

describe('decideCall: specific answers', () => {
  const blocked: TokenDecision = { status: 'NotAtThisLocation', expiresAt: null, groupId: null };
  it.each<{ name: string; given: DecisionInput; then: unknown }>([
    {
      name: '1.6 Authorize with a 2.0.1-only refusal reads as Invalid',
      given: input('ocpp1.6', 'Authorize', { idTag: 'T' }, { tokenDecision: blocked }),
      then: { kind: 'result', payload: { idTagInfo: { status: 'Invalid' } } },
    },
    {
      name: '1.6 Authorize accepted carries expiry and parent tag',
      given: input('ocpp1.6', 'Authorize', { idTag: 'T' }),
      then: {
        kind: 'result',
        payload: { idTagInfo: { status: 'Accepted', expiryDate: '2024-06-01T00:00:00.000Z', parentIdTag: 'FLEET-1' } },
      },
    },
    {
      name: '2.0.1 Authorize keeps the finer status',
      given: input('ocpp2.0.1', 'Authorize', { idToken: { idToken: 'T', type: 'ISO14443' } }, { tokenDecision: blocked }),
      then: { kind: 'result', payload: { idTokenInfo: { status: 'NotAtThisLocation' } } },
    },
    {
      name: '1.6 StartTransaction returns the allocated id',
      given: input('ocpp1.6', 'StartTransaction', { connectorId: 1, idTag: 'T', meterStart: 0, timestamp: at }),
      then: {
        kind: 'result',
        payload: {
          transactionId: 4711,
          idTagInfo: { status: 'Accepted', expiryDate: '2024-06-01T00:00:00.000Z', parentIdTag: 'FLEET-1' },
        },
      },
    },
    {
      name: '2.0.1 TransactionEvent without id token answers {}',
      given: input('ocpp2.0.1', 'TransactionEvent', { eventType: 'Updated', timestamp: at, triggerReason: 'Trigger', seqNo: 2, transactionInfo: { transactionId: 'x' } }),
      then: { kind: 'result', payload: {} },
    },
    {
      name: 'DataTransfer for an unknown vendor',
      given: input('ocpp1.6', 'DataTransfer', { vendorId: 'com.unknown' }),
      then: { kind: 'result', payload: { status: 'UnknownVendorId' } },
    },
    {
      name: 'DataTransfer for a registered vendor goes to its handler',
      given: input('ocpp2.0.1', 'DataTransfer', { vendorId: 'com.example', messageId: 'ping', data: 1 }, {
        dataTransferHandlers: new Map([['com.example', (request) => ({ status: 'Accepted', data: { pong: request.data } })]]),
      }),
      then: { kind: 'result', payload: { status: 'Accepted', data: { pong: 1 } } },
    },
    {
      name: 'a 1.6 DataTransfer handler answering structured data sends it as JSON text',
      given: input('ocpp1.6', 'DataTransfer', { vendorId: 'com.example', messageId: 'ping' }, {
        dataTransferHandlers: new Map([['com.example', () => ({ status: 'Accepted', data: { pong: true } })]]),
      }),
      then: { kind: 'result', payload: { status: 'Accepted', data: '{"pong":true}' } },
    },
    {
      name: '1.6 SignCertificate is not supported',
      given: input('ocpp1.6', 'SignCertificate', { csr: 'x' }),
      then: { kind: 'error', error: { code: 'NotSupported', description: 'SignCertificate is not supported by this CSMS', details: {} } },
    },
    {
      name: '2.0.1 SignCertificate is not supported',
      given: input('ocpp2.0.1', 'SignCertificate', { csr: 'x' }),
      then: { kind: 'error', error: { code: 'NotSupported', description: 'SignCertificate is not supported by this CSMS', details: {} } },
    },
    {
      name: '2.0.1 charger action without a built-in decision is not supported',
      given: input('ocpp2.0.1', 'NotifyEVChargingNeeds', {}),
      then: { kind: 'error', error: { code: 'NotSupported', description: 'NotifyEVChargingNeeds is not supported by this CSMS', details: {} } },
    },
    {
      name: 'a missing token decision is an InternalError, not a made-up answer',
      given: input('ocpp1.6', 'Authorize', { idTag: 'T' }, { tokenDecision: null }),
      then: { kind: 'error', error: { code: 'InternalError', description: 'Authorize: the token decision was not resolved', details: {} } },
    },
    {
      name: 'a missing transaction id is an InternalError',
      given: input('ocpp1.6', 'StartTransaction', { connectorId: 1, idTag: 'T', meterStart: 0, timestamp: at }, { transactionId: null }),
      then: { kind: 'error', error: { code: 'InternalError', description: 'StartTransaction: the transaction id was not resolved', details: {} } },
    },
  ])('given $name then the decision matches', ({ given, then }) => {
    expect(decideCall(given)).toEqual(then);
  });
});

describe('requirementsOf', () => {
  it.each<{ version: OcppVersion; action: string; payload: JsonObject; then: unknown }>([
    { version: 'ocpp1.6', action: 'Heartbeat', payload: {}, then: { idToken: null, needsTransactionId: false, awaitsDurableAppend: false } },
    { version: 'ocpp1.6', action: 'Authorize', payload: { idTag: 'T' }, then: { idToken: { value: 'T', type: null }, needsTransactionId: false, awaitsDurableAppend: false } },
    {
      version: 'ocpp1.6',
      action: 'StartTransaction',
      payload: { connectorId: 1, idTag: 'T', meterStart: 0, timestamp: at },
      then: { idToken: { value: 'T', type: null }, needsTransactionId: true, awaitsDurableAppend: true },
    },
    { version: 'ocpp1.6', action: 'StopTransaction', payload: { transactionId: 1, meterStop: 0, timestamp: at }, then: { idToken: null, needsTransactionId: false, awaitsDurableAppend: true } },
    { version: 'ocpp1.6', action: 'MeterValues', payload: { connectorId: 1, meterValue: [] }, then: { idToken: null, needsTransactionId: false, awaitsDurableAppend: true } },
    {
      version: 'ocpp2.0.1',
      action: 'TransactionEvent',
      payload: { idToken: { idToken: 'T', type: 'eMAID' } },
      then: { idToken: { value: 'T', type: 'eMAID' }, needsTransactionId: false, awaitsDurableAppend: true },
    },
    {
      version: 'ocpp2.0.1',
      action: 'TransactionEvent',
      payload: { idToken: { idToken: '', type: 'NoAuthorization' } },
      then: { idToken: null, needsTransactionId: false, awaitsDurableAppend: true },
    },
    { version: 'ocpp2.0.1', action: 'MeterValues', payload: {}, then: { idToken: null, needsTransactionId: false, awaitsDurableAppend: true } },
    { version: 'ocpp2.0.1', action: 'StatusNotification', payload: {}, then: { idToken: null, needsTransactionId: false, awaitsDurableAppend: false } },
  ])('given $version $action then $then', ({ version, action, payload, then }) => {
    expect(requirementsOf(version, action, payload)).toEqual(then);
  });
});

describe('isTransactionMessage', () => {
  it.each<{ version: OcppVersion; action: string; then: boolean }>([
    { version: 'ocpp1.6', action: 'StartTransaction', then: true },
    { version: 'ocpp1.6', action: 'StopTransaction', then: true },
    { version: 'ocpp1.6', action: 'MeterValues', then: true },
    { version: 'ocpp1.6', action: 'StatusNotification', then: false },
    { version: 'ocpp1.6', action: 'TransactionEvent', then: false },
    { version: 'ocpp2.0.1', action: 'TransactionEvent', then: true },
    { version: 'ocpp2.0.1', action: 'MeterValues', then: true },
    { version: 'ocpp2.0.1', action: 'Authorize', then: false },
  ])('given $version $action then $then', ({ version, action, then }) => {
    expect(isTransactionMessage(version, action)).toBe(then);
  });
});
