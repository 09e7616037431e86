// Generated from schemas/*.avsc by services/core/events/generate-types.ts. Do not edit by hand:
// run `npx tsx services/core/events/generate-types.ts` after changing a schema.

import type { Wrapped } from './union.ts';

/** Carried by every record on every topic: identity, time and provenance of the event. */
export interface Envelope {
  /** ULID: unique, and sorts by recording time. Consumers de-duplicate on it (delivery is at-least-once). */
  readonly event_id: string;
  /** The partitioning key of the record: the charger id for OCPP topics, the entity id elsewhere. */
  readonly key: string;
  /** When it happened according to the charger (the OCPP timestamp), epoch ms; null when the message carries no time. */
  readonly occurred_at: number | null;
  /** When Switchyard recorded it, epoch ms (the recording service's clock). */
  readonly recorded_at: number;
  readonly source: EventSource;
  /** Ties together everything one request caused (e.g. a remote command and its outcome events). */
  readonly correlation_id: string | null;
  /** The event_id of the event that directly caused this one. */
  readonly causation_id: string | null;
}

/** Who recorded the event: the service, its running instance and, for charger traffic, the WebSocket connection. */
export interface EventSource {
  /** Service name, e.g. 'edge', 'api', 'ocpi'. */
  readonly service: string;
  /** The running instance (configured instance id), so events from two edges can be told apart. */
  readonly instance_id: string;
  /** The charger connection the event came through (a ULID the edge assigns per socket); null when no socket was involved. */
  readonly connection_id: string | null;
}

/** An OCPI Charge Detail Record (2.2.1), immutable once issued. Typed fields for analysis; object_json is the complete object. */
export interface Cdr {
  readonly owner: PartyRef;
  readonly id: string;
  readonly session_id: string | null;
  readonly start_date_time: number;
  readonly end_date_time: number;
  readonly cdr_token: CdrToken;
  readonly auth_method: string;
  readonly location_id: string;
  readonly evse_uid: string;
  readonly connector_id: string;
  readonly currency: string;
  readonly total_cost: Price;
  readonly total_energy_kwh: number;
  readonly total_time_hours: number;
  readonly total_parking_time_hours: number | null;
  readonly tariff_ids: readonly string[];
  /** A credit CDR reversing an earlier one. */
  readonly credit: boolean;
  readonly credit_reference_id: string | null;
  readonly last_updated: number;
  /** The OCPI CDR object as JSON text. */
  readonly object_json: string;
}

/** A CDR a partner (eMSP) accepted from our push, and where the partner keeps it. */
export interface CdrDelivery {
  readonly partner_id: string;
  /** The CDR's key on switchyard.cdrs: country_code/party_id/id. */
  readonly cdr_key: string;
  /** The Location header of the partner's answer: GET it to read the CDR back from the partner. */
  readonly location_url: string;
  readonly accepted_at: number;
}

/** Value of the compacted topic switchyard.ocpi.cdr-deliveries (key: partner id/CDR key). */
export interface CdrDeliveryRecord {
  readonly envelope: Envelope;
  readonly payload: CdrDelivery;
}

/** Value of topic switchyard.cdrs (key: country_code/party_id/id). */
export interface CdrRecord {
  readonly envelope: Envelope;
  readonly payload: Cdr;
}

/** OCPI CdrToken: the token a session or CDR was authorized with. */
export interface CdrToken {
  readonly country_code: string;
  readonly party_id: string;
  readonly uid: string;
  /** AD_HOC_USER, APP_USER, OTHER, RFID. */
  readonly type: string;
  readonly contract_id: string;
}

/** A token an eMSP sent in START_SESSION or RESERVE_NOW: until expires_at the charger's real-time questions about it at this charger are ALLOWED with the command's authorization_reference. */
export interface CommandGrant {
  readonly charger_id: string;
  readonly uid: string;
  /** OCPI TokenType as sent. */
  readonly type: string;
  readonly authorization_reference: string | null;
  readonly group_id: string | null;
  readonly granted_at: number;
  readonly expires_at: number;
}

/** Value of the compacted topic switchyard.ocpi.command-grants (key: charger_id/type/uid). A tombstone: the grant expired. */
export interface CommandGrantRecord {
  readonly envelope: Envelope;
  readonly payload: CommandGrant;
}

/** The EVSE status a partner last accepted from our PATCHes, so a restarted OCPI service sends what the partner missed. */
export interface EvseStatusDelivery {
  readonly partner_id: string;
  /** The Location's owner (one of our CPO parties). */
  readonly country_code: string;
  readonly party_id: string;
  readonly location_id: string;
  readonly evse_uid: string;
  /** OCPI EVSE status as PATCHed. */
  readonly status: string;
  /** The PATCH's last_updated, as sent. */
  readonly last_updated: string;
  readonly accepted_at: number;
}

/** Value of the compacted topic switchyard.ocpi.evse-status-deliveries (key: partner id/country_code/party_id/location_id/evse_uid). Not removed when a partner or EVSE goes: one small record per partner and EVSE. */
export interface EvseStatusDeliveryRecord {
  readonly envelope: Envelope;
  readonly payload: EvseStatusDelivery;
}

/** INBOUND: a party called Switchyard. OUTBOUND: Switchyard called a party. */
export const exchangeDirectionSymbols = ['INBOUND', 'OUTBOUND'] as const;
export type ExchangeDirection = (typeof exchangeDirectionSymbols)[number];

/** OCPI interface role of a module endpoint. */
export const interfaceRoleSymbols = ['SENDER', 'RECEIVER'] as const;
export type InterfaceRole = (typeof interfaceRoleSymbols)[number];

