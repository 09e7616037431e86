import { isJsonObject, type JsonObject } from '../../protocol/frame.ts';
import type { OcppVersion } from '../../protocol/versions.ts';
import type { ChangeSettings, RemoteCommand } from './remote-command.ts';

/** How the charger answered a command: its CALLRESULT payload (validated) or its CALLERROR. */
export type CommandAnswer =
  | { readonly kind: 'result'; readonly payload: JsonObject }
  | { readonly kind: 'error'; readonly errorCode: string; readonly errorDescription: string };

/** The outcome scale of the CommandAnswered event (schemas/ocpp/CommandOutcome.avsc). */
export type CommonCommandStatus = 'Accepted' | 'Scheduled' | 'Rejected' | 'NotSupported' | 'CallError' | 'Unknown';

export interface SettingOutcome {
  readonly component: string | null;
  readonly variable: string;
  readonly status: CommonCommandStatus;
  readonly ocppStatus: string;
  readonly value: string | null;
  readonly readonly: boolean | null;
}

export interface CommandOutcome {
  readonly status: CommonCommandStatus;
  /** The status word the charger used ('Unlocked', 'AcceptedCanceled', ...) or the CALLERROR code. */
  readonly ocppStatus: string;
  /** 2.0.1 statusInfo.reasonCode, or the CALLERROR description. */
  readonly reason: string | null;
  /** Per-setting answers of GetSettings / ChangeSettings. */
  readonly settings: readonly SettingOutcome[];
  /** A started session's id when the charger already knows it (2.0.1 RequestStartTransaction). */
  readonly transactionId: string | null;
  /** The file a log upload will write, when the charger names it. */
  readonly fileName: string | null;
}

/**
 * Every status word either version answers with, folded onto the common scale. RebootRequired is a
 * change that takes effect later, as Scheduled is; the exact word stays in ocppStatus.
 */
const commonStatus: Readonly<Record<string, CommonCommandStatus>> = {
  Accepted: 'Accepted',
  AcceptedCanceled: 'Accepted',
  Unlocked: 'Accepted',
  Scheduled: 'Scheduled',
  RebootRequired: 'Scheduled',
  Rejected: 'Rejected',
  /** ReserveNow refusals: the EVSE is taken, broken or switched off. */
  Occupied: 'Rejected',
  Faulted: 'Rejected',
  Unavailable: 'Rejected',
  OngoingAuthorizedTransaction: 'Rejected',
  UnknownConnector: 'Rejected',
  InvalidCertificate: 'Rejected',
  RevokedCertificate: 'Rejected',
  NotSupported: 'NotSupported',
  NotImplemented: 'NotSupported',
  UnknownComponent: 'NotSupported',
  UnknownVariable: 'NotSupported',
  /** Not an OCPP status word: how a key listed in a 1.6 GetConfiguration.conf unknownKey is reported. */
  UnknownKey: 'NotSupported',
  NotSupportedAttributeType: 'NotSupported',
  UnlockFailed: 'Rejected',
  Unknown: 'Unknown',
};

const statusOf = (ocppStatus: string): CommonCommandStatus => commonStatus[ocppStatus] ?? 'Unknown';

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

function outcome(ocppStatus: string, payload: JsonObject, extra: Partial<CommandOutcome> = {}): CommandOutcome {
  const statusInfo = payload['statusInfo'];
  return {
    status: statusOf(ocppStatus),
    ocppStatus,
    reason: isJsonObject(statusInfo) ? text(statusInfo['reasonCode']) : null,
    settings: [],
    transactionId: null,
    fileName: null,
    ...extra,
  };
}

/** 1.6 GetConfiguration lists known keys and, apart, the keys it does not know. */
function configurationOutcomes(payload: JsonObject): SettingOutcome[] {
  const known = Array.isArray(payload['configurationKey']) ? payload['configurationKey'].filter(isJsonObject) : [];
  const unknown = Array.isArray(payload['unknownKey']) ? payload['unknownKey'].filter((k) => typeof k === 'string') : [];
  return [
    ...known.map((entry) => ({
      component: null,
      variable: String(entry['key']),
      status: 'Accepted' as const,
      ocppStatus: 'Accepted',
      value: text(entry['value']),
      readonly: typeof entry['readonly'] === 'boolean' ? entry['readonly'] : null,
    })),
    ...unknown.map((key) => ({ component: null, variable: key, status: 'NotSupported' as const, ocppStatus: 'UnknownKey', value: null, readonly: null })),
  ];
}

