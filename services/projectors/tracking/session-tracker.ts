import type {
  ConnectorStatusChanged,
  LocationRecord,
  MeterSample,
  MeterValuesSampled,
  OcppEvent,
  OcppEventPayloadBranches,
  TariffRecord,
  TokenRecord,
  TransactionEnded,
  TransactionStarted,
  TransactionUpdated,
} from '../../core/events/generated-types.ts';
import { openUnion } from '../../core/events/union.ts';
import { ocpiDateTime } from '../../pricing/ocpi-date-time.ts';
import { sessionIdOf } from './derived-ids.ts';
import { evseUidOf } from './evse-uid.ts';
import { readingsFromSamples, type MeterReading } from './meter-readings.ts';
import { chainedOnto, placeOf, readingsUntil } from './reading-chain.ts';
import {
  bindSession,
  emptyReferenceData,
  withLocation,
  withTariff,
  withToken,
  type BindingDefaults,
  type ReferenceData,
  type ReferenceUpdate,
} from './reference-data.ts';
import { authorizeSession, emptyTrail, withCommandAnswered, withCommandSent, withDecision, type AuthorizationTrail } from './session-authorization.ts';
import { cdrTokenFor } from './session-token.ts';
import { withSettledUsage } from './settled-usage.ts';
import { ShardedMap } from './sharded-map.ts';
import { isFinished, type ChargingMark, type TrackedSession } from './tracked-session.ts';

export interface TrackerSettings extends BindingDefaults {
  /** Finished sessions kept per charger so late events can still correct them; older ones are dropped. */
  readonly finishedSessionsKept: number;
}

interface ChargerState {
  /** By OCPP transaction id. */
  readonly sessions: ReadonlyMap<string, TrackedSession>;
  /** OCPP evse id -> transaction id of the session running there. */
  readonly openByEvse: ReadonlyMap<number, string>;
  /** Transaction ids of finished sessions, oldest first. */
  readonly finished: readonly string[];
  /**
   * Per recording instance, the highest event id applied. Event ids (ULIDs) from one instance strictly
   * increase, so an id at or below the mark is a redelivery or a duplicate append.
   */
  readonly appliedUpTo: ReadonlyMap<string, string>;
  /** Token decisions and remote starts, for how the next sessions were authorized. */
  readonly trail: AuthorizationTrail;
}

export interface TrackerState {
  readonly reference: ReferenceData;
  readonly chargers: ShardedMap<ChargerState>;
}

export type TrackerInput =
  | { readonly kind: 'charger-event'; readonly event: OcppEvent }
  | { readonly kind: 'tariff'; readonly key: string; readonly record: TariffRecord | null }
  | { readonly kind: 'location'; readonly key: string; readonly record: LocationRecord | null }
  | { readonly kind: 'token'; readonly key: string; readonly record: TokenRecord | null };

export type TrackerStep =
  | { readonly outcome: 'changed'; readonly state: TrackerState; readonly session: TrackedSession; readonly cause: OcppEvent }
  | { readonly outcome: 'unchanged'; readonly state: TrackerState }
  | { readonly outcome: 'rejected'; readonly state: TrackerState; readonly reason: string };

export const initialTrackerState: TrackerState = { reference: emptyReferenceData, chargers: ShardedMap.empty() };

const emptyCharger: ChargerState = { sessions: new Map(), openByEvse: new Map(), finished: [], appliedUpTo: new Map(), trail: emptyTrail };
const maxAnomalies = 20;
/** 2.0.1 TriggerReasonEnumType: the transaction event was caused by a RequestStartTransaction. */
const remoteStartTrigger = 'RemoteStart';

/** 2.0.1 chargingState and 1.6 status names that say whether the EV is drawing power. */
const chargingByState: Readonly<Record<string, boolean>> = {
  Charging: true,
  EVConnected: false,
  SuspendedEV: false,
  SuspendedEVSE: false,
  Idle: false,
  Finishing: false,
};