/** The current state of an OCPI Location (2.2.1) with its EVSEs and connectors (in object_json). */
export interface Location {
  readonly owner: PartyRef;
  readonly id: string;
  readonly publish: boolean;
  readonly name: string | null;
  readonly address: string;
  readonly city: string;
  readonly postal_code: string | null;
  /** ISO 3166-1 alpha-3. */
  readonly country: string;
  /** As OCPI writes it (decimal degrees text). */
  readonly latitude: string;
  readonly longitude: string;
  readonly time_zone: string;
  readonly evse_uids: readonly string[];
  readonly last_updated: number;
  /** The OCPI Location object as JSON text. */
  readonly object_json: string;
}

/** Value of compacted topic switchyard.locations (key: country_code/party_id/id). A deleted location is a tombstone. */
export interface LocationRecord {
  readonly envelope: Envelope;
  readonly payload: Location;
}

/** One OCPI HTTP request and its response, either direction, for audit and debugging. Credentials tokens are never recorded. */
export interface OcpiExchange {
  readonly direction: ExchangeDirection;
  /** The other party, when identified. */
  readonly party: PartyRef | null;
  readonly method: string;
  readonly url: string;
  /** OCPI module id: locations, sessions, cdrs, tariffs, tokens, commands, ... */
  readonly module: string | null;
  /** X-Request-ID. */
  readonly request_id: string | null;
  /** X-Correlation-ID. */
  readonly ocpi_correlation_id: string | null;
  readonly request_body: string | null;
  /** null when no response arrived (timeout, connection failure). */
  readonly http_status: number | null;
  /** status_code of the OCPI response envelope (1000 = success). */
  readonly ocpi_status_code: number | null;
  readonly response_body: string | null;
  /** Transport error when there was no response. */
  readonly error: string | null;
  readonly started_at: number;
  readonly duration_ms: number | null;
  /** Request headers, lower-case names; Authorization is never recorded. */
  readonly request_headers: Readonly<Record<string, string>>;
  /** Response headers, lower-case names; empty when no response arrived. */
  readonly response_headers: Readonly<Record<string, string>>;
}

/** Value of topic switchyard.ocpi.traffic (key: the other party as country_code/party_id, or 'unknown'). */
export interface OcpiExchangeRecord {
  readonly envelope: Envelope;
  readonly payload: OcpiExchange;
}

/** A roaming partner: one token pair, its version, endpoints and roles. */
export interface OcpiPartner {
  /** Chosen when the record is created; survives token rotation. */
  readonly id: string;
  readonly status: PartnerStatus;
  /** sha256 (hex) of the token the partner presents to Switchyard; the token itself is never stored. */
  readonly incoming_token_hash: string;
  /** The token Switchyard presents to the partner (sent as is, so it cannot be hashed); null until registered. */
  readonly outgoing_token: string | null;
  readonly versions_url: string | null;
  /** Negotiated OCPI version: 2.2.1 or 2.1.1. */
  readonly version: string | null;
  readonly endpoints: readonly PartnerEndpoint[];
  readonly roles: readonly PartnerRole[];
  readonly created_at: number;
  readonly updated_at: number;
}

/** One module endpoint from the partner's version details (2.1.1 endpoints, which have no role, are stored as RECEIVER). */
export interface PartnerEndpoint {
  readonly identifier: string;
  readonly role: InterfaceRole;
  readonly url: string;
}

/** Value of the compacted topic switchyard.ocpi.partners (key: partner id): one OCPI connection as the credentials module knows it. */
export interface PartnerRecord {
  readonly envelope: Envelope;
  readonly payload: OcpiPartner;
}

/** One CredentialsRole of the partner. */
export interface PartnerRole {
  /** CPO, EMSP, HUB, NAP, NSP, OTHER or SCSP. */
  readonly role: string;
  readonly country_code: string;
  readonly party_id: string;
  /** The OCPI BusinessDetails object as JSON. */
  readonly business_details_json: string;
}

/** PENDING: a token A was issued, no registration yet. REGISTERED: tokens exchanged. UNREGISTERED: credentials deleted by either side, tokens void. */
export const partnerStatusSymbols = ['PENDING', 'REGISTERED', 'UNREGISTERED'] as const;
export type PartnerStatus = (typeof partnerStatusSymbols)[number];

/** An OCPI party: ISO 3166-1 alpha-2 country code and 3-character party id. */
export interface PartyRef {
  readonly country_code: string;
  readonly party_id: string;
}

/** OCPI Price, in the object's currency. */
export interface Price {
  readonly excl_vat: number;
  readonly incl_vat: number | null;
}

/** An eMSP reservation (RESERVE_NOW) a charger accepted: which charger holds it, so CANCEL_RESERVATION reaches it from any OCPI instance. */
export interface Reservation {
  /** The eMSP party whose token made the reservation. */
  readonly country_code: string;
  readonly party_id: string;
  /** The eMSP's reservation_id (the charger's id is derived from it and the party). */
  readonly reservation_id: string;
  readonly charger_id: string;
  /** The RESERVE_NOW expiry_date: from then on the reservation is gone. */
  readonly expires_at: number;
  readonly reserved_at: number;
}

/** Value of the compacted topic switchyard.ocpi.reservations (key: country_code/party_id/reservation_id). A tombstone: the reservation was cancelled or expired. */
export interface ReservationRecord {
  readonly envelope: Envelope;
  readonly payload: Reservation;
}

/** The current state of an OCPI Session (2.2.1). The fields analysts query are typed; object_json is the complete object as exchanged. */
export interface Session {
  /** The CPO that owns the session. */
  readonly owner: PartyRef;
  readonly id: string;
  /** ACTIVE, COMPLETED, INVALID, PENDING, RESERVATION. */
  readonly status: string;
  readonly start_date_time: number;
  readonly end_date_time: number | null;
  readonly kwh: number;
  readonly cdr_token: CdrToken;
  /** AUTH_REQUEST, COMMAND, WHITELIST. */
  readonly auth_method: string;
  readonly location_id: string;
  readonly evse_uid: string;
  readonly connector_id: string;
  readonly currency: string;
  readonly total_cost: Price | null;
  /** The OCPP charger behind the EVSE, when Switchyard runs it. */
  readonly charger_id: string | null;
  /** The OCPP transaction (Switchyard's transaction id space), when Switchyard runs the charger. */
  readonly transaction_id: string | null;
  readonly last_updated: number;
  /** The OCPI Session object as JSON text. */
  readonly object_json: string;
}

