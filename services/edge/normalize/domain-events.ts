import type { OcppVersion } from '../protocol/versions.ts';

/**
 * One domain model for every OCPP version: consumers (projectors, OCPI, history) never branch on the
 * version. Times are epoch milliseconds (UTC). Energy is Wh, power W (see meter-sample.ts). The raw
 * OCPP value is kept next to each normalized one so nothing the charger said is lost. Field for field
 * this follows the Avro records of switchyard.ocpp.events (schemas/ocpp/*.avsc), in camelCase.
 */
export interface EventHeader {
  readonly chargerId: string;
  readonly ocppVersion: OcppVersion;
  readonly action: string;
  readonly messageId: string;
  readonly receivedAt: number;
  /** Names of the vendor-quirk rules applied to this call's payload before validation passed. */
  readonly quirksApplied: readonly string[];
}

export interface DomainEvent {
  readonly header: EventHeader;
  readonly body: DomainEventBody;
}

export type DomainEventBody =
  | ChargerBooted
  | HeartbeatReceived
  | ConnectorStatusChanged
  | AuthorizationDecided
  | TransactionStarted
  | TransactionUpdated
  | TransactionEnded
  | MeterValuesSampled
  | FirmwareStatusChanged
  | LogUploadStatusChanged
  | SecurityEventReported
  | DeviceModelReported
  | DeviceEventsReported
  | VendorDataReceived;

export type RegistrationStatus = 'Accepted' | 'Pending' | 'Rejected';

export interface ChargerBooted {
  readonly type: 'ChargerBooted';
  readonly vendor: string;
  readonly model: string;
  readonly firmwareVersion: string | null;
  /** 1.6 chargePointSerialNumber, 2.0.1 chargingStation.serialNumber. */
  readonly serialNumber: string | null;
  /** 1.6 only: the charge box's own serial number, next to the charge point's. */
  readonly chargeBoxSerialNumber: string | null;
  /** Why it booted (2.0.1 reason); 1.6 does not say. */
  readonly reason: string | null;
  readonly iccid: string | null;
  readonly imsi: string | null;
  readonly meterType: string | null;
  readonly meterSerialNumber: string | null;
  readonly registrationStatus: RegistrationStatus;
  readonly heartbeatIntervalSeconds: number;
}

export interface HeartbeatReceived {
  readonly type: 'HeartbeatReceived';
}

/** The five states OCPP 2.0.1 reports; 1.6's finer connector states all fold into 'Occupied'. */
export type CommonConnectorStatus = 'Available' | 'Occupied' | 'Reserved' | 'Unavailable' | 'Faulted';

/**
 * An OCPP 1.6 connector is an EVSE with a single connector: connector N becomes evseId N, connectorId 1.
 * evseId 0 with connectorId null is the whole charger (1.6 connectorId 0).
 */
export interface ConnectorStatusChanged {
  readonly type: 'ConnectorStatusChanged';
  readonly evseId: number;
  readonly connectorId: number | null;
  readonly status: CommonConnectorStatus;
  readonly ocppStatus: string;
  readonly errorCode: string | null;
  readonly vendorErrorCode: string | null;
  /** 1.6 vendorId: whose vendorErrorCode this is. */
  readonly vendorId: string | null;
  readonly info: string | null;
  readonly occurredAt: number;
}

export interface IdToken {
  readonly value: string;
  /** 2.0.1 IdTokenEnumType; null for a 1.6 idTag, whose kind the protocol does not say. */
  readonly type: string | null;
}

/** 2.0.1's statuses, a superset of 1.6's (Accepted, Blocked, Expired, Invalid, ConcurrentTx). */
export type AuthorizationStatus =
  | 'Accepted'
  | 'Blocked'
  | 'ConcurrentTx'
  | 'Expired'
  | 'Invalid'
  | 'NoCredit'
  | 'NotAllowedTypeEVSE'
  | 'NotAtThisLocation'
  | 'NotAtThisTime'
  | 'Unknown';

/** Who decided about a token: the built-in list, its eMSP in real time, or the list because the eMSP did not answer. */
export type AuthorizationSource = 'local' | 'emsp' | 'emsp_unreachable';

export interface AuthorizationDecided {
  readonly type: 'AuthorizationDecided';
  readonly idToken: IdToken;
  readonly requestedBy: 'Authorize' | 'StartTransaction' | 'StopTransaction' | 'TransactionEvent';
  /** Where the token was presented, when the call says. */
  readonly evseId: number | null;
  readonly status: AuthorizationStatus;
  readonly ocppStatus: string;
  readonly expiresAt: number | null;
  readonly groupId: string | null;
  readonly transactionId: string | null;
  /** 'local' for the built-in token list; 'emsp' / 'emsp_unreachable' when an eMSP was asked in real time. */
  readonly decidedBy: AuthorizationSource;
  /** The eMSP's OCPI authorization_reference, for the session and CDR. */
  readonly authorizationReference: string | null;
}

