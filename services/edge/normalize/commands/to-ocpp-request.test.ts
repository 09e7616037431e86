import { describe, expect, it } from 'vitest';
import { validateCall } from '../../protocol/validate.ts';
import type { OcppVersion } from '../../protocol/versions.ts';
import type { ChargingProfile, RemoteCommand } from './remote-command.ts';
import { toOcppRequest } from './to-ocpp-request.ts';

const at = Date.parse('2024-05-01T12:00:00.000Z');
const profile: ChargingProfile = {
  id: 7,
  stackLevel: 1,
  purpose: 'TxDefault',
  kind: 'Absolute',
  recurrency: null,
  validFrom: at,
  validTo: null,
  transactionId: null,
  schedule: { id: 1, startAt: at, durationSeconds: 3600, rateUnit: 'A', periods: [{ startSeconds: 0, limit: 16, phases: 3 }, { startSeconds: 1800, limit: 8.5, phases: null }], minRate: null },
};

/** `profile.schedule` as each version writes it. */
const periodsOnWire = [{ startPeriod: 0, limit: 16, numberPhases: 3 }, { startPeriod: 1800, limit: 8.5 }];
const schedule16 = { duration: 3600, startSchedule: '2024-05-01T12:00:00.000Z', chargingRateUnit: 'A', chargingSchedulePeriod: periodsOnWire };
const schedule201 = [{ id: 1, startSchedule: '2024-05-01T12:00:00.000Z', duration: 3600, chargingRateUnit: 'A', chargingSchedulePeriod: periodsOnWire }];

interface Case {
  readonly command: RemoteCommand;
  readonly then16: { action: string; payload: unknown } | string;
  readonly then201: { action: string; payload: unknown } | string;
}