/** Value of compacted topic switchyard.sessions (key: country_code/party_id/id). A deleted session is a tombstone. */
export interface SessionRecord {
  readonly envelope: Envelope;
  readonly payload: Session;
}

/** The current state of an OCPI Tariff (2.2.1); its elements and restrictions are in object_json. */
export interface Tariff {
  readonly owner: PartyRef;
  readonly id: string;
  readonly currency: string;
  /** AD_HOC_PAYMENT, PROFILE_CHEAP, PROFILE_FAST, PROFILE_GREEN, REGULAR. */
  readonly type: string | null;
  readonly start_date_time: number | null;
  readonly end_date_time: number | null;
  readonly last_updated: number;
  /** The OCPI Tariff object as JSON text. */
  readonly object_json: string;
}

/** Value of compacted topic switchyard.tariffs (key: country_code/party_id/id). A deleted tariff is a tombstone. */
export interface TariffRecord {
  readonly envelope: Envelope;
  readonly payload: Tariff;
}

/** The current state of an OCPI Token (2.2.1) as the eMSP published it. */
export interface Token {
  /** The eMSP that issued the token. */
  readonly owner: PartyRef;
  readonly uid: string;
  /** AD_HOC_USER, APP_USER, OTHER, RFID. */
  readonly type: string;
  readonly contract_id: string;
  readonly visual_number: string | null;
  readonly issuer: string;
  readonly group_id: string | null;
  readonly valid: boolean;
  /** ALWAYS, ALLOWED, ALLOWED_OFFLINE, NEVER. */
  readonly whitelist: string;
  readonly last_updated: number;
  /** The OCPI Token object as JSON text. */
  readonly object_json: string;
}

/** Value of compacted topic switchyard.tokens (key: country_code/party_id/uid). A deleted token is a tombstone. */
export interface TokenRecord {
  readonly envelope: Envelope;
  readonly payload: Token;
}

/** What Switchyard answered about a token (idTagInfo / idTokenInfo). */
export interface AuthorizationDecided {
  readonly id_token: IdToken;
  readonly status: AuthorizationStatus;
  /** Status as put on the wire, e.g. 'ConcurrentTx'. */
  readonly status_raw: string;
  readonly expires_at: number | null;
  /** 1.6 parentIdTag / 2.0.1 groupIdToken.idToken. */
  readonly group_id_token: string | null;
  /** Who decided: 'local' (built-in CSMS token list), 'upstream' (a routed CSMS), 'unknown_token_policy', 'emsp' (OCPI real-time authorization), 'emsp_unreachable' (the list's fallback when the eMSP did not answer in time). */
  readonly decided_by: string;
  /** OCPI AuthorizationInfo.authorization_reference the eMSP gave with a real-time authorization. */
  readonly authorization_reference: string | null;
}

/** A charger asked whether a token may charge (Authorize, or the token of a transaction start). */
export interface AuthorizationRequested {
  readonly id_token: IdToken;
  readonly evse_id: number | null;
  /** OCPP action that carried the request: Authorize, StartTransaction, TransactionEvent. */
  readonly action: string;
}

/** Union of 1.6 AuthorizationStatus and 2.0.1 AuthorizationStatusEnumType, upper snake case. */
export const authorizationStatusSymbols = ['ACCEPTED', 'BLOCKED', 'EXPIRED', 'INVALID', 'CONCURRENT_TX', 'NO_CREDIT', 'NOT_ALLOWED_TYPE_EVSE', 'NOT_AT_THIS_LOCATION', 'NOT_AT_THIS_TIME', 'UNKNOWN'] as const;
export type AuthorizationStatus = (typeof authorizationStatusSymbols)[number];

/** A charger proved its identity at the HTTP upgrade (Basic password or client certificate). */
export interface ChargerAuthenticated {
  readonly connection_id: string;
  readonly remote_address: string;
  /** 1 (Basic), 2 (TLS + Basic) or 3 (mutual TLS). */
  readonly security_profile: number;
  /** Client certificate subject for profile 3. */
  readonly certificate_subject: string | null;
}

/** BootNotification (1.6 and 2.0.1) and the registration status Switchyard answered. */
export interface ChargerBooted {
  /** 1.6 chargePointVendor / 2.0.1 chargingStation.vendorName. */
  readonly vendor: string;
  /** 1.6 chargePointModel / 2.0.1 chargingStation.model. */
  readonly model: string;
  /** 1.6 chargePointSerialNumber / 2.0.1 chargingStation.serialNumber. */
  readonly serial_number: string | null;
  /** 1.6 only (deprecated there). */
  readonly charge_box_serial_number: string | null;
  readonly firmware_version: string | null;
  /** 1.6 iccid / 2.0.1 chargingStation.modem.iccid. */
  readonly iccid: string | null;
  readonly imsi: string | null;
  /** 1.6 only. */
  readonly meter_type: string | null;
  /** 1.6 only. */
  readonly meter_serial_number: string | null;
  /** 2.0.1 reason as sent (PowerUp, FirmwareUpdate, ...); null in 1.6. */
  readonly boot_reason: string | null;
  /** What Switchyard answered. */
  readonly registration_status: RegistrationStatus;
  /** Interval answered with the registration status. */
  readonly heartbeat_interval_s: number | null;
}

/** A charger's WebSocket was accepted (after authentication, when the security profile asks for it). */
export interface ChargerConnected {
  readonly connection_id: string;
  /** Peer IP address and port as the edge saw it. */
  readonly remote_address: string;
  /** The negotiated subprotocol: 'ocpp1.6' or 'ocpp2.0.1'. */
  readonly protocol: string;
  /** OCPP security profile the connection satisfied: 0 (none), 1 (Basic), 2 (TLS + Basic), 3 (mutual TLS). */
  readonly security_profile: number;
}

