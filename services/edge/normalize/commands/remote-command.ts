import type { IdToken } from '../domain-events.ts';

/**
 * What an operator or OCPI asks a charger to do, in one model for every OCPP version. Times are epoch
 * milliseconds; 1.6 chargers are addressed by evseId (= 1.6 connectorId, 0 = the whole charger).
 */
export type RemoteCommand =
  | StartSession
  | StopSession
  | ResetCharger
  | UnlockConnector
  | ChangeAvailability
  | GetSettings
  | ChangeSettings
  | TriggerMessage
  | UpdateFirmware
  | UploadLog
  | SetChargingProfile
  | ClearChargingProfile
  | GetCompositeSchedule
  | ClearAuthorizationCache
  | ReserveNow
  | CancelReservation;

export interface StartSession {
  readonly type: 'StartSession';
  readonly evseId: number | null;
  readonly idToken: IdToken;
  /** Correlates the TransactionStarted event with this command (2.0.1 remoteStartId). */
  readonly remoteStartId: number;
  readonly chargingProfile: ChargingProfile | null;
}

export interface StopSession {
  readonly type: 'StopSession';
  readonly transactionId: string;
}

export interface ResetCharger {
  readonly type: 'Reset';
  /** 'Graceful' waits for sessions to end (1.6 Soft, 2.0.1 OnIdle); 'Immediate' does not (Hard / Immediate). */
  readonly mode: 'Graceful' | 'Immediate';
}

export interface UnlockConnector {
  readonly type: 'UnlockConnector';
  readonly evseId: number;
  readonly connectorId: number;
}

export interface ChangeAvailability {
  readonly type: 'ChangeAvailability';
  /** 0 is the whole charger. */
  readonly evseId: number;
  readonly connectorId: number | null;
  readonly operational: boolean;
}

/**
 * A configuration setting: a 1.6 configuration key is `variable` alone; 2.0.1 device model variables
 * also need their component.
 */
export interface SettingRef {
  readonly component: string | null;
  readonly variable: string;
}

export interface GetSettings {
  readonly type: 'GetSettings';
  /** Empty asks a 1.6 charger for all its keys; 2.0.1 needs at least one. */
  readonly settings: readonly SettingRef[];
}

export interface ChangeSettings {
  readonly type: 'ChangeSettings';
  readonly settings: readonly (SettingRef & { readonly value: string })[];
}

export type TriggerableMessage =
  | 'BootNotification'
  | 'Heartbeat'
  | 'StatusNotification'
  | 'MeterValues'
  | 'FirmwareStatusNotification'
  | 'LogStatusNotification'
  | 'DiagnosticsStatusNotification'
  | 'TransactionEvent'
  | 'SignChargerCertificate';

export interface TriggerMessage {
  readonly type: 'TriggerMessage';
  readonly message: TriggerableMessage;
  readonly evseId: number | null;
}

export interface UpdateFirmware {
  readonly type: 'UpdateFirmware';
  readonly requestId: number;
  readonly location: string;
  readonly retrieveAt: number;
  readonly retries: number | null;
  readonly retryIntervalSeconds: number | null;
}

export interface UploadLog {
  readonly type: 'UploadLog';
  readonly requestId: number;
  readonly logType: 'DiagnosticsLog' | 'SecurityLog';
  readonly location: string;
  readonly from: number | null;
  readonly to: number | null;
  readonly retries: number | null;
  readonly retryIntervalSeconds: number | null;
}

export type ChargingProfilePurpose = 'ChargerMax' | 'TxDefault' | 'Tx';

export interface ChargingSchedulePeriod {
  readonly startSeconds: number;
  readonly limit: number;
  readonly phases: number | null;
}

export interface ChargingProfile {
  readonly id: number;
  readonly stackLevel: number;
  readonly purpose: ChargingProfilePurpose;
  readonly kind: 'Absolute' | 'Recurring' | 'Relative';
  readonly recurrency: 'Daily' | 'Weekly' | null;
  readonly validFrom: number | null;
  readonly validTo: number | null;
  readonly transactionId: string | null;
  readonly schedule: {
    readonly id: number;
    readonly startAt: number | null;
    readonly durationSeconds: number | null;
    readonly rateUnit: 'A' | 'W';
    readonly periods: readonly ChargingSchedulePeriod[];
    readonly minRate: number | null;
  };
}

export interface SetChargingProfile {
  readonly type: 'SetChargingProfile';
  readonly evseId: number;
  readonly profile: ChargingProfile;
}

export interface ClearChargingProfile {
  readonly type: 'ClearChargingProfile';
  readonly profileId: number | null;
  readonly evseId: number | null;
  readonly purpose: ChargingProfilePurpose | null;
  readonly stackLevel: number | null;
}

/** The schedule the charger will apply on an EVSE (0: the whole charger), combining all its profiles. */
export interface GetCompositeSchedule {
  readonly type: 'GetCompositeSchedule';
  readonly evseId: number;
  readonly duration: number;
  /** null lets the charger answer in its own unit. */
  readonly chargingRateUnit: 'A' | 'W' | null;
}

export interface ClearAuthorizationCache {
  readonly type: 'ClearCache';
}

export interface ReserveNow {
  readonly type: 'ReserveNow';
  /** The charger's reservation id: the caller keeps it unique across everyone who reserves. */
  readonly reservationId: number;
  /** null reserves any EVSE of the charger (1.6 connectorId 0). */
  readonly evseId: number | null;
  readonly expiresAt: number;
  readonly idToken: IdToken;
  /** 1.6 parentIdTag / 2.0.1 groupIdToken: any token of the group may use the reservation. */
  readonly groupId: string | null;
}

export interface CancelReservation {
  readonly type: 'CancelReservation';
  readonly reservationId: number;
}