const cases: readonly Case[] = [
  {
    command: { type: 'StartSession', evseId: 1, idToken: { value: 'TAG', type: 'ISO14443' }, remoteStartId: 12, chargingProfile: null },
    then16: { action: 'RemoteStartTransaction', payload: { connectorId: 1, idTag: 'TAG' } },
    then201: { action: 'RequestStartTransaction', payload: { evseId: 1, remoteStartId: 12, idToken: { idToken: 'TAG', type: 'ISO14443' } } },
  },
  {
    command: { type: 'StartSession', evseId: null, idToken: { value: 'TAG', type: 'Central' }, remoteStartId: 13, chargingProfile: { ...profile, purpose: 'Tx' } },
    then16: {
      action: 'RemoteStartTransaction',
      payload: {
        idTag: 'TAG',
        chargingProfile: {
          chargingProfileId: 7, stackLevel: 1, chargingProfilePurpose: 'TxProfile', chargingProfileKind: 'Absolute', validFrom: '2024-05-01T12:00:00.000Z',
          chargingSchedule: schedule16,
        },
      },
    },
    then201: {
      action: 'RequestStartTransaction',
      payload: {
        remoteStartId: 13,
        idToken: { idToken: 'TAG', type: 'Central' },
        chargingProfile: {
          id: 7, stackLevel: 1, chargingProfilePurpose: 'TxProfile', chargingProfileKind: 'Absolute', validFrom: '2024-05-01T12:00:00.000Z',
          chargingSchedule: schedule201,
        },
      },
    },
  },
  {
    command: { type: 'StartSession', evseId: 1, idToken: { value: 'TAG', type: null }, remoteStartId: 14, chargingProfile: null },
    then16: { action: 'RemoteStartTransaction', payload: { connectorId: 1, idTag: 'TAG' } },
    then201: '2.0.1 needs the id token type',
  },
  {
    command: { type: 'StopSession', transactionId: '42' },
    then16: { action: 'RemoteStopTransaction', payload: { transactionId: 42 } },
    then201: { action: 'RequestStopTransaction', payload: { transactionId: '42' } },
  },
  {
    command: { type: 'StopSession', transactionId: 'tx-9' },
    then16: "1.6 transaction ids are integers, not 'tx-9'",
    then201: { action: 'RequestStopTransaction', payload: { transactionId: 'tx-9' } },
  },
  {
    command: { type: 'Reset', mode: 'Graceful' },
    then16: { action: 'Reset', payload: { type: 'Soft' } },
    then201: { action: 'Reset', payload: { type: 'OnIdle' } },
  },
  {
    command: { type: 'Reset', mode: 'Immediate' },
    then16: { action: 'Reset', payload: { type: 'Hard' } },
    then201: { action: 'Reset', payload: { type: 'Immediate' } },
  },
  {
    command: { type: 'UnlockConnector', evseId: 2, connectorId: 1 },
    then16: { action: 'UnlockConnector', payload: { connectorId: 2 } },
    then201: { action: 'UnlockConnector', payload: { evseId: 2, connectorId: 1 } },
  },
  {
    command: { type: 'ChangeAvailability', evseId: 0, connectorId: null, operational: false },
    then16: { action: 'ChangeAvailability', payload: { connectorId: 0, type: 'Inoperative' } },
    then201: { action: 'ChangeAvailability', payload: { operationalStatus: 'Inoperative' } },
  },
  {
    command: { type: 'ChangeAvailability', evseId: 1, connectorId: 2, operational: true },
    then16: { action: 'ChangeAvailability', payload: { connectorId: 1, type: 'Operative' } },
    then201: { action: 'ChangeAvailability', payload: { operationalStatus: 'Operative', evse: { id: 1, connectorId: 2 } } },
  },
  {
    command: { type: 'GetSettings', settings: [] },
    then16: { action: 'GetConfiguration', payload: {} },
    then201: '2.0.1 GetVariables needs at least one setting, each with its component',
  },
  {
    command: { type: 'GetSettings', settings: [{ component: 'OCPPCommCtrlr', variable: 'HeartbeatInterval' }] },
    then16: { action: 'GetConfiguration', payload: { key: ['HeartbeatInterval'] } },
    then201: { action: 'GetVariables', payload: { getVariableData: [{ component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' } }] } },
  },
  {
    command: { type: 'ChangeSettings', settings: [{ component: 'OCPPCommCtrlr', variable: 'HeartbeatInterval', value: '300' }] },
    then16: { action: 'ChangeConfiguration', payload: { key: 'HeartbeatInterval', value: '300' } },
    then201: { action: 'SetVariables', payload: { setVariableData: [{ component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' }, attributeValue: '300' }] } },
  },
  {
    command: { type: 'ChangeSettings', settings: [{ component: null, variable: 'A', value: '1' }, { component: null, variable: 'B', value: '2' }] },
    then16: '1.6 ChangeConfiguration sets exactly one key per request',
    then201: '2.0.1 SetVariables needs at least one setting, each with its component',
  },
  {
    command: { type: 'TriggerMessage', message: 'StatusNotification', evseId: 1 },
    then16: { action: 'TriggerMessage', payload: { requestedMessage: 'StatusNotification', connectorId: 1 } },
    then201: { action: 'TriggerMessage', payload: { requestedMessage: 'StatusNotification', evse: { id: 1 } } },
  },
  {
    command: { type: 'TriggerMessage', message: 'LogStatusNotification', evseId: null },
    then16: { action: 'ExtendedTriggerMessage', payload: { requestedMessage: 'LogStatusNotification' } },
    then201: { action: 'TriggerMessage', payload: { requestedMessage: 'LogStatusNotification' } },
  },
  {
    command: { type: 'TriggerMessage', message: 'TransactionEvent', evseId: 1 },
    then16: '1.6 cannot trigger TransactionEvent',
    then201: { action: 'TriggerMessage', payload: { requestedMessage: 'TransactionEvent', evse: { id: 1 } } },
  },
  {
    command: { type: 'UpdateFirmware', requestId: 5, location: 'https://fw.example/v2.bin', retrieveAt: at, retries: 3, retryIntervalSeconds: 60 },
    then16: { action: 'UpdateFirmware', payload: { location: 'https://fw.example/v2.bin', retrieveDate: '2024-05-01T12:00:00.000Z', retries: 3, retryInterval: 60 } },
    then201: {
      action: 'UpdateFirmware',
      payload: { requestId: 5, retries: 3, retryInterval: 60, firmware: { location: 'https://fw.example/v2.bin', retrieveDateTime: '2024-05-01T12:00:00.000Z' } },
    },
  },
  {
    command: { type: 'UploadLog', requestId: 6, logType: 'DiagnosticsLog', location: 'ftp://logs.example/', from: at, to: null, retries: null, retryIntervalSeconds: null },
    then16: { action: 'GetDiagnostics', payload: { location: 'ftp://logs.example/', startTime: '2024-05-01T12:00:00.000Z' } },
    then201: { action: 'GetLog', payload: { logType: 'DiagnosticsLog', requestId: 6, log: { remoteLocation: 'ftp://logs.example/', oldestTimestamp: '2024-05-01T12:00:00.000Z' } } },
  },
  {
    command: { type: 'UploadLog', requestId: 7, logType: 'SecurityLog', location: 'ftp://logs.example/', from: null, to: null, retries: 1, retryIntervalSeconds: null },
    then16: { action: 'GetLog', payload: { logType: 'SecurityLog', requestId: 7, retries: 1, log: { remoteLocation: 'ftp://logs.example/' } } },
    then201: { action: 'GetLog', payload: { logType: 'SecurityLog', requestId: 7, retries: 1, log: { remoteLocation: 'ftp://logs.example/' } } },
  },
  {
    command: { type: 'SetChargingProfile', evseId: 0, profile: { ...profile, purpose: 'ChargerMax', kind: 'Recurring', recurrency: 'Daily' } },
    then16: {
      action: 'SetChargingProfile',
      payload: {
        connectorId: 0,
        csChargingProfiles: {
          chargingProfileId: 7, stackLevel: 1, chargingProfilePurpose: 'ChargePointMaxProfile', chargingProfileKind: 'Recurring', recurrencyKind: 'Daily', validFrom: '2024-05-01T12:00:00.000Z',
          chargingSchedule: schedule16,
        },
      },
    },
    then201: {
      action: 'SetChargingProfile',
      payload: {
        evseId: 0,
        chargingProfile: {
          id: 7, stackLevel: 1, chargingProfilePurpose: 'ChargingStationMaxProfile', chargingProfileKind: 'Recurring', recurrencyKind: 'Daily', validFrom: '2024-05-01T12:00:00.000Z',
          chargingSchedule: schedule201,
        },
      },
    },
  },
  {
    command: { type: 'SetChargingProfile', evseId: 1, profile: { ...profile, purpose: 'Tx', transactionId: 'tx-9' } },
    then16: "1.6 transaction ids are integers, not 'tx-9'",
    then201: {
      action: 'SetChargingProfile',
      payload: {
        evseId: 1,
        chargingProfile: {
          id: 7, stackLevel: 1, chargingProfilePurpose: 'TxProfile', chargingProfileKind: 'Absolute', validFrom: '2024-05-01T12:00:00.000Z', transactionId: 'tx-9',
          chargingSchedule: schedule201,
        },
      },
    },
  },
  {
    command: { type: 'ClearChargingProfile', profileId: 7, evseId: null, purpose: null, stackLevel: null },
    then16: { action: 'ClearChargingProfile', payload: { id: 7 } },
    then201: { action: 'ClearChargingProfile', payload: { chargingProfileId: 7 } },
  },
  {
    command: { type: 'ClearChargingProfile', profileId: null, evseId: 1, purpose: 'TxDefault', stackLevel: 2 },
    then16: { action: 'ClearChargingProfile', payload: { connectorId: 1, chargingProfilePurpose: 'TxDefaultProfile', stackLevel: 2 } },
    then201: { action: 'ClearChargingProfile', payload: { chargingProfileCriteria: { evseId: 1, chargingProfilePurpose: 'TxDefaultProfile', stackLevel: 2 } } },
  },
  {
    command: { type: 'ReserveNow', reservationId: 31, evseId: 2, expiresAt: at, idToken: { value: 'TAG', type: 'ISO14443' }, groupId: 'FLEET-7' },
    then16: { action: 'ReserveNow', payload: { connectorId: 2, expiryDate: '2024-05-01T12:00:00.000Z', idTag: 'TAG', reservationId: 31, parentIdTag: 'FLEET-7' } },
    then201: {
      action: 'ReserveNow',
      payload: { id: 31, expiryDateTime: '2024-05-01T12:00:00.000Z', idToken: { idToken: 'TAG', type: 'ISO14443' }, evseId: 2, groupIdToken: { idToken: 'FLEET-7', type: 'Central' } },
    },
  },
  {
    command: { type: 'ReserveNow', reservationId: 32, evseId: null, expiresAt: at, idToken: { value: 'TAG', type: null }, groupId: 'A-GROUP-ID-LONGER-THAN-20' },
    then16: { action: 'ReserveNow', payload: { connectorId: 0, expiryDate: '2024-05-01T12:00:00.000Z', idTag: 'TAG', reservationId: 32 } },
    then201: '2.0.1 needs the id token type',
  },
  {
    command: { type: 'CancelReservation', reservationId: 31 },
    then16: { action: 'CancelReservation', payload: { reservationId: 31 } },
    then201: { action: 'CancelReservation', payload: { reservationId: 31 } },
  },
  {
    command: { type: 'GetCompositeSchedule', evseId: 1, duration: 900, chargingRateUnit: 'W' },
    then16: { action: 'GetCompositeSchedule', payload: { connectorId: 1, duration: 900, chargingRateUnit: 'W' } },
    then201: { action: 'GetCompositeSchedule', payload: { evseId: 1, duration: 900, chargingRateUnit: 'W' } },
  },
  {
    command: { type: 'GetCompositeSchedule', evseId: 0, duration: 60, chargingRateUnit: null },
    then16: { action: 'GetCompositeSchedule', payload: { connectorId: 0, duration: 60 } },
    then201: { action: 'GetCompositeSchedule', payload: { evseId: 0, duration: 60 } },
  },
  {
    command: { type: 'ClearCache' },
    then16: { action: 'ClearCache', payload: {} },
    then201: { action: 'ClearCache', payload: {} },
  },
];

const rows = cases.flatMap((c) => [
  { version: 'ocpp1.6' as OcppVersion, type: c.command.type, command: c.command, then: c.then16 },
  { version: 'ocpp2.0.1' as OcppVersion, type: c.command.type, command: c.command, then: c.then201 },
]);

describe('toOcppRequest', () => {
  it.each(rows)('given $type for $version then the request is $then', ({ version, command, then }) => {
    const produced = toOcppRequest(version, command);
    if (typeof then === 'string') {
      expect(produced).toEqual({ ok: false, reason: then });
      return;
    }
    expect(produced).toEqual({ ok: true, ...then });
    if (produced.ok) expect(validateCall(version, produced.action, produced.payload)).toEqual({ ok: true });
  });
});