/** A charger's WebSocket closed, for whatever reason. */
export interface ChargerDisconnected {
  readonly connection_id: string;
  readonly remote_address: string;
  /** WebSocket close code (RFC 6455); null when the socket died without a close frame. */
  readonly close_code: number | null;
  readonly close_reason: string | null;
  /** 'charger', 'server', 'replaced', 'keepalive_timeout' or 'error'. */
  readonly closed_by: string;
  /** How long the connection lasted. */
  readonly connected_ms: number | null;
}

/** The charger answered a command's CALL (CALLRESULT or CALLERROR). */
export interface CommandAnswered {
  readonly command_id: string;
  readonly action: string;
  readonly message_id: string;
  readonly outcome: CommandOutcome;
  /** The answer's status field as sent (Accepted, Rejected, Scheduled, Unlocked, ...). */
  readonly status_raw: string | null;
  /** CALLRESULT payload as JSON text. */
  readonly response_json: string | null;
  /** CALLERROR code. */
  readonly error_code: string | null;
  readonly error_description: string | null;
}

/** Normalized answer to a command. CALL_ERROR: the charger answered with a CALLERROR. */
export const commandOutcomeSymbols = ['ACCEPTED', 'REJECTED', 'SCHEDULED', 'NOT_SUPPORTED', 'CALL_ERROR', 'UNKNOWN'] as const;
export type CommandOutcome = (typeof commandOutcomeSymbols)[number];

/** A remote command for a charger, version-neutral. The edge instance holding the charger's socket maps it to the charger's OCPP version and sends it. */
export interface CommandRequested {
  /** ULID; every outcome event names it, and the envelope correlation_id equals it. */
  readonly command_id: string;
  /** Normalized command name, e.g. 'start_session', 'reset', 'unlock_connector'. */
  readonly command: string;
  /** The normalized command's parameters as JSON text. */
  readonly parameters_json: string;
  /** How long to wait for the charger's answer once sent. */
  readonly timeout_ms: number;
  /** Not to be sent after this time (e.g. charger offline too long); null: no limit. */
  readonly expires_at: number | null;
  /** Who asked (admin API principal, OCPI party, ...). */
  readonly requested_by: string | null;
}

/** The edge wrote the command's CALL to the charger. */
export interface CommandSent {
  readonly command_id: string;
  /** OCPP action of the CALL, e.g. 'RemoteStartTransaction' (1.6) or 'RequestStartTransaction' (2.0.1). */
  readonly action: string;
  readonly message_id: string;
  /** The CALL payload as JSON text. */
  readonly request_json: string;
}

/** No answer within the command's timeout after it was sent. */
export interface CommandTimedOut {
  readonly command_id: string;
  readonly action: string;
  readonly message_id: string;
  readonly timeout_ms: number;
}

/** The command could not be sent: charger not connected, expired before sending, not supported by the charger's OCPP version, invalid parameters. */
export interface CommandUndeliverable {
  readonly command_id: string;
  /** 'not_connected', 'expired', 'unsupported_by_version', 'invalid_parameters'. */
  readonly reason: string;
  readonly detail: string | null;
}

/** 2.0.1 device model address: component (with optional EVSE/connector) and variable. */
export interface ComponentVariable {
  readonly component_name: string;
  readonly component_instance: string | null;
  readonly evse_id: number | null;
  readonly connector_id: number | null;
  readonly variable_name: string;
  readonly variable_instance: string | null;
}

/** A connection attempt refused at the HTTP upgrade. Keyed by the charger id the attempt claimed (the raw path segment when it was not a valid id). */
export interface ConnectionRejected {
  readonly remote_address: string;
  /** Status answered to the upgrade request (400, 401, 404, ...). */
  readonly http_status: number;
  /** Machine-readable reason, e.g. 'unknown_charger', 'bad_password', 'no_supported_subprotocol', 'invalid_charger_id', 'not_allowed'. */
  readonly reason: string;
  /** Human-readable explanation. */
  readonly detail: string | null;
  readonly offered_subprotocols: readonly string[];
  /** The profile the charger is registered with, when known. */
  readonly security_profile: number | null;
}

/** A new connection for the same charger id took over; the old socket is closed by the edge. */
export interface ConnectionReplaced {
  readonly replaced_connection_id: string;
  readonly new_connection_id: string;
  /** Address of the new connection. */
  readonly remote_address: string;
}

/** One status vocabulary for both versions. 1.6 Preparing/Charging/SuspendedEV/SuspendedEVSE/Finishing and 2.0.1 Occupied map to OCCUPIED; the exact status stays in status_raw. */
export const connectorStatusSymbols = ['AVAILABLE', 'OCCUPIED', 'RESERVED', 'UNAVAILABLE', 'FAULTED', 'UNKNOWN'] as const;
export type ConnectorStatus = (typeof connectorStatusSymbols)[number];

/** 1.6 StatusNotification / 2.0.1 StatusNotification (and status carried by NotifyEvent AvailabilityState, when the normalizer maps it). */
export interface ConnectorStatusChanged {
  /** 0 is the charging station as a whole. 1.6: the connectorId (one connector per EVSE). */
  readonly evse_id: number;
  /** Connector within the EVSE; null when the status is for the station (1.6 connectorId 0). 1.6 connectorId > 0 maps to connector 1. */
  readonly connector_id: number | null;
  readonly status: ConnectorStatus;
  /** The status exactly as sent, e.g. 'SuspendedEV'. */
  readonly status_raw: string;
  /** 1.6 errorCode when not 'NoError'. */
  readonly error_code: string | null;
  readonly info: string | null;
  readonly vendor_id: string | null;
  readonly vendor_error_code: string | null;
}

