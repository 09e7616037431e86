import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../protocol/frame.ts';
import { validateResult } from '../../protocol/validate.ts';
import type { OcppVersion } from '../../protocol/versions.ts';
import { toCommandOutcome, type CommandOutcome } from './command-outcome.ts';
import type { RemoteCommand } from './remote-command.ts';
import { toOcppRequest } from './to-ocpp-request.ts';

const none = { reason: null, settings: [], transactionId: null, fileName: null };
const at = Date.parse('2024-05-01T12:00:00.000Z');

interface Case {
  readonly name: string;
  readonly version: OcppVersion;
  readonly command: RemoteCommand;
  readonly answer: JsonObject;
  readonly then: CommandOutcome;
}

const cases: readonly Case[] = [
  {
    name: '1.6 unlock succeeded',
    version: 'ocpp1.6',
    command: { type: 'UnlockConnector', evseId: 1, connectorId: 1 },
    answer: { status: 'Unlocked' },
    then: { ...none, status: 'Accepted', ocppStatus: 'Unlocked' },
  },
  {
    name: '2.0.1 unlock refused during a session, with a reason',
    version: 'ocpp2.0.1',
    command: { type: 'UnlockConnector', evseId: 1, connectorId: 1 },
    answer: { status: 'OngoingAuthorizedTransaction', statusInfo: { reasonCode: 'TxInProgress' } },
    then: { ...none, status: 'Rejected', ocppStatus: 'OngoingAuthorizedTransaction', reason: 'TxInProgress' },
  },
  {
    name: '2.0.1 availability change scheduled',
    version: 'ocpp2.0.1',
    command: { type: 'ChangeAvailability', evseId: 0, connectorId: null, operational: false },
    answer: { status: 'Scheduled' },
    then: { ...none, status: 'Scheduled', ocppStatus: 'Scheduled' },
  },
  {
    name: '1.6 reservation refused: the connector is occupied',
    version: 'ocpp1.6',
    command: { type: 'ReserveNow', reservationId: 3, evseId: 1, expiresAt: at, idToken: { value: 'T', type: null }, groupId: null },
    answer: { status: 'Occupied' },
    then: { ...none, status: 'Rejected', ocppStatus: 'Occupied' },
  },
  {
    name: '2.0.1 reservation cancelled',
    version: 'ocpp2.0.1',
    command: { type: 'CancelReservation', reservationId: 3 },
    answer: { status: 'Accepted' },
    then: { ...none, status: 'Accepted', ocppStatus: 'Accepted' },
  },
  {
    name: '1.6 trigger not implemented',
    version: 'ocpp1.6',
    command: { type: 'TriggerMessage', message: 'MeterValues', evseId: 1 },
    answer: { status: 'NotImplemented' },
    then: { ...none, status: 'NotSupported', ocppStatus: 'NotImplemented' },
  },
  {
    name: '2.0.1 remote start returns a transaction id',
    version: 'ocpp2.0.1',
    command: { type: 'StartSession', evseId: 1, idToken: { value: 'T', type: 'Central' }, remoteStartId: 1, chargingProfile: null },
    answer: { status: 'Accepted', transactionId: 'tx-1' },
    then: { ...none, status: 'Accepted', ocppStatus: 'Accepted', transactionId: 'tx-1' },
  },
  {
    name: '1.6 firmware update answer is empty',
    version: 'ocpp1.6',
    command: { type: 'UpdateFirmware', requestId: 1, location: 'https://x/fw', retrieveAt: at, retries: null, retryIntervalSeconds: null },
    answer: {},
    then: { ...none, status: 'Accepted', ocppStatus: 'Accepted' },
  },
  {
    name: '1.6 diagnostics with a file',
    version: 'ocpp1.6',
    command: { type: 'UploadLog', requestId: 1, logType: 'DiagnosticsLog', location: 'ftp://x/', from: null, to: null, retries: null, retryIntervalSeconds: null },
    answer: { fileName: 'diag.zip' },
    then: { ...none, status: 'Accepted', ocppStatus: 'Accepted', fileName: 'diag.zip' },
  },
  {
    name: '1.6 diagnostics with nothing to upload',
    version: 'ocpp1.6',
    command: { type: 'UploadLog', requestId: 1, logType: 'DiagnosticsLog', location: 'ftp://x/', from: null, to: null, retries: null, retryIntervalSeconds: null },
    answer: {},
    then: { ...none, status: 'Rejected', ocppStatus: 'Rejected' },
  },
  {
    name: '2.0.1 log upload accepted, cancelling an earlier one',
    version: 'ocpp2.0.1',
    command: { type: 'UploadLog', requestId: 2, logType: 'SecurityLog', location: 'ftp://x/', from: null, to: null, retries: null, retryIntervalSeconds: null },
    answer: { status: 'AcceptedCanceled', filename: 'sec.log' },
    then: { ...none, status: 'Accepted', ocppStatus: 'AcceptedCanceled', fileName: 'sec.log' },
  },
  {
    name: '1.6 configuration with an unknown key',
    version: 'ocpp1.6',
    command: { type: 'GetSettings', settings: [{ component: null, variable: 'HeartbeatInterval' }, { component: null, variable: 'Nope' }] },
    answer: { configurationKey: [{ key: 'HeartbeatInterval', readonly: false, value: '300' }], unknownKey: ['Nope'] },
    then: {
      ...none,
      status: 'NotSupported',
      ocppStatus: 'UnknownKey',
      settings: [
        { component: null, variable: 'HeartbeatInterval', status: 'Accepted', ocppStatus: 'Accepted', value: '300', readonly: false },
        { component: null, variable: 'Nope', status: 'NotSupported', ocppStatus: 'UnknownKey', value: null, readonly: null },
      ],
    },
  },
  {
    name: '2.0.1 variables read',
    version: 'ocpp2.0.1',
    command: { type: 'GetSettings', settings: [{ component: 'OCPPCommCtrlr', variable: 'HeartbeatInterval' }] },
    answer: { getVariableResult: [{ attributeStatus: 'Accepted', attributeValue: '300', component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' } }] },
    then: {
      ...none,
      status: 'Accepted',
      ocppStatus: 'Accepted',
      settings: [{ component: 'OCPPCommCtrlr', variable: 'HeartbeatInterval', status: 'Accepted', ocppStatus: 'Accepted', value: '300', readonly: null }],
    },
  },
  {
    name: '1.6 configuration change needs a reboot',
    version: 'ocpp1.6',
    command: { type: 'ChangeSettings', settings: [{ component: null, variable: 'MeterValueSampleInterval', value: '60' }] },
    answer: { status: 'RebootRequired' },
    then: {
      ...none,
      status: 'Scheduled',
      ocppStatus: 'RebootRequired',
      settings: [{ component: null, variable: 'MeterValueSampleInterval', status: 'Scheduled', ocppStatus: 'RebootRequired', value: '60', readonly: null }],
    },
  },
  {
    name: '2.0.1 variables set, one unknown',
    version: 'ocpp2.0.1',
    command: {
      type: 'ChangeSettings',
      settings: [
        { component: 'OCPPCommCtrlr', variable: 'HeartbeatInterval', value: '60' },
        { component: 'Foo', variable: 'Bar', value: '1' },
      ],
    },
    answer: {
      setVariableResult: [
        { attributeStatus: 'Accepted', component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' } },
        { attributeStatus: 'UnknownComponent', component: { name: 'Foo' }, variable: { name: 'Bar' } },
      ],
    },
    then: {
      ...none,
      status: 'NotSupported',
      ocppStatus: 'UnknownComponent',
      settings: [
        { component: 'OCPPCommCtrlr', variable: 'HeartbeatInterval', status: 'Accepted', ocppStatus: 'Accepted', value: null, readonly: null },
        { component: 'Foo', variable: 'Bar', status: 'NotSupported', ocppStatus: 'UnknownComponent', value: null, readonly: null },
      ],
    },
  },
  {
    name: '1.6 clear charging profile found nothing',
    version: 'ocpp1.6',
    command: { type: 'ClearChargingProfile', profileId: 9, evseId: null, purpose: null, stackLevel: null },
    answer: { status: 'Unknown' },
    then: { ...none, status: 'Unknown', ocppStatus: 'Unknown' },
  },
];

describe('toCommandOutcome', () => {
  it.each(cases)('given $name then the outcome is $then.status', ({ version, command, answer, then }) => {
    const sent = toOcppRequest(version, command);
    expect(sent.ok).toBe(true);
    if (sent.ok) expect(validateResult(version, sent.action, answer)).toEqual({ ok: true });
    expect(toCommandOutcome(version, command, { kind: 'result', payload: answer })).toEqual(then);
  });

  it('given a CALLERROR answer then the outcome is CallError with its code and description', () => {
    expect(
      toCommandOutcome('ocpp2.0.1', { type: 'ClearCache' }, { kind: 'error', errorCode: 'NotSupported', errorDescription: 'no cache' }),
    ).toEqual({ ...none, status: 'CallError', ocppStatus: 'NotSupported', reason: 'no cache' });
  });
});