/**
 * The pure core both projectors share: OCPP domain events (both versions, already normalized by the
 * edge), tariffs, locations and tokens in, the tracked sessions out. Deterministic: times come from the events,
 * ids from their content.
 */
export function trackSessions(state: TrackerState, input: TrackerInput, settings: TrackerSettings): TrackerStep {
  switch (input.kind) {
    case 'tariff':
      return withReference(state, withTariff(state.reference, input.key, input.record));
    case 'location':
      return withReference(state, withLocation(state.reference, input.key, input.record));
    case 'token':
      return withReference(state, withToken(state.reference, input.key, input.record));
    case 'charger-event':
      return trackChargerEvent(state, input.event, settings);
    default: {
      const unknown: never = input;
      throw new TypeError(`unknown tracker input ${JSON.stringify(unknown)}`);
    }
  }
}

/** Reference data changes no session: sessions keep what they were bound to when they started. */
function withReference(state: TrackerState, update: ReferenceUpdate): TrackerStep {
  if ('rejected' in update) return { outcome: 'rejected', state, reason: update.rejected };
  return { outcome: 'unchanged', state: { ...state, reference: update.data } };
}

function trackChargerEvent(state: TrackerState, event: OcppEvent, settings: TrackerSettings): TrackerStep {
  const chargerId = event.envelope.key;
  const before = state.chargers.get(chargerId) ?? emptyCharger;
  const instance = event.envelope.source.instance_id;
  const appliedUpTo = before.appliedUpTo.get(instance);
  if (appliedUpTo !== undefined && event.envelope.event_id <= appliedUpTo) return { outcome: 'unchanged', state };

  const charger: ChargerState = { ...before, appliedUpTo: new Map(before.appliedUpTo).set(instance, event.envelope.event_id) };
  const context: EventContext = { chargerId, charger, event, at: event.envelope.occurred_at ?? event.envelope.recorded_at, reference: state.reference, settings };
  const result = withUsageSettled(applyPayload(context));
  const traced = 'trail' in result && result.trail !== undefined ? { ...charger, trail: result.trail } : charger;
  const after = 'session' in result ? withSession(traced, result.session, settings) : traced;
  const next: TrackerState = { ...state, chargers: state.chargers.set(chargerId, after) };
  if ('rejected' in result) return { outcome: 'rejected', state: next, reason: result.rejected };
  if ('session' in result) {
    const previous = charger.sessions.get(result.session.transactionId);
    if (previous !== result.session) return { outcome: 'changed', state: next, session: result.session, cause: event };
  }
  return { outcome: 'unchanged', state: next };
}

interface EventContext {
  readonly chargerId: string;
  readonly charger: ChargerState;
  readonly event: OcppEvent;
  /** The charger's time of the event, else when it was recorded. */
  readonly at: number;
  readonly reference: ReferenceData;
  readonly settings: TrackerSettings;
}

/** `trail`: the charger's authorization trail after the event, when the event changed it. */
type PayloadResult =
  | { readonly session: TrackedSession; readonly trail?: AuthorizationTrail }
  | { readonly trail: AuthorizationTrail }
  | { readonly rejected: string }
  | { readonly ignored: true };

const ignored: PayloadResult = { ignored: true };

/** A changed session keeps its usage priced through its last reading, so its next view prices only the rest. */
function withUsageSettled(result: PayloadResult): PayloadResult {
  return 'session' in result ? { ...result, session: withSettledUsage(result.session) } : result;
}