/** 2.0.1 EventDataType. */
export interface DeviceEvent {
  /** The charger's id of the event (not an envelope event id). */
  readonly event_id: number;
  readonly occurred_at: number;
  /** Alerting, Delta, Periodic. */
  readonly trigger: string;
  readonly cause: number | null;
  readonly actual_value: string;
  readonly tech_code: string | null;
  readonly tech_info: string | null;
  readonly cleared: boolean | null;
  readonly transaction_id: string | null;
  readonly variable_monitoring_id: number | null;
  /** HardWiredNotification, HardWiredMonitor, PreconfiguredMonitor, CustomMonitor. */
  readonly notification_type: string;
  readonly address: ComponentVariable;
}

/** 2.0.1 NotifyEvent (one part of a possibly multi-part notification). */
export interface DeviceEventsNotified {
  readonly generated_at: number;
  readonly seq_no: number;
  readonly to_be_continued: boolean;
  readonly events: readonly DeviceEvent[];
}

/** 2.0.1 NotifyReport (one part of a possibly multi-part report). */
export interface DeviceModelReported {
  readonly request_id: number;
  readonly generated_at: number;
  readonly seq_no: number;
  readonly to_be_continued: boolean;
  readonly variables: readonly ReportedVariable[];
}

/** 1.6 DiagnosticsStatusNotification / 2.0.1 LogStatusNotification. */
export interface DiagnosticsStatusChanged {
  /** As sent: Idle, Uploading, Uploaded, UploadFailed, ... . */
  readonly status: string;
  /** 2.0.1 requestId. */
  readonly request_id: number | null;
}

/** FirmwareStatusNotification (1.6 and 2.0.1). */
export interface FirmwareStatusChanged {
  /** As sent: Downloaded, Installing, Installed, InstallationFailed, ... . */
  readonly status: string;
  /** 2.0.1 requestId. */
  readonly request_id: number | null;
}

/** IN: charger to Switchyard. OUT: Switchyard to charger. */
export const frameDirectionSymbols = ['IN', 'OUT'] as const;
export type FrameDirection = (typeof frameDirectionSymbols)[number];

/** One live copy of a charger CALL on a gateway link to an upstream CSMS. */
export interface FrameRelay {
  /** The upstream's name in the charger's route. */
  readonly upstream: string;
  /** Its role when the copy was sent: the PRIMARY's answer is the one the charger got. */
  readonly role: UpstreamRole;
  /** The link's own message id for the copy (never the charger's). */
  readonly message_id: string;
}

/** Outcome of validating a frame (after any quirk rules were applied). */
export interface FrameValidation {
  readonly status: ValidationStatus;
  /** The OCPP-J error code for an invalid frame, as the version names it (e.g. 'FormationViolation' in 1.6, 'FormatViolation' in 2.0.1). */
  readonly error_code: string | null;
  readonly error_description: string | null;
}

/** What the multi-CSMS gateway did with one message or one upstream link of a charger (key: charger id): observer answers recorded, answers that differ from the primary's, upstream calls forwarded or refused, late or unknown answers, links up and down, chargers closed because the primary stayed unreachable. */
export interface GatewayDecision {
  /** 'observer_answered', 'answer_differed', 'observer_failed', 'upstream_call_forwarded', 'upstream_call_refused', 'late_answer', 'unknown_answer', 'unreadable_frame', 'link_up', 'link_down', 'primary_unreachable'. */
  readonly decision: string;
  /** Upstream name in the route ('builtin' for the built-in CSMS). */
  readonly upstream: string;
  /** 'primary' or 'observer' when the decision was taken. */
  readonly role: string;
  readonly action: string | null;
  /** The charger-side message id when there is one, else the upstream's. */
  readonly message_id: string | null;
  /** The recorded answer, the difference, or the reason, as JSON. */
  readonly detail_json: string | null;
}

/** 1.6 idTag / 2.0.1 IdTokenType. */
export interface IdToken {
  readonly value: string;
  /** 2.0.1 type as sent (ISO14443, eMAID, Central, ...); null for a 1.6 idTag. */
  readonly type: string | null;
}

/** OCPP-J message type of a frame; UNPARSEABLE when the text is not a readable OCPP-J array. */
export const messageTypeSymbols = ['CALL', 'CALLRESULT', 'CALLERROR', 'UNPARSEABLE'] as const;
export type MessageType = (typeof messageTypeSymbols)[number];

/** One sampled value (1.6 SampledValue / 2.0.1 SampledValueType) with its meter timestamp, normalized to base units. */
export interface MeterSample {
  /** The MeterValue timestamp, epoch ms. */
  readonly sampled_at: number;
  /** As sent, or the spec default 'Energy.Active.Import.Register' when absent. */
  readonly measurand: string;
  /** L1, L2, L3, N, L1-N, ... as sent. */
  readonly phase: string | null;
  /** Outlet, Inlet, Body, Cable, EV as sent (spec default Outlet when absent). */
  readonly location: string | null;
  /** Sample.Periodic, Transaction.Begin, ... as sent (spec default Sample.Periodic when absent). */
  readonly context: string | null;
  /** Normalized to the base unit in `unit`: energy Wh, power W, current A, voltage V, state of charge %. null when the value is not a number (e.g. signed data). */
  readonly value: number | null;
  /** Base unit of `value`: 'Wh', 'varh', 'W', 'var', 'VA', 'A', 'V', 'Hz', 'Celsius', 'Percent', ... . */
  readonly unit: string | null;
  /** The value exactly as sent (1.6 strings; 2.0.1 numbers in decimal). */
  readonly value_raw: string;
  /** The unit exactly as sent (null when absent: the spec default then applies). */
  readonly unit_raw: string | null;
  /** Signed meter value (1.6 format SignedData value / 2.0.1 signedMeterValue.signedMeterData) for calibration-law checks. */
  readonly signed_data: string | null;
}

/** MeterValues (1.6 and 2.0.1). */
export interface MeterValuesSampled {
  /** 1.6 connectorId / 2.0.1 evseId (0 = main meter). */
  readonly evse_id: number;
  /** 1.6 transactionId as a decimal string; null when not in a transaction. */
  readonly transaction_id: string | null;
  readonly samples: readonly MeterSample[];
}

