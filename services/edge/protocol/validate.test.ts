import { describe, expect, it } from 'vitest';
import { validateCall, validateResult } from './validate.ts';
import type { OcppVersion } from './versions.ts';

describe('validateCall', () => {
  it.each<{ version: OcppVersion; action: string; given: unknown }>([
    { version: 'ocpp1.6', action: 'BootNotification', given: { chargePointVendor: 'V', chargePointModel: 'M' } },
    { version: 'ocpp1.6', action: 'Heartbeat', given: {} },
    {
      version: 'ocpp1.6',
      action: 'MeterValues',
      given: { connectorId: 1, meterValue: [{ timestamp: '2024-01-01T10:00:00Z', sampledValue: [{ value: '12.5' }] }] },
    },
    { version: 'ocpp1.6', action: 'SecurityEventNotification', given: { type: 'FirmwareUpdated', timestamp: '2024-01-01T10:00:00Z' } },
    {
      version: 'ocpp2.0.1',
      action: 'BootNotification',
      given: { reason: 'PowerUp', chargingStation: { model: 'M', vendorName: 'V' } },
    },
    {
      version: 'ocpp2.0.1',
      action: 'StatusNotification',
      given: { timestamp: '2024-01-01T10:00:00.123+01:00', connectorStatus: 'Available', evseId: 1, connectorId: 1 },
    },
  ])('given a valid $version $action then it passes', ({ version, action, given }) => {
    expect(validateCall(version, action, given)).toEqual({ ok: true });
  });

  it.each<{ version: OcppVersion; action: string; given: unknown; thenCode: string; thenPath: string }>([
    { version: 'ocpp1.6', action: 'BootNotification', given: { chargePointVendor: 'V' }, thenCode: 'OccurenceConstraintViolation', thenPath: '/chargePointModel' },
    { version: 'ocpp2.0.1', action: 'BootNotification', given: { reason: 'PowerUp' }, thenCode: 'OccurrenceConstraintViolation', thenPath: '/chargingStation' },
    { version: 'ocpp1.6', action: 'StartTransaction', given: { connectorId: '1', idTag: 'T', meterStart: 0, timestamp: '2024-01-01T10:00:00Z' }, thenCode: 'TypeConstraintViolation', thenPath: '/connectorId' },
    { version: 'ocpp1.6', action: 'StatusNotification', given: { connectorId: 1, errorCode: 'NoError', status: 'Sleeping' }, thenCode: 'PropertyConstraintViolation', thenPath: '/status' },
    { version: 'ocpp1.6', action: 'Authorize', given: { idTag: 'T'.repeat(21) }, thenCode: 'PropertyConstraintViolation', thenPath: '/idTag' },
    { version: 'ocpp1.6', action: 'StartTransaction', given: { connectorId: 1, idTag: 'T', meterStart: 0, timestamp: '2024-01-01T10:00:00' }, thenCode: 'PropertyConstraintViolation', thenPath: '/timestamp' },
    { version: 'ocpp1.6', action: 'StatusNotification', given: { connectorId: 0, errorCode: 'NoError', status: 'Available', timestamp: '2024-01-01T10:00:00+0100' }, thenCode: 'PropertyConstraintViolation', thenPath: '/timestamp' },
    { version: 'ocpp2.0.1', action: 'Heartbeat', given: { customData: { vendorId: 'x' }, extra: 1 }, thenCode: 'ProtocolError', thenPath: '/extra' },
    {
      version: 'ocpp1.6',
      action: 'BootNotification',
      given: { chargePointVendor: 'Schneider Electric', chargePointModel: 'EVlink', chargePointSerialNumber: '3N123456789F2S1B1234567890' },
      thenCode: 'PropertyConstraintViolation',
      thenPath: '/chargePointSerialNumber',
    },
    { version: 'ocpp1.6', action: 'Heartbeat', given: { extra: true }, thenCode: 'FormationViolation', thenPath: '/extra' },
    { version: 'ocpp2.0.1', action: 'Heartbeat', given: { extra: true }, thenCode: 'ProtocolError', thenPath: '/extra' },
    { version: 'ocpp1.6', action: 'Heartbeat', given: 'x', thenCode: 'FormationViolation', thenPath: '' },
    { version: 'ocpp2.0.1', action: 'Heartbeat', given: [], thenCode: 'FormatViolation', thenPath: '' },
    { version: 'ocpp2.0.1', action: 'MeterValues', given: { evseId: 1, meterValue: [] }, thenCode: 'OccurrenceConstraintViolation', thenPath: '/meterValue' },
    { version: 'ocpp2.0.1', action: 'NotAnAction', given: {}, thenCode: 'NotImplemented', thenPath: '' },
  ])('given $version $action with a broken payload then $thenCode at $thenPath', ({ version, action, given, thenCode, thenPath }) => {
    const outcome = validateCall(version, action, given);
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) {
      expect(outcome.error.code).toBe(thenCode);
      if (thenCode !== 'NotImplemented') expect(outcome.violations.map((v) => v.path)).toContain(thenPath);
    }
  });

  it('given several broken fields then the CALLERROR names the type error and details list them all', () => {
    const outcome = validateCall('ocpp1.6', 'StatusNotification', { connectorId: 'one', status: 'Sleeping' });
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) {
      expect(outcome.error.code).toBe('TypeConstraintViolation');
      expect(outcome.error.details['violations']).toHaveLength(3);
    }
  });
});

describe('validateResult', () => {
  it.each<{ version: OcppVersion; action: string; given: unknown; thenOk: boolean }>([
    { version: 'ocpp1.6', action: 'Reset', given: { status: 'Accepted' }, thenOk: true },
    { version: 'ocpp1.6', action: 'Reset', given: { status: 'Maybe' }, thenOk: false },
    { version: 'ocpp2.0.1', action: 'GetVariables', given: { getVariableResult: [] }, thenOk: false },
    {
      version: 'ocpp2.0.1',
      action: 'GetVariables',
      given: { getVariableResult: [{ attributeStatus: 'Accepted', attributeValue: '5', component: { name: 'C' }, variable: { name: 'V' } }] },
      thenOk: true,
    },
  ])('given $version $action answer $given then ok is $thenOk', ({ version, action, given, thenOk }) => {
    expect(validateResult(version, action, given).ok).toBe(thenOk);
  });
});