function variableOutcomes(results: unknown): SettingOutcome[] {
  if (!Array.isArray(results)) return [];
  return results.filter(isJsonObject).map((result) => {
    const component = isJsonObject(result['component']) ? text(result['component']['name']) : null;
    const variable = isJsonObject(result['variable']) ? (text(result['variable']['name']) ?? '') : '';
    const ocppStatus = text(result['attributeStatus']) ?? 'Unknown';
    return { component, variable, status: statusOf(ocppStatus), ocppStatus, value: text(result['attributeValue']), readonly: null };
  });
}

/** 1.6 answers one ChangeConfiguration with one status; 2.0.1 answers each variable. */
function changedSettingOutcomes16(command: ChangeSettings, payload: JsonObject): SettingOutcome[] {
  const setting = command.settings[0];
  const status = text(payload['status']);
  if (setting === undefined || status === null) return [];
  return [{ component: setting.component, variable: setting.variable, status: statusOf(status), ocppStatus: status, value: setting.value, readonly: null }];
}

const settingsReaders: Readonly<
  Record<OcppVersion, { readonly got: (payload: JsonObject) => SettingOutcome[]; readonly changed: (command: ChangeSettings, payload: JsonObject) => SettingOutcome[] }>
> = {
  'ocpp1.6': { got: configurationOutcomes, changed: changedSettingOutcomes16 },
  'ocpp2.0.1': {
    got: (payload) => variableOutcomes(payload['getVariableResult']),
    changed: (_command, payload) => variableOutcomes(payload['setVariableResult']),
  },
};

/** The status of a whole batch: accepted only when every setting was. */
function batchStatus(settings: readonly SettingOutcome[]): string {
  const notAccepted = settings.find((s) => s.status !== 'Accepted');
  return notAccepted === undefined ? 'Accepted' : notAccepted.ocppStatus;
}

/** What became of a command, in the common model, from the charger's answer. */
export function toCommandOutcome(version: OcppVersion, command: RemoteCommand, answer: CommandAnswer): CommandOutcome {
  if (answer.kind === 'error') {
    return { status: 'CallError', ocppStatus: answer.errorCode, reason: answer.errorDescription, settings: [], transactionId: null, fileName: null };
  }
  const payload = answer.payload;
  const status = text(payload['status']);
  switch (command.type) {
    case 'GetSettings': {
      const settings = settingsReaders[version].got(payload);
      return outcome(batchStatus(settings), payload, { settings });
    }
    case 'ChangeSettings': {
      const settings = settingsReaders[version].changed(command, payload);
      return outcome(batchStatus(settings), payload, { settings });
    }
    case 'StartSession':
      return outcome(status ?? 'Unknown', payload, { transactionId: text(payload['transactionId']) });
    case 'UpdateFirmware':
      // A 1.6 UpdateFirmware.conf is empty: receiving it is the acceptance.
      return outcome(status ?? 'Accepted', payload);
    case 'UploadLog': {
      const fileName = text(payload['fileName']) ?? text(payload['filename']);
      // A 1.6 GetDiagnostics.conf only names the file; no file means nothing to upload.
      return outcome(status ?? (fileName === null ? 'Rejected' : 'Accepted'), payload, { fileName });
    }
    case 'StopSession':
    case 'Reset':
    case 'UnlockConnector':
    case 'ChangeAvailability':
    case 'TriggerMessage':
    case 'SetChargingProfile':
    case 'ClearChargingProfile':
    case 'GetCompositeSchedule':
    case 'ClearCache':
    case 'ReserveNow':
    case 'CancelReservation':
      return outcome(status ?? 'Unknown', payload);
    default: {
      const unreachable: never = command;
      return unreachable;
    }
  }
}
