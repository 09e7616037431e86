import type { OcppVersion } from './versions.ts';

/**
 * Every action of each version, by who sends the CALL. 1.6 includes the Security Whitepaper
 * extension (edition 3) messages, which 1.6 chargers with security profiles use.
 */
interface ActionCatalogue {
  readonly fromCharger: readonly string[];
  readonly fromCsms: readonly string[];
}

const catalogues: Readonly<Record<OcppVersion, ActionCatalogue>> = {
  'ocpp1.6': {
    fromCharger: [
      'Authorize',
      'BootNotification',
      'DataTransfer',
      'DiagnosticsStatusNotification',
      'FirmwareStatusNotification',
      'Heartbeat',
      'MeterValues',
      'StartTransaction',
      'StatusNotification',
      'StopTransaction',
      'LogStatusNotification',
      'SecurityEventNotification',
      'SignCertificate',
      'SignedFirmwareStatusNotification',
    ],
    fromCsms: [
      'CancelReservation',
      'ChangeAvailability',
      'ChangeConfiguration',
      'ClearCache',
      'ClearChargingProfile',
      'DataTransfer',
      'GetCompositeSchedule',
      'GetConfiguration',
      'GetDiagnostics',
      'GetLocalListVersion',
      'RemoteStartTransaction',
      'RemoteStopTransaction',
      'ReserveNow',
      'Reset',
      'SendLocalList',
      'SetChargingProfile',
      'TriggerMessage',
      'UnlockConnector',
      'UpdateFirmware',
      'CertificateSigned',
      'DeleteCertificate',
      'ExtendedTriggerMessage',
      'GetInstalledCertificateIds',
      'GetLog',
      'InstallCertificate',
      'SignedUpdateFirmware',
    ],
  },
  'ocpp2.0.1': {
    fromCharger: [
      'Authorize',
      'BootNotification',
      'ClearedChargingLimit',
      'DataTransfer',
      'FirmwareStatusNotification',
      'Get15118EVCertificate',
      'GetCertificateStatus',
      'Heartbeat',
      'LogStatusNotification',
      'MeterValues',
      'NotifyChargingLimit',
      'NotifyCustomerInformation',
      'NotifyDisplayMessages',
      'NotifyEVChargingNeeds',
      'NotifyEVChargingSchedule',
      'NotifyEvent',
      'NotifyMonitoringReport',
      'NotifyReport',
      'PublishFirmwareStatusNotification',
      'ReportChargingProfiles',
      'ReservationStatusUpdate',
      'SecurityEventNotification',
      'SignCertificate',
      'StatusNotification',
      'TransactionEvent',
    ],
    fromCsms: [
      'CancelReservation',
      'CertificateSigned',
      'ChangeAvailability',
      'ClearCache',
      'ClearChargingProfile',
      'ClearDisplayMessage',
      'ClearVariableMonitoring',
      'CostUpdated',
      'CustomerInformation',
      'DataTransfer',
      'DeleteCertificate',
      'GetBaseReport',
      'GetChargingProfiles',
      'GetCompositeSchedule',
      'GetDisplayMessages',
      'GetInstalledCertificateIds',
      'GetLocalListVersion',
      'GetLog',
      'GetMonitoringReport',
      'GetReport',
      'GetTransactionStatus',
      'GetVariables',
      'InstallCertificate',
      'PublishFirmware',
      'RequestStartTransaction',
      'RequestStopTransaction',
      'ReserveNow',
      'Reset',
      'SendLocalList',
      'SetChargingProfile',
      'SetDisplayMessage',
      'SetMonitoringBase',
      'SetMonitoringLevel',
      'SetNetworkProfile',
      'SetVariableMonitoring',
      'SetVariables',
      'TriggerMessage',
      'UnlockConnector',
      'UnpublishFirmware',
      'UpdateFirmware',
    ],
  },
};

export type ActionDirection = 'fromCharger' | 'fromCsms';

export function isActionOf(version: OcppVersion, direction: ActionDirection, action: string): boolean {
  return catalogues[version][direction].includes(action);
}

export function isKnownAction(version: OcppVersion, action: string): boolean {
  return isActionOf(version, 'fromCharger', action) || isActionOf(version, 'fromCsms', action);
}

export function actionsOfDirection(version: OcppVersion, direction: ActionDirection): readonly string[] {
  return catalogues[version][direction];
}