function applyPayload(context: EventContext): PayloadResult {
  const payload = openUnion<OcppEventPayloadBranches>(context.event.payload);
  switch (payload.kind) {
    case 'io.switchyard.ocpp.TransactionStarted':
      return started(context, payload.value);
    case 'io.switchyard.ocpp.TransactionUpdated':
      return updated(context, payload.value);
    case 'io.switchyard.ocpp.TransactionEnded':
      return ended(context, payload.value);
    case 'io.switchyard.ocpp.MeterValuesSampled':
      return sampled(context, payload.value);
    case 'io.switchyard.ocpp.ConnectorStatusChanged':
      return statusChanged(context, payload.value);
    case 'io.switchyard.ocpp.AuthorizationDecided':
      return { trail: withDecision(context.charger.trail, payload.value) };
    case 'io.switchyard.ocpp.CommandSent':
      return { trail: withCommandSent(context.charger.trail, payload.value, context.event.envelope.recorded_at) };
    case 'io.switchyard.ocpp.CommandAnswered':
      return { trail: withCommandAnswered(context.charger.trail, payload.value) };
    case 'io.switchyard.ocpp.ChargerConnected':
    case 'io.switchyard.ocpp.ChargerAuthenticated':
    case 'io.switchyard.ocpp.ConnectionRejected':
    case 'io.switchyard.ocpp.ConnectionReplaced':
    case 'io.switchyard.ocpp.ChargerDisconnected':
    case 'io.switchyard.ocpp.ChargerBooted':
    case 'io.switchyard.ocpp.AuthorizationRequested':
    case 'io.switchyard.ocpp.FirmwareStatusChanged':
    case 'io.switchyard.ocpp.DiagnosticsStatusChanged':
    case 'io.switchyard.ocpp.SecurityEventReported':
    case 'io.switchyard.ocpp.DeviceModelReported':
    case 'io.switchyard.ocpp.DeviceEventsNotified':
    case 'io.switchyard.ocpp.CommandTimedOut':
    case 'io.switchyard.ocpp.CommandUndeliverable':
    case 'io.switchyard.ocpp.RouteChanged':
    case 'io.switchyard.ocpp.GatewayDecision':
      return ignored;
    default: {
      const unknown: never = payload;
      throw new TypeError(`unknown OCPP event ${JSON.stringify(unknown)}`);
    }
  }
}

function started(context: EventContext, value: TransactionStarted): PayloadResult {
  if (context.charger.sessions.has(value.transaction_id)) return ignored;
  const connectorId = value.connector_id ?? 1;
  const remoteStartClaimed = value.remote_start_id !== null || value.trigger_reason === remoteStartTrigger;
  const authorized =
    value.id_token === null
      ? null
      : authorizeSession(context.charger.trail, {
          token: value.id_token,
          evseId: value.evse_id,
          remoteStartClaimed,
          remoteStartId: value.remote_start_id,
          at: context.event.envelope.recorded_at,
        });
  const binding = bindSession(context.reference, context.settings, evseUidOf(context.chargerId, value.evse_id), String(connectorId), value.started_at);
  const session: TrackedSession = {
    id: sessionIdOf(context.chargerId, value.transaction_id),
    chargerId: context.chargerId,
    transactionId: value.transaction_id,
    evseId: value.evse_id,
    connectorId,
    idToken: value.id_token,
    cdrToken: cdrTokenFor(context.reference.tokens, value.id_token, binding.owner),
    // Until a token arrives nobody was asked; a remote start the charger announced stays a command's.
    authMethod: authorized?.authorization.method ?? (remoteStartClaimed ? 'COMMAND' : 'WHITELIST'),
    authorizationReference: authorized?.authorization.reference ?? null,
    // A 2.0.1 transaction can start when the cable is plugged in, before anyone is authorized.
    status: value.id_token === null ? 'PENDING' : 'ACTIVE',
    startedAt: value.started_at,
    endedAt: null,
    stopReason: null,
    meterStartWh: value.meter_start_wh,
    readings: null,
    stopReading: null,
    marks: [],
    binding,
    anomalies: binding.problems,
    lastUpdated: value.started_at,
    settled: null,
  };
  const opened = withSamples(withMark(session, value.started_at, value.charging_state), value.samples, value.started_at);
  return authorized === null ? { session: opened } : { session: opened, trail: authorized.trail };
}

