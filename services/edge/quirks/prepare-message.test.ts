import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../protocol/frame.ts';
import type { OcppVersion } from '../protocol/versions.ts';
import { prepareCall, prepareResult } from './prepare-message.ts';
import { isQuirkRuleName, quirkRules } from './rule-catalogue.ts';

const receivedAt = Date.parse('2024-05-01T12:00:00.000Z');

interface RuleCase {
  readonly rule: string;
  readonly version: OcppVersion;
  readonly action: string;
  readonly given: JsonObject;
  readonly then: JsonObject;
}

/** One row per rule: a payload as a quirky charger sends it, and what the rule makes of it. */
const ruleCases: readonly RuleCase[] = [
  {
    rule: 'timestamp-without-zone-as-utc',
    version: 'ocpp1.6',
    action: 'StartTransaction',
    given: { connectorId: 1, idTag: 'T', meterStart: 0, timestamp: '2024-01-01T10:00:00' },
    then: { connectorId: 1, idTag: 'T', meterStart: 0, timestamp: '2024-01-01T10:00:00Z' },
  },
  {
    rule: 'timestamp-compact-offset',
    version: 'ocpp1.6',
    action: 'StatusNotification',
    given: { connectorId: 0, errorCode: 'NoError', status: 'Unavailable', timestamp: '2025-04-25T15:39:32+0100' },
    then: { connectorId: 0, errorCode: 'NoError', status: 'Unavailable', timestamp: '2025-04-25T15:39:32+01:00' },
  },
  {
    rule: 'numeric-string-as-number',
    version: 'ocpp2.0.1',
    action: 'StatusNotification',
    given: { timestamp: '2024-01-01T10:00:00Z', connectorStatus: 'Available', evseId: '1', connectorId: '2' },
    then: { timestamp: '2024-01-01T10:00:00Z', connectorStatus: 'Available', evseId: 1, connectorId: 2 },
  },
  {
    rule: 'number-as-string',
    version: 'ocpp1.6',
    action: 'MeterValues',
    given: { connectorId: 1, meterValue: [{ timestamp: '2022-03-25T07:59:21.000Z', sampledValue: [{ value: 12.5, unit: 'Wh' }] }] },
    then: { connectorId: 1, meterValue: [{ timestamp: '2022-03-25T07:59:21.000Z', sampledValue: [{ value: '12.5', unit: 'Wh' }] }] },
  },
  {
    rule: 'truncate-overlong-strings',
    version: 'ocpp1.6',
    action: 'BootNotification',
    given: {
      chargePointVendor: 'Schneider Electric',
      chargePointModel: 'EVlink Smart Wallbox',
      chargePointSerialNumber: '3N123456789F2S1B1234567890',
      chargeBoxSerialNumber: 'EVB1A22P2KI3N12345678901234567890',
      firmwareVersion: '3.4.0.9',
    },
    then: {
      chargePointVendor: 'Schneider Electric',
      chargePointModel: 'EVlink Smart Wallbox',
      chargePointSerialNumber: '3N123456789F2S1B123456789',
      chargeBoxSerialNumber: 'EVB1A22P2KI3N123456789012',
      firmwareVersion: '3.4.0.9',
    },
  },
  {
    rule: 'single-object-as-array',
    version: 'ocpp1.6',
    action: 'MeterValues',
    given: { connectorId: 1, transactionId: 1, meterValue: { timestamp: '2024-04-16T17:28:55.000Z', sampledValue: [{ value: '0.00', unit: 'kWh' }] } },
    then: { connectorId: 1, transactionId: 1, meterValue: [{ timestamp: '2024-04-16T17:28:55.000Z', sampledValue: [{ value: '0.00', unit: 'kWh' }] }] },
  },
  {
    rule: 'unknown-error-code-as-other-error',
    version: 'ocpp1.6',
    action: 'StatusNotification',
    given: { connectorId: 0, errorCode: 'Error', status: 'Faulted', timestamp: '2024-08-03T16:16:55Z' },
    then: { connectorId: 0, errorCode: 'OtherError', vendorErrorCode: 'Error', status: 'Faulted', timestamp: '2024-08-03T16:16:55Z' },
  },
  {
    rule: 'missing-timestamp-as-receive-time',
    version: 'ocpp1.6',
    action: 'StartTransaction',
    given: { connectorId: 1, idTag: 'T', meterStart: 0 },
    then: { connectorId: 1, idTag: 'T', meterStart: 0, timestamp: '2024-05-01T12:00:00.000Z' },
  },
  {
    rule: 'drop-undefined-properties',
    version: 'ocpp1.6',
    action: 'Authorize',
    given: { connectorId: 2, idTag: '043768e29a7' },
    then: { idTag: '043768e29a7' },
  },
  {
    rule: 'energy-kwh-labelled-wh',
    version: 'ocpp1.6',
    action: 'MeterValues',
    given: { connectorId: 1, meterValue: [{ timestamp: '2024-01-01T10:00:00Z', sampledValue: [{ value: '12.5' }, { value: '7', measurand: 'Power.Active.Import', unit: 'W' }] }] },
    then: { connectorId: 1, meterValue: [{ timestamp: '2024-01-01T10:00:00Z', sampledValue: [{ value: '12.5', unit: 'kWh' }, { value: '7', measurand: 'Power.Active.Import', unit: 'W' }] }] },
  },
];