/** Value of topic switchyard.ocpp.commands (key: charger id). Outcomes go to switchyard.ocpp.events. */
export interface OcppCommandEvent {
  readonly envelope: Envelope;
  readonly payload: CommandRequested;
}

export interface OcppEventPayloadBranches {
  readonly 'io.switchyard.ocpp.ChargerConnected': ChargerConnected;
  readonly 'io.switchyard.ocpp.ChargerAuthenticated': ChargerAuthenticated;
  readonly 'io.switchyard.ocpp.ConnectionRejected': ConnectionRejected;
  readonly 'io.switchyard.ocpp.ConnectionReplaced': ConnectionReplaced;
  readonly 'io.switchyard.ocpp.ChargerDisconnected': ChargerDisconnected;
  readonly 'io.switchyard.ocpp.ChargerBooted': ChargerBooted;
  readonly 'io.switchyard.ocpp.ConnectorStatusChanged': ConnectorStatusChanged;
  readonly 'io.switchyard.ocpp.AuthorizationRequested': AuthorizationRequested;
  readonly 'io.switchyard.ocpp.AuthorizationDecided': AuthorizationDecided;
  readonly 'io.switchyard.ocpp.TransactionStarted': TransactionStarted;
  readonly 'io.switchyard.ocpp.TransactionUpdated': TransactionUpdated;
  readonly 'io.switchyard.ocpp.TransactionEnded': TransactionEnded;
  readonly 'io.switchyard.ocpp.MeterValuesSampled': MeterValuesSampled;
  readonly 'io.switchyard.ocpp.FirmwareStatusChanged': FirmwareStatusChanged;
  readonly 'io.switchyard.ocpp.DiagnosticsStatusChanged': DiagnosticsStatusChanged;
  readonly 'io.switchyard.ocpp.SecurityEventReported': SecurityEventReported;
  readonly 'io.switchyard.ocpp.DeviceModelReported': DeviceModelReported;
  readonly 'io.switchyard.ocpp.DeviceEventsNotified': DeviceEventsNotified;
  readonly 'io.switchyard.ocpp.CommandSent': CommandSent;
  readonly 'io.switchyard.ocpp.CommandAnswered': CommandAnswered;
  readonly 'io.switchyard.ocpp.CommandTimedOut': CommandTimedOut;
  readonly 'io.switchyard.ocpp.CommandUndeliverable': CommandUndeliverable;
  readonly 'io.switchyard.ocpp.RouteChanged': RouteChanged;
  readonly 'io.switchyard.ocpp.GatewayDecision': GatewayDecision;
}

/** Value of topic switchyard.ocpp.events (key: charger id): connection lifecycle, normalized domain events (one model for OCPP 1.6 and 2.0.1) and remote command outcomes, in per-charger order. The payload union branch names the event type; new event types are added as new branches at the end. */
export interface OcppEvent {
  readonly envelope: Envelope;
  readonly payload: Wrapped<OcppEventPayloadBranches>;
}

/** One WebSocket frame exactly as it crossed the wire, in either direction, valid or not. */
export interface OcppFrame {
  /** Same as the envelope key. */
  readonly charger_id: string;
  readonly connection_id: string;
  readonly direction: FrameDirection;
  /** The negotiated subprotocol: 'ocpp1.6' or 'ocpp2.0.1'. */
  readonly protocol: string;
  readonly message_type: MessageType;
  /** null when no message id could be read. */
  readonly message_id: string | null;
  /** The CALL's action; for CALLRESULT/CALLERROR the action of the CALL it answers, when known. */
  readonly action: string | null;
  /** The exact frame text as sent or received (never the quirk-corrected payload). */
  readonly text: string;
  /** IN: when the edge received the frame; OUT: when the edge wrote it to the socket. Epoch ms. */
  readonly received_at: number;
  readonly validation: FrameValidation;
  /** Names of the vendor quirk rules that rewrote the payload before validation. */
  readonly quirks_applied: readonly string[];
  /** null: a frame between the charger and Switchyard. Else the gateway's link to the named upstream CSMS of the charger's route: OUT sent to it, IN received from it; message_id is that link's own id. */
  readonly upstream: string | null;
  /** On a frame to the charger answering its CALL through the gateway: the live copies of that CALL on upstream links, with each link's message id. A copy was the charger's CALL text under that id, and the primary's answer was this frame's payload under its id; those link frames are not recorded again. Every other frame on a link is its own record (upstream set). */
  readonly relayed_as: readonly FrameRelay[];
}

/** Value of topic switchyard.ocpp.frames (key: charger id). */
export interface OcppFrameEvent {
  readonly envelope: Envelope;
  readonly payload: OcppFrame;
}

export const registrationStatusSymbols = ['ACCEPTED', 'PENDING', 'REJECTED'] as const;
export type RegistrationStatus = (typeof registrationStatusSymbols)[number];

/** 2.0.1 ReportDataType. */
export interface ReportedVariable {
  readonly address: ComponentVariable;
  readonly attributes: readonly VariableAttribute[];
  readonly characteristics: VariableCharacteristics | null;
}

/** Audit trail of routing (key: the route key): who changed which route when, with the route before and after as JSON (upstream passwords redacted). Kept on the events topic because switchyard.routes is compacted and keeps only the latest value. */
export interface RouteChanged {
  readonly route_key: string;
  readonly changed_by: string;
  /** null: the route did not exist. */
  readonly before_json: string | null;
  /** null: the route was removed. */
  readonly after_json: string | null;
}

/** SecurityEventNotification (1.6 security extension and 2.0.1). The event time is the envelope's occurred_at. */
export interface SecurityEventReported {
  /** As sent, e.g. 'FirmwareUpdated', 'InvalidCsmsCertificate'. */
  readonly event_type: string;
  readonly tech_info: string | null;
}