function updated(context: EventContext, value: TransactionUpdated): PayloadResult {
  const session = context.charger.sessions.get(value.transaction_id);
  if (session === undefined) return { rejected: `TransactionUpdated for unknown transaction ${value.transaction_id}` };
  let next = withMark(session, context.at, value.charging_state);
  let trail: AuthorizationTrail | undefined;
  if (value.id_token !== null && next.status === 'PENDING') {
    const authorized = authorizeSession(context.charger.trail, {
      token: value.id_token,
      evseId: session.evseId,
      remoteStartClaimed: session.authMethod === 'COMMAND' || value.trigger_reason === remoteStartTrigger,
      remoteStartId: null,
      at: context.event.envelope.recorded_at,
    });
    trail = authorized.trail;
    next = {
      ...next,
      idToken: value.id_token,
      cdrToken: cdrTokenFor(context.reference.tokens, value.id_token, session.binding.owner),
      authMethod: authorized.authorization.method,
      authorizationReference: authorized.authorization.reference,
      status: 'ACTIVE',
    };
  }
  const changed = touched(withSamples(next, value.samples, context.at), session, context.at);
  return trail === undefined ? { session: changed } : { session: changed, trail };
}

function sampled(context: EventContext, value: MeterValuesSampled): PayloadResult {
  // 1.6 chargers may leave transactionId out of meter values sent during a transaction.
  const transactionId = value.transaction_id ?? context.charger.openByEvse.get(value.evse_id);
  if (transactionId === undefined) return ignored;
  const session = context.charger.sessions.get(transactionId);
  if (session === undefined) return { rejected: `MeterValues for unknown transaction ${transactionId}` };
  return { session: touched(withSamples(session, value.samples, context.at), session, context.at) };
}

function ended(context: EventContext, value: TransactionEnded): PayloadResult {
  const session = context.charger.sessions.get(value.transaction_id);
  if (session === undefined) return { rejected: `TransactionEnded without a start for transaction ${value.transaction_id}` };
  if (value.stopped_at < session.startedAt) {
    return { session: flagged(session, `stop at ${ocpiDateTime(value.stopped_at)} before the start was ignored`, context.at) };
  }
  const stopReading: MeterReading | null =
    value.meter_stop_wh === null ? null : { at: value.stopped_at, energyWh: value.meter_stop_wh, powerW: null, currentA: null };
  if (isFinished(session) && session.endedAt === value.stopped_at && sameReading(session.stopReading, stopReading)) return ignored;

  const closing: TrackedSession = {
    ...session,
    endedAt: value.stopped_at,
    stopReason: value.stop_reason,
    stopReading: null,
    readings: readingsUntil(session.readings, value.stopped_at),
  };
  let next = withSamples(closing, value.samples, value.stopped_at);
  if (stopReading !== null) next = withStopReading(next, stopReading);
  next =
    session.status === 'PENDING' || (session.status === 'INVALID' && session.idToken === null)
      ? { ...appendAnomaly(next, 'ended before anyone was authorized'), status: 'INVALID' }
      : { ...next, status: 'COMPLETED' };
  return { session: { ...next, lastUpdated: Math.max(session.lastUpdated, value.stopped_at, context.at) } };
}

function statusChanged(context: EventContext, value: ConnectorStatusChanged): PayloadResult {
  const transactionId = context.charger.openByEvse.get(value.evse_id);
  const session = transactionId === undefined ? undefined : context.charger.sessions.get(transactionId);
  if (session === undefined) return ignored;
  const next = withMark(session, context.at, value.status_raw);
  return next === session ? ignored : { session: touched(next, session, context.at) };
}

function sameReading(a: MeterReading | null, b: MeterReading | null): boolean {
  return a === b || (a !== null && b !== null && a.at === b.at && a.energyWh === b.energyWh);
}

function touched(next: TrackedSession, before: TrackedSession, at: number): TrackedSession {
  return next === before ? before : { ...next, lastUpdated: Math.max(before.lastUpdated, at) };
}

