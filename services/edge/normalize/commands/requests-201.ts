import type { RemoteCommand, SettingRef, TriggerableMessage } from './remote-command.ts';
import { chargingProfile201, definedOnly, purpose201 } from './charging-profile.ts';
import { getLogRequest } from './get-log-request.ts';
import { cannotExpress, iso, request, type OcppRequest } from './ocpp-request.ts';

/** 2.0.1 has no DiagnosticsStatusNotification: its log upload reports through LogStatusNotification. */
const triggers201: Readonly<Record<TriggerableMessage, string>> = {
  BootNotification: 'BootNotification',
  Heartbeat: 'Heartbeat',
  StatusNotification: 'StatusNotification',
  MeterValues: 'MeterValues',
  FirmwareStatusNotification: 'FirmwareStatusNotification',
  LogStatusNotification: 'LogStatusNotification',
  DiagnosticsStatusNotification: 'LogStatusNotification',
  TransactionEvent: 'TransactionEvent',
  SignChargerCertificate: 'SignChargingStationCertificate',
};

const evseOf = (evseId: number | null, connectorId: number | null = null) =>
  evseId === null ? null : definedOnly({ id: evseId, connectorId });

function componentVariable(setting: SettingRef) {
  return setting.component === null
    ? null
    : { component: { name: setting.component }, variable: { name: setting.variable } };
}

export function toOcpp201Request(command: RemoteCommand): OcppRequest {
  switch (command.type) {
    case 'StartSession':
      if (command.idToken.type === null) return cannotExpress('2.0.1 needs the id token type');
      return request(
        'RequestStartTransaction',
        definedOnly({
          evseId: command.evseId,
          remoteStartId: command.remoteStartId,
          idToken: { idToken: command.idToken.value, type: command.idToken.type },
          chargingProfile: command.chargingProfile === null ? null : chargingProfile201(command.chargingProfile),
        }),
      );
    case 'StopSession':
      return request('RequestStopTransaction', { transactionId: command.transactionId });
    case 'Reset':
      return request('Reset', { type: command.mode === 'Graceful' ? 'OnIdle' : 'Immediate' });
    case 'UnlockConnector':
      return request('UnlockConnector', { evseId: command.evseId, connectorId: command.connectorId });
    case 'ChangeAvailability':
      return request(
        'ChangeAvailability',
        definedOnly({
          operationalStatus: command.operational ? 'Operative' : 'Inoperative',
          evse: command.evseId === 0 ? null : evseOf(command.evseId, command.connectorId),
        }),
      );
    case 'GetSettings': {
      const data = command.settings.map(componentVariable);
      if (data.length === 0 || data.includes(null)) return cannotExpress('2.0.1 GetVariables needs at least one setting, each with its component');
      return request('GetVariables', { getVariableData: data });
    }
    case 'ChangeSettings': {
      const data = command.settings.map((setting) => {
        const target = componentVariable(setting);
        return target === null ? null : { ...target, attributeValue: setting.value };
      });
      if (data.length === 0 || data.includes(null)) return cannotExpress('2.0.1 SetVariables needs at least one setting, each with its component');
      return request('SetVariables', { setVariableData: data });
    }
    case 'TriggerMessage':
      return request('TriggerMessage', definedOnly({ requestedMessage: triggers201[command.message], evse: evseOf(command.evseId) }));
    case 'UpdateFirmware':
      return request(
        'UpdateFirmware',
        definedOnly({
          requestId: command.requestId,
          retries: command.retries,
          retryInterval: command.retryIntervalSeconds,
          firmware: { location: command.location, retrieveDateTime: iso(command.retrieveAt) },
        }),
      );
    case 'UploadLog':
      return getLogRequest(command);
    case 'SetChargingProfile':
      return request('SetChargingProfile', { evseId: command.evseId, chargingProfile: chargingProfile201(command.profile) });
    case 'ClearChargingProfile': {
      const criteria = definedOnly({
        evseId: command.evseId,
        chargingProfilePurpose: command.purpose === null ? null : purpose201[command.purpose],
        stackLevel: command.stackLevel,
      });
      return request(
        'ClearChargingProfile',
        definedOnly({
          chargingProfileId: command.profileId,
          chargingProfileCriteria: Object.keys(criteria).length === 0 ? null : criteria,
        }),
      );
    }
    case 'GetCompositeSchedule':
      return request('GetCompositeSchedule', definedOnly({ evseId: command.evseId, duration: command.duration, chargingRateUnit: command.chargingRateUnit }));
    case 'ClearCache':
      return request('ClearCache', {});
    case 'ReserveNow':
      if (command.idToken.type === null) return cannotExpress('2.0.1 needs the id token type');
      return request(
        'ReserveNow',
        definedOnly({
          id: command.reservationId,
          expiryDateTime: iso(command.expiresAt),
          idToken: { idToken: command.idToken.value, type: command.idToken.type },
          evseId: command.evseId,
          groupIdToken: command.groupId === null ? null : { idToken: command.groupId, type: 'Central' },
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