export interface TransactionStarted {
  readonly type: 'TransactionStarted';
  /** One id space: 1.6 integer ids as decimal strings, 2.0.1 ids as sent. */
  readonly transactionId: string;
  /** null when a 2.0.1 charger did not say which EVSE (evse is optional in TransactionEvent). */
  readonly evseId: number | null;
  readonly connectorId: number | null;
  readonly idToken: IdToken | null;
  readonly meterStartWh: number | null;
  readonly reservationId: number | null;
  readonly remoteStartId: number | null;
  readonly triggerReason: string | null;
  readonly chargingState: string | null;
  readonly sequenceNumber: number | null;
  /** 2.0.1: the event happened while the charger was offline. */
  readonly offline: boolean;
  /** The meter values sent with the event (2.0.1 meterValue). */
  readonly samples: readonly MeterSample[];
  readonly occurredAt: number;
}

export interface TransactionUpdated {
  readonly type: 'TransactionUpdated';
  readonly transactionId: string;
  readonly evseId: number | null;
  readonly connectorId: number | null;
  readonly idToken: IdToken | null;
  readonly chargingState: string | null;
  readonly triggerReason: string;
  readonly sequenceNumber: number | null;
  readonly offline: boolean;
  readonly samples: readonly MeterSample[];
  readonly occurredAt: number;
}

export interface TransactionEnded {
  readonly type: 'TransactionEnded';
  readonly transactionId: string;
  readonly evseId: number | null;
  readonly idToken: IdToken | null;
  readonly meterStopWh: number | null;
  readonly stopReason: string | null;
  readonly triggerReason: string | null;
  readonly sequenceNumber: number | null;
  readonly offline: boolean;
  /** 1.6 StopTransaction transactionData, 2.0.1 meterValue. */
  readonly samples: readonly MeterSample[];
  readonly occurredAt: number;
}

export interface MeterSample {
  readonly sampledAt: number;
  readonly measurand: string;
  /** Normalized: Wh for energy, W for power, varh/var, VA; other units as sent. null for signed blobs. */
  readonly value: number | null;
  readonly unit: string;
  readonly rawValue: string;
  readonly rawUnit: string | null;
  /** 2.0.1 unitOfMeasure.multiplier (a power of ten), when sent. */
  readonly rawMultiplier: number | null;
  readonly phase: string | null;
  readonly location: string | null;
  readonly context: string | null;
  readonly signed: boolean;
  /** 1.6 SignedData value, 2.0.1 signedMeterValue.signedMeterData. */
  readonly signedData: string | null;
}

export interface MeterValuesSampled {
  readonly type: 'MeterValuesSampled';
  readonly transactionId: string | null;
  readonly evseId: number | null;
  readonly samples: readonly MeterSample[];
}

export interface FirmwareStatusChanged {
  readonly type: 'FirmwareStatusChanged';
  readonly status: string;
  readonly requestId: number | null;
  readonly signed: boolean;
}

/** 1.6 DiagnosticsStatusNotification and LogStatusNotification (1.6 security, 2.0.1) alike. */
export interface LogUploadStatusChanged {
  readonly type: 'LogUploadStatusChanged';
  readonly status: string;
  readonly requestId: number | null;
}

export interface SecurityEventReported {
  readonly type: 'SecurityEventReported';
  readonly eventType: string;
  readonly techInfo: string | null;
  readonly occurredAt: number;
}

/** Where a 2.0.1 device model variable lives: its component (maybe on an EVSE) and its name. */
export interface VariableAddress {
  readonly component: string;
  readonly componentInstance: string | null;
  readonly evseId: number | null;
  readonly connectorId: number | null;
  readonly variable: string;
  readonly variableInstance: string | null;
}

export interface DeviceModelVariable extends VariableAddress {
  readonly attributes: readonly VariableAttribute[];
  readonly characteristics: VariableCharacteristics | null;
}

export interface VariableAttribute {
  readonly type: string;
  readonly value: string | null;
  readonly mutability: string | null;
  readonly persistent: boolean | null;
  readonly constant: boolean | null;
}

export interface VariableCharacteristics {
  readonly dataType: string;
  readonly unit: string | null;
  readonly minLimit: number | null;
  readonly maxLimit: number | null;
  readonly valuesList: string | null;
  readonly supportsMonitoring: boolean;
}

export interface DeviceModelReported {
  readonly type: 'DeviceModelReported';
  readonly requestId: number;
  readonly sequenceNumber: number;
  readonly toBeContinued: boolean;
  readonly generatedAt: number;
  readonly variables: readonly DeviceModelVariable[];
}

export interface DeviceEvent extends VariableAddress {
  readonly eventId: number;
  readonly occurredAt: number;
  readonly trigger: string;
  /** The eventId of the event that caused this one. */
  readonly cause: number | null;
  readonly actualValue: string;
  readonly cleared: boolean;
  readonly techCode: string | null;
  readonly techInfo: string | null;
  readonly transactionId: string | null;
  readonly variableMonitoringId: number | null;
  readonly notificationType: string;
}

export interface DeviceEventsReported {
  readonly type: 'DeviceEventsReported';
  readonly sequenceNumber: number;
  readonly toBeContinued: boolean;
  readonly generatedAt: number;
  readonly events: readonly DeviceEvent[];
}

export interface VendorDataReceived {
  readonly type: 'VendorDataReceived';
  readonly vendorId: string;
  readonly vendorMessageId: string | null;
  /** The data as JSON text (1.6 sends a string, 2.0.1 any JSON value). */
  readonly dataJson: string | null;
  readonly status: string;
}