function appendAnomaly(session: TrackedSession, anomaly: string): TrackedSession {
  if (session.anomalies.length >= maxAnomalies) return session;
  return { ...session, anomalies: [...session.anomalies, anomaly] };
}

function flagged(session: TrackedSession, anomaly: string, at: number): TrackedSession {
  return { ...appendAnomaly(session, anomaly), lastUpdated: Math.max(session.lastUpdated, at) };
}

function withMark(session: TrackedSession, at: number, state: string | null): TrackedSession {
  const charging = state === null ? undefined : chargingByState[state];
  if (charging === undefined) return session;
  const previous = session.marks.filter((mark) => mark.at <= at).at(-1);
  if (previous?.charging === charging) return session;
  const mark: ChargingMark = { at, charging };
  const marks = [...session.marks.filter((candidate) => candidate.at <= at), mark, ...session.marks.filter((candidate) => candidate.at > at)];
  return { ...session, marks };
}

function withSamples(session: TrackedSession, samples: readonly MeterSample[], at: number): TrackedSession {
  let next = session;
  for (const reading of readingsFromSamples(samples)) next = withReading(next, reading, at);
  return next;
}

/** Readings must keep the meter monotonic between its neighbours; others are flagged and left out. */
function withReading(session: TrackedSession, reading: MeterReading, at: number): TrackedSession {
  if (reading.at < session.startedAt) return flagged(session, `reading at ${ocpiDateTime(reading.at)} before the start was ignored`, at);
  if (session.endedAt !== null && reading.at > session.endedAt) return flagged(session, `reading at ${ocpiDateTime(reading.at)} after the end was ignored`, at);
  const { previous, later } = placeOf(session.readings, reading.at);
  if (previous?.reading.at === reading.at) {
    return previous.reading.energyWh === reading.energyWh ? session : flagged(session, `second, different reading at ${ocpiDateTime(reading.at)} was ignored`, at);
  }
  const previousEnergy = previous?.reading.energyWh ?? session.meterStartWh;
  const nextEnergy = later[0]?.energyWh ?? session.stopReading?.energyWh ?? null;
  if (previousEnergy !== null && reading.energyWh < previousEnergy) {
    return flagged(session, `meter went backwards at ${ocpiDateTime(reading.at)} (${reading.energyWh} Wh after ${previousEnergy} Wh); reading ignored`, at);
  }
  if (nextEnergy !== null && reading.energyWh > nextEnergy) {
    return flagged(session, `reading at ${ocpiDateTime(reading.at)} (${reading.energyWh} Wh) above the later ${nextEnergy} Wh; reading ignored`, at);
  }
  return { ...session, readings: chainedOnto({ reading, earlier: previous }, later) };
}

function withStopReading(session: TrackedSession, stop: MeterReading): TrackedSession {
  const lastEnergy = session.readings?.reading.energyWh ?? session.meterStartWh;
  if (lastEnergy !== null && stop.energyWh < lastEnergy) {
    return appendAnomaly(session, `meter stop ${stop.energyWh} Wh below the last reading ${lastEnergy} Wh; the last reading ends the session`);
  }
  return { ...session, stopReading: stop };
}

function withSession(charger: ChargerState, session: TrackedSession, settings: TrackerSettings): ChargerState {
  const sessions = new Map(charger.sessions).set(session.transactionId, session);
  const openByEvse = new Map(charger.openByEvse);
  let finished = charger.finished;
  if (isFinished(session)) {
    if (openByEvse.get(session.evseId) === session.transactionId) openByEvse.delete(session.evseId);
    if (!finished.includes(session.transactionId)) finished = [...finished, session.transactionId];
    while (finished.length > settings.finishedSessionsKept) {
      const [oldest, ...rest] = finished;
      if (oldest !== undefined) sessions.delete(oldest);
      finished = rest;
    }
  } else {
    openByEvse.set(session.evseId, session.transactionId);
  }
  return { ...charger, sessions, openByEvse, finished };
}