describe('quirk rules', () => {
  it('then every rule in the catalogue has a case here', () => {
    expect(quirkRules.map((rule) => rule.name).sort()).toEqual(ruleCases.map((c) => c.rule).sort());
  });

  it.each(ruleCases)('given $rule enabled and a quirky $version $action then the payload is repaired', ({ rule, version, action, given, then }) => {
    const sent = structuredClone(given);
    const prepared = prepareCall({ version, action, payload: given, enabledRules: new Set([rule]), receivedAt });
    expect(prepared).toEqual({ ok: true, payload: then, quirksApplied: [rule] });
    expect(given).toEqual(sent);
  });

  it.each(ruleCases.filter((c) => quirkRules.find((r) => r.name === c.rule)?.trigger === 'invalid'))(
    'given $rule not enabled then the quirky $action is refused with the strict error',
    ({ version, action, given }) => {
      const prepared = prepareCall({ version, action, payload: given, enabledRules: new Set(), receivedAt });
      expect(prepared.ok).toBe(false);
    },
  );
});

describe('prepareCall', () => {
  /** A StartTransaction with its connector id as text and a timestamp without zone, both rules for them enabled. */
  const prepareStartWithZonelessTimestamp = (connectorIdText: string) =>
    prepareCall({
      version: 'ocpp1.6',
      action: 'StartTransaction',
      payload: { connectorId: connectorIdText, idTag: 'T', meterStart: 0, timestamp: '2024-01-01T10:00:00' },
      enabledRules: new Set(['numeric-string-as-number', 'timestamp-without-zone-as-utc']),
      receivedAt,
    });

  it('given a valid payload then nothing is applied, even with every rule enabled', () => {
    const payload = { connectorId: 1, idTag: 'T', meterStart: 0, timestamp: '2024-01-01T10:00:00Z' };
    const all = new Set(quirkRules.map((rule) => rule.name));
    expect(prepareCall({ version: 'ocpp1.6', action: 'StartTransaction', payload, enabledRules: all, receivedAt })).toEqual({
      ok: true,
      payload,
      quirksApplied: [],
    });
  });

  it('given two quirks in one payload then both rules apply and both are named', () => {
    const prepared = prepareStartWithZonelessTimestamp('1');
    expect(prepared).toEqual({
      ok: true,
      payload: { connectorId: 1, idTag: 'T', meterStart: 0, timestamp: '2024-01-01T10:00:00Z' },
      quirksApplied: ['numeric-string-as-number', 'timestamp-without-zone-as-utc'],
    });
  });

  it('given a payload the enabled rules cannot fully repair then the error describes the payload as sent', () => {
    const prepared = prepareStartWithZonelessTimestamp('one');
    expect(prepared.ok).toBe(false);
    if (!prepared.ok) {
      expect(prepared.error.code).toBe('TypeConstraintViolation');
      expect(prepared.violations.map((v) => v.path).sort()).toEqual(['/connectorId', '/timestamp']);
    }
  });

  it('given a CALLRESULT with a number where 1.6 wants a string then prepareResult repairs it', () => {
    const prepared = prepareResult({
      version: 'ocpp1.6',
      action: 'GetConfiguration',
      payload: { configurationKey: [{ key: 'NumberOfConnectors', readonly: true, value: 1 }] },
      enabledRules: new Set(['number-as-string']),
      receivedAt,
    });
    expect(prepared).toEqual({
      ok: true,
      payload: { configurationKey: [{ key: 'NumberOfConnectors', readonly: true, value: '1' }] },
      quirksApplied: ['number-as-string'],
    });
  });

  it.each([
    { given: 'truncate-overlong-strings', then: true },
    { given: 'no-such-rule', then: false },
  ])('given rule name $given then isQuirkRuleName is $then', ({ given, then }) => {
    expect(isQuirkRuleName(given)).toBe(then);
  });
});
