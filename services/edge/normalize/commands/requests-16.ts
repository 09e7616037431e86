import type { RemoteCommand, TriggerableMessage } from './remote-command.ts';
import { chargingProfile16, definedOnly, isIntegerTransactionId, purpose16 } from './charging-profile.ts';
import { getLogRequest } from './get-log-request.ts';
import { cannotExpress, iso, isoOrNull, request, type OcppRequest } from './ocpp-request.ts';

/**
 * Core TriggerMessage covers the original six messages; the security extension's
 * ExtendedTriggerMessage adds the log status and the certificate signing request.
 */
const triggers16: Readonly<Record<TriggerableMessage, { action: string; requestedMessage: string } | null>> = {
  BootNotification: { action: 'TriggerMessage', requestedMessage: 'BootNotification' },
  Heartbeat: { action: 'TriggerMessage', requestedMessage: 'Heartbeat' },
  StatusNotification: { action: 'TriggerMessage', requestedMessage: 'StatusNotification' },
  MeterValues: { action: 'TriggerMessage', requestedMessage: 'MeterValues' },
  FirmwareStatusNotification: { action: 'TriggerMessage', requestedMessage: 'FirmwareStatusNotification' },
  DiagnosticsStatusNotification: { action: 'TriggerMessage', requestedMessage: 'DiagnosticsStatusNotification' },
  LogStatusNotification: { action: 'ExtendedTriggerMessage', requestedMessage: 'LogStatusNotification' },
  SignChargerCertificate: { action: 'ExtendedTriggerMessage', requestedMessage: 'SignChargePointCertificate' },
  TransactionEvent: null,
};

export function toOcpp16Request(command: RemoteCommand): OcppRequest {
  switch (command.type) {
    case 'StartSession':
      return request(
        'RemoteStartTransaction',
        definedOnly({
          connectorId: command.evseId,
          idTag: command.idToken.value,
          chargingProfile: command.chargingProfile === null ? null : chargingProfile16(command.chargingProfile),
        }),
      );
    case 'StopSession':
      return isIntegerTransactionId(command.transactionId)
        ? request('RemoteStopTransaction', { transactionId: Number(command.transactionId) })
        : cannotExpress(`1.6 transaction ids are integers, not '${command.transactionId}'`);
    case 'Reset':
      return request('Reset', { type: command.mode === 'Graceful' ? 'Soft' : 'Hard' });
    case 'UnlockConnector':
      return request('UnlockConnector', { connectorId: command.evseId });
    case 'ChangeAvailability':
      return request('ChangeAvailability', { connectorId: command.evseId, type: command.operational ? 'Operative' : 'Inoperative' });
    case 'GetSettings':
      return request('GetConfiguration', command.settings.length === 0 ? {} : { key: command.settings.map((s) => s.variable) });
    case 'ChangeSettings': {
      const [only, ...more] = command.settings;
      if (only === undefined || more.length > 0) return cannotExpress('1.6 ChangeConfiguration sets exactly one key per request');
      return request('ChangeConfiguration', { key: only.variable, value: only.value });
    }
    case 'TriggerMessage': {
      const trigger = triggers16[command.message];
      if (trigger === null) return cannotExpress(`1.6 cannot trigger ${command.message}`);
      return request(trigger.action, definedOnly({ requestedMessage: trigger.requestedMessage, connectorId: command.evseId }));
    }
    case 'UpdateFirmware':
      return request(
        'UpdateFirmware',
        definedOnly({
          location: command.location,
          retrieveDate: iso(command.retrieveAt),
          retries: command.retries,
          retryInterval: command.retryIntervalSeconds,
        }),
      );
    case 'UploadLog':
      // Plain 1.6 only knows diagnostics (GetDiagnostics); security logs need the security extension's GetLog.
      return command.logType === 'DiagnosticsLog'
        ? request(
            'GetDiagnostics',
            definedOnly({
              location: command.location,
              retries: command.retries,
              retryInterval: command.retryIntervalSeconds,
              startTime: isoOrNull(command.from),
              stopTime: isoOrNull(command.to),
            }),
          )
        : getLogRequest(command);
    case 'SetChargingProfile':
      if (command.profile.transactionId !== null && !isIntegerTransactionId(command.profile.transactionId)) {
        return cannotExpress(`1.6 transaction ids are integers, not '${command.profile.transactionId}'`);
      }
      return request('SetChargingProfile', { connectorId: command.evseId, csChargingProfiles: chargingProfile16(command.profile) });
    case 'ClearChargingProfile':
      return request(
        'ClearChargingProfile',
        definedOnly({
          id: command.profileId,
          connectorId: command.evseId,
          chargingProfilePurpose: command.purpose === null ? null : purpose16[command.purpose],
          stackLevel: command.stackLevel,
        }),
      );
    case 'GetCompositeSchedule':
      return request('GetCompositeSchedule', definedOnly({ connectorId: command.evseId, duration: command.duration, chargingRateUnit: command.chargingRateUnit }));
    case 'ClearCache':
      return request('ClearCache', {});
    case 'ReserveNow':
      return request(
        'ReserveNow',
        definedOnly({
          connectorId: command.evseId ?? 0,
          expiryDate: iso(command.expiresAt),
          idTag: command.idToken.value,
          reservationId: command.reservationId,
          // 1.6 parentIdTag is an IdToken of at most 20 characters.
          parentIdTag: command.groupId !== null && command.groupId.length <= 20 ? command.groupId : null,
        }),
      );
    case 'CancelReservation':
      return request('CancelReservation', { reservationId: command.reservationId });
    default: {
      const unreachable: never = command;
      return unreachable;
    }
  }
}