/** 1.6 StopTransaction / 2.0.1 TransactionEvent(Ended). */
export interface TransactionEnded {
  readonly transaction_id: string;
  /** null in 1.6 (StopTransaction does not name the connector). */
  readonly evse_id: number | null;
  readonly id_token: IdToken | null;
  readonly stopped_at: number;
  /** 1.6 meterStop; 2.0.1 the Energy.Active.Import.Register sample of the event, when present. */
  readonly meter_stop_wh: number | null;
  /** 1.6 reason / 2.0.1 stoppedReason as sent (the vocabularies share names: Local, Remote, EVDisconnected, ...); 1.6 absent means Local per spec and is stored as 'Local'. */
  readonly stop_reason: string | null;
  readonly trigger_reason: string | null;
  readonly seq_no: number | null;
  readonly offline: boolean;
  /** 1.6 transactionData / 2.0.1 meterValue. */
  readonly samples: readonly MeterSample[];
}

/** 1.6 StartTransaction / 2.0.1 TransactionEvent(Started). */
export interface TransactionStarted {
  /** One id space: 1.6 integer ids (allocated by Switchyard) as decimal strings, 2.0.1 ids as sent. */
  readonly transaction_id: string;
  readonly evse_id: number;
  readonly connector_id: number | null;
  readonly id_token: IdToken | null;
  readonly started_at: number;
  /** 1.6 meterStart; 2.0.1 the Energy.Active.Import.Register sample of the event, when present. */
  readonly meter_start_wh: number | null;
  readonly reservation_id: number | null;
  /** 2.0.1 remoteStartId. */
  readonly remote_start_id: number | null;
  /** 2.0.1 triggerReason as sent. */
  readonly trigger_reason: string | null;
  /** 2.0.1 transactionInfo.chargingState as sent. */
  readonly charging_state: string | null;
  /** 2.0.1 seqNo. */
  readonly seq_no: number | null;
  /** 2.0.1 offline flag: the event was queued while the charger was offline. */
  readonly offline: boolean;
  readonly samples: readonly MeterSample[];
}

/** 2.0.1 TransactionEvent(Updated). (1.6 meter values during a transaction are MeterValuesSampled with a transaction_id.) */
export interface TransactionUpdated {
  readonly transaction_id: string;
  readonly evse_id: number | null;
  readonly connector_id: number | null;
  readonly id_token: IdToken | null;
  readonly trigger_reason: string | null;
  readonly charging_state: string | null;
  readonly seq_no: number | null;
  readonly offline: boolean;
  readonly samples: readonly MeterSample[];
}

/** VALID/INVALID against the official OCPP JSON schema; NOT_VALIDATED when there was nothing to check against (e.g. a CALLRESULT for an unknown call). */
export const validationStatusSymbols = ['VALID', 'INVALID', 'NOT_VALIDATED'] as const;
export type ValidationStatus = (typeof validationStatusSymbols)[number];

/** 2.0.1 VariableAttributeType. */
export interface VariableAttribute {
  /** Actual (default), Target, MinSet, MaxSet. */
  readonly type: string | null;
  readonly value: string | null;
  readonly mutability: string | null;
  readonly persistent: boolean | null;
  readonly constant: boolean | null;
}

/** 2.0.1 VariableCharacteristicsType. */
export interface VariableCharacteristics {
  readonly data_type: string;
  readonly unit: string | null;
  readonly min_limit: number | null;
  readonly max_limit: number | null;
  readonly values_list: string | null;
  readonly supports_monitoring: boolean;
}

/** How the built-in CSMS answers this charger's BootNotification. */
export const bootPolicySymbols = ['ACCEPT', 'PENDING', 'REJECT'] as const;
export type BootPolicy = (typeof bootPolicySymbols)[number];

/** A charger known to Switchyard: how it authenticates and whether it may connect. */
export interface Charger {
  readonly charger_id: string;
  /** 0 (no authentication), 1 (Basic), 2 (TLS + Basic), 3 (mutual TLS). */
  readonly security_profile: number;
  /** Required for profiles 1 and 2. */
  readonly password: PasswordHash | null;
  /** Profile 3: the client certificate CN/SAN expected, when it differs from the charger id. */
  readonly certificate_identity: string | null;
  /** false: connections are refused (kept registered, e.g. suspended). */
  readonly allowed: boolean;
  readonly boot_policy: BootPolicy;
  /** Vendor quirk rules the operator enabled for this charger. */
  readonly quirk_rules: readonly string[];
  readonly labels: Readonly<Record<string, string>>;
  readonly created_at: number;
  readonly updated_at: number;
}

/** Value of the compacted topic switchyard.chargers (key: charger id): the charger's current registration. A deleted charger is a tombstone (null value). */
export interface ChargerRecord {
  readonly envelope: Envelope;
  readonly payload: Charger;
}

/** A salted scrypt hash of a charger's Basic-auth password (never the password). Parameters are stored so they can be raised later without invalidating old hashes. */
export interface PasswordHash {
  /** 'scrypt'. */
  readonly algorithm: string;
  readonly salt_base64url: string;
  readonly hash_base64url: string;
  /** scrypt N. */
  readonly cost: number;
  /** scrypt r. */
  readonly block_size: number;
  /** scrypt p. */
  readonly parallelization: number;
}

/** A charger CALL the gateway answered in the primary's name while the primary was unreachable (localAnswersWhilePrimaryDown): it is forwarded to the primary, in the charger's order, once the primary is back. */
export interface HeldCall {
  readonly charger_id: string;
  /** The charger's message id. */
  readonly message_id: string;
  /** When the edge received the CALL: the forwarding order. */
  readonly received_at: number;
  readonly action: string;
  /** The CALL's payload as JSON text. */
  readonly payload_json: string;
}

/** Value of the compacted topic switchyard.gateway.held-calls (key: '<charger id>/<message id>'): a locally answered CALL not yet forwarded to the charger's primary, so a restarted gateway still forwards it. A tombstone: the primary has answered it. */
export interface HeldCallRecord {
  readonly envelope: Envelope;
  readonly payload: HeldCall;
}

