import type { ConnectorStatus } from '../../core/events/generated-types.ts';
import { ShardedMap } from '../../projectors/tracking/sharded-map.ts';
import type { EvseStatus, OcpiEvse, OcpiLocation } from '../ocpi/location-object.ts';
import { isoOf } from '../ocpi/roaming-kind.ts';
import { evseStatusOfConnectors, ocpiStatusOf } from './ocpi-evse-status.ts';

/** What a charger said about itself, as far as EVSE status goes. `at` is the event's time, epoch ms. */
export type ChargerSignal =
  | { readonly type: 'connected' }
  | { readonly type: 'disconnected' }
  | { readonly type: 'booted' }
  | { readonly type: 'status'; readonly evseId: number; readonly connectorId: number | null; readonly status: ConnectorStatus };

export type LocationStatusInput =
  | { readonly kind: 'location'; readonly key: string; readonly location: OcpiLocation | null; readonly at: number }
  | { readonly kind: 'charger'; readonly chargerId: string; readonly signal: ChargerSignal; readonly at: number };

interface ReportedStatus {
  readonly status: EvseStatus;
  readonly at: number;
}

interface ChargerState {
  readonly online: boolean;
  readonly onlineSince: number;
  /** OCPP EVSE 0: the station as a whole. */
  readonly station: ReportedStatus | null;
  /** By `<evse id>/<connector id>`. */
  readonly connectors: ReadonlyMap<string, ReportedStatus & { readonly evseId: number }>;
}

interface LocationEntry {
  /** null once deleted: its EVSEs are then all REMOVED, which is how OCPI retires a location. */
  readonly location: OcpiLocation | null;
  /** EVSEs an update or the deletion took away, shown as REMOVED (OCPI never deletes an EVSE). */
  readonly removed: ReadonlyMap<string, { readonly evse: OcpiEvse; readonly at: number }>;
}

/** Both maps share structure between versions, so an input costs the size of what it touches, not the fleet. */
export interface LocationStatusState {
  readonly locations: ShardedMap<LocationEntry>;
  readonly chargers: ShardedMap<ChargerState>;
}

export const emptyLocationStatus: LocationStatusState = { locations: ShardedMap.empty(), chargers: ShardedMap.empty() };

/**
 * Folds operator-entered Locations and charger events into live EVSE statuses. Inputs of the two kinds
 * touch separate parts of the state, so the result does not depend on how the two topics interleave;
 * applying an input twice changes nothing.
 */
export function evolveLocationStatus(state: LocationStatusState, input: LocationStatusInput): LocationStatusState {
  switch (input.kind) {
    case 'location':
      return { ...state, locations: withLocation(state.locations, input.key, input.location, input.at) };
    case 'charger':
      return { ...state, chargers: state.chargers.set(input.chargerId, withSignal(state.chargers.get(input.chargerId), input.signal, input.at)) };
    default: {
      const unreachable: never = input;
      return unreachable;
    }
  }
}

function withLocation(locations: ShardedMap<LocationEntry>, key: string, location: OcpiLocation | null, at: number): ShardedMap<LocationEntry> {
  const before = locations.get(key);
  if (before === undefined && location === null) return locations;
  const kept = new Set((location?.evses ?? []).map((evse) => evse.uid));
  const removed = new Map([...(before?.removed ?? [])].filter(([uid]) => !kept.has(uid)));
  for (const evse of before?.location?.evses ?? []) if (!kept.has(evse.uid)) removed.set(evse.uid, { evse, at });
  return locations.set(key, { location: location ?? before?.location ?? null, removed: location === null ? allRemoved(before, at) : removed });
}

function allRemoved(before: LocationEntry | undefined, at: number): Map<string, { evse: OcpiEvse; at: number }> {
  const removed = new Map(before?.removed ?? []);
  for (const evse of before?.location?.evses ?? []) if (!removed.has(evse.uid)) removed.set(evse.uid, { evse, at });
  return removed;
}

function withSignal(before: ChargerState | undefined, signal: ChargerSignal, at: number): ChargerState {
  const current: ChargerState = before ?? { online: false, onlineSince: at, station: null, connectors: new Map() };
  switch (signal.type) {
    case 'connected':
      return { ...current, online: true, onlineSince: at };
    case 'disconnected':
      return { ...current, online: false, onlineSince: at };
    case 'booted':
      // A restarted charger reports every connector again; what it said before the reboot no longer holds.
      return { online: true, onlineSince: at, station: null, connectors: new Map() };
    case 'status': {
      const reported = { status: ocpiStatusOf(signal.status), at };
      if (signal.evseId === 0) return { ...current, online: true, station: reported };
      const connectors = new Map(current.connectors).set(`${signal.evseId}/${signal.connectorId ?? 0}`, { ...reported, evseId: signal.evseId });
      return { ...current, online: true, connectors };
    }
    default: {
      const unreachable: never = signal;
      return unreachable;
    }
  }
}

/** The status of one mapped EVSE and the time it took that status; null when its charger was never heard of. */
function liveStatusOf(state: LocationStatusState, evse: OcpiEvse): ReportedStatus | null {
  const charger = state.chargers.get(evse.switchyard.charger_id);
  if (charger === undefined) return null;
  if (!charger.online) return { status: 'UNKNOWN', at: charger.onlineSince };
  if (charger.station !== null && (charger.station.status === 'OUTOFORDER' || charger.station.status === 'INOPERATIVE')) return charger.station;
  const reports = [...charger.connectors.values()].filter((report) => report.evseId === evse.switchyard.evse_id);
  if (reports.length === 0) return { status: 'UNKNOWN', at: charger.onlineSince };
  return { status: evseStatusOfConnectors(reports.map((report) => report.status)), at: Math.max(...reports.map((report) => report.at)) };
}

const latest = (...times: readonly string[]): string => times.reduce((a, b) => (Date.parse(b) > Date.parse(a) ? b : a));

function liveEvse(state: LocationStatusState, evse: OcpiEvse): OcpiEvse {
  const live = liveStatusOf(state, evse);
  if (live === null) return evse;
  return { ...evse, status: live.status, last_updated: latest(evse.last_updated, isoOf(live.at)) };
}

/** The Location as roaming partners should see it now: EVSE statuses from the chargers, removed EVSEs last. */
export function liveLocation(state: LocationStatusState, key: string): OcpiLocation | undefined {
  const entry = state.locations.get(key);
  if (entry?.location === undefined || entry.location === null) return undefined;
  const current = entry.location;
  const evses = [
    ...current.evses.filter((evse) => !entry.removed.has(evse.uid)).map((evse) => liveEvse(state, evse)),
    ...[...entry.removed.values()].map(({ evse, at }) => ({ ...evse, status: 'REMOVED' as const, last_updated: latest(evse.last_updated, isoOf(at)) })),
  ];
  return { ...current, evses, last_updated: latest(current.last_updated, ...evses.map((evse) => evse.last_updated)) };
}

export function liveLocationKeys(state: LocationStatusState): string[] {
  return [...state.locations.keys()].sort();
}