/** What an observer gets after its link was down: REPLAY re-sends the charger CALLs it missed from switchyard.ocpp.frames, in order, before live copies; SKIP resumes with live copies (the missed ones stay lost). */
export const observerCatchUpSymbols = ['REPLAY', 'SKIP'] as const;
export type ObserverCatchUp = (typeof observerCatchUpSymbols)[number];

/** An observer that is behind on a charger's calls: it must be sent the charger's CALLs from `from` on (read back from switchyard.ocpp.frames) before live copies. */
export interface ObserverPosition {
  readonly charger_id: string;
  /** The upstream's name in the charger's route. */
  readonly observer: string;
  /** The first charger CALL the observer has not answered (charger's message id). */
  readonly from_message_id: string;
  /** When the edge received that CALL: where the replay starts in the frames topic. */
  readonly from_received_at: number;
  /** The latest charger CALL held for the observer when this was written. */
  readonly latest_message_id: string;
  readonly latest_received_at: number;
  /** CALLs still to be caught up when this was written. */
  readonly missed: number;
}

/** Value of the compacted topic switchyard.gateway.observer-positions (key: '<charger id>/<observer>'): an observer behind on a charger's calls, so a restarted gateway still catches it up. A tombstone: the observer is live (caught up or skipped). */
export interface ObserverPositionRecord {
  readonly envelope: Envelope;
  readonly payload: ObserverPosition;
}

/** Where the traffic of the chargers in a scope goes: no upstream (the built-in CSMS alone) or exactly one primary and any observers. */
export interface Route {
  readonly scope: RouteScopeKind;
  /** CHARGER scope. */
  readonly charger_id: string | null;
  /** GROUP scope. */
  readonly group_name: string | null;
  /** GROUP scope: glob on the charger id, '*' matches any run of characters. */
  readonly id_pattern: string | null;
  /** GROUP scope: charger labels that must all match. */
  readonly labels: Readonly<Record<string, string>>;
  /** GROUP scope: lower wins where groups overlap (ties by group name). */
  readonly priority: number;
  readonly upstreams: readonly Upstream[];
  /** Primary unreachable: how long calls are held before the charger socket is closed. */
  readonly primary_grace_ms: number;
  readonly updated_at: number;
  /** Who made the change (admin API caller or CLI user). */
  readonly updated_by: string;
  /** Primary unreachable: answer Heartbeat and StatusNotification locally and forward them, in order, once it is back (never transaction messages). */
  readonly local_answers_while_primary_down: boolean;
}

/** Value of the compacted topic switchyard.routes (key: 'charger/<id>', 'group/<name>' or 'default'): the route in force. A removed route is a tombstone; the history of changes is the RouteChanged events on switchyard.ocpp.events. */
export interface RouteRecord {
  readonly envelope: Envelope;
  readonly payload: Route;
}

/** Which chargers a route covers: one charger, a group (id glob and/or labels), or every charger no other route covers. */
export const routeScopeKindSymbols = ['CHARGER', 'GROUP', 'DEFAULT'] as const;
export type RouteScopeKind = (typeof routeScopeKindSymbols)[number];

/** One CSMS a route sends traffic to. */
export interface Upstream {
  /** Unique within the route. */
  readonly name: string;
  readonly role: UpstreamRole;
  /** ws:// or wss:// base URL (the charger id is appended); null = the built-in CSMS. */
  readonly url: string | null;
  readonly auth_kind: UpstreamAuthKind;
  readonly basic_username: string | null;
  /** Sent to the upstream as is, so it cannot be hashed; the admin API never shows it. */
  readonly basic_password: string | null;
  /** CLIENT_CERTIFICATE: PEM file path on the gateway host (keys never travel through the log). */
  readonly certificate_file: string | null;
  readonly private_key_file: string | null;
  readonly connect_timeout_ms: number;
  readonly call_timeout_ms: number;
  /** Observers: actions it may still send to the charger. */
  readonly allowed_actions: readonly string[];
  /** Observers: replay or skip the copies missed while the link was down. */
  readonly catch_up: ObserverCatchUp;
}

/** How the gateway authenticates to a remote upstream. */
export const upstreamAuthKindSymbols = ['NONE', 'BASIC', 'CLIENT_CERTIFICATE'] as const;
export type UpstreamAuthKind = (typeof upstreamAuthKindSymbols)[number];

/** PRIMARY answers the charger and may control it; an OBSERVER gets copies, its answers are recorded and dropped. */
export const upstreamRoleSymbols = ['PRIMARY', 'OBSERVER'] as const;
export type UpstreamRole = (typeof upstreamRoleSymbols)[number];

/** The value type each topic carries (TopicNameStrategy subject `<topic>-value`). */
export interface TopicValues {
  readonly 'switchyard.cdrs': CdrRecord;
  readonly 'switchyard.chargers': ChargerRecord;
  readonly 'switchyard.gateway.held-calls': HeldCallRecord;
  readonly 'switchyard.gateway.observer-positions': ObserverPositionRecord;
  readonly 'switchyard.locations': LocationRecord;
  readonly 'switchyard.ocpi.cdr-deliveries': CdrDeliveryRecord;
  readonly 'switchyard.ocpi.command-grants': CommandGrantRecord;
  readonly 'switchyard.ocpi.evse-status-deliveries': EvseStatusDeliveryRecord;
  readonly 'switchyard.ocpi.partners': PartnerRecord;
  readonly 'switchyard.ocpi.reservations': ReservationRecord;
  readonly 'switchyard.ocpi.traffic': OcpiExchangeRecord;
  readonly 'switchyard.ocpp.commands': OcppCommandEvent;
  readonly 'switchyard.ocpp.events': OcppEvent;
  readonly 'switchyard.ocpp.frames': OcppFrameEvent;
  readonly 'switchyard.routes': RouteRecord;
  readonly 'switchyard.sessions': SessionRecord;
  readonly 'switchyard.tariffs': TariffRecord;
  readonly 'switchyard.tokens': TokenRecord;
}
