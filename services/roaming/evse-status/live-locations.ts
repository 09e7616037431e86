import type { Logger } from 'pino';
import type { EventBus } from '../../core/bus/event-bus.ts';
import { topics } from '../../core/bus/topic-catalogue.ts';
import type { Serde } from '../../core/serde/serde.ts';
import { followFromStart } from '../../core/bus/follow-from-start.ts';
import type { OcpiLocation } from '../ocpi/location-object.ts';
import { ChargerLocations } from './charger-locations.ts';
import { chargerSignalOf, eventTimeOf } from './charger-signal.ts';
import { emptyLocationStatus, evolveLocationStatus, liveLocation, liveLocationKeys, type LocationStatusState } from './location-status-projection.ts';

/** The Locations with live EVSE statuses: what the OCPI Locations module serves and pushes. */
export interface LiveLocations {
  /** Resolves once the charger events present at start have been applied. */
  readonly ready: Promise<void>;
  /** By record key (country_code/party_id/id). */
  read(key: string): OcpiLocation | undefined;
  list(): OcpiLocation[];
  /** Fed by the location store, so a location is live as soon as it is stored. */
  locationChanged(key: string, location: OcpiLocation | null, at: number): void;
  /**
   * Called after a location may have changed, with what moved it: the operator's location record or a
   * charger's status. Push follows EVSE statuses through it.
   */
  onChange(listener: LiveLocationListener): () => void;
  close(): Promise<void>;
}

export type LiveLocationListener = (key: string, cause: 'location' | 'charger') => void;

export interface LiveLocationsDeps {
  readonly bus: EventBus;
  readonly serde: Serde;
  readonly instanceId: string;
  readonly logger: Logger;
}

/**
 * Runs evolveLocationStatus over switchyard.ocpp.events (read from the start, like the projectors: the
 * state is in memory) and the location changes it is given.
 */
export async function openLiveLocations(deps: LiveLocationsDeps): Promise<LiveLocations> {
  let state: LocationStatusState = emptyLocationStatus;
  const listeners = new Set<LiveLocationListener>();
  const chargerLocations = new ChargerLocations();
  const announce = (keys: Iterable<string>, cause: 'location' | 'charger'): void => {
    for (const key of keys) for (const listener of listeners) listener(key, cause);
  };
  const followed = await followFromStart({
    bus: deps.bus,
    topic: topics.ocppEvents,
    group: `switchyard.roaming.evse-status.${deps.instanceId}`,
    handle: async (record) => {
      if (record.value === null) return;
      try {
        const event = await deps.serde.decode(topics.ocppEvents, record.value);
        const signal = chargerSignalOf(event);
        if (signal !== null) {
          state = evolveLocationStatus(state, { kind: 'charger', chargerId: record.key, signal, at: eventTimeOf(event) });
          announce(chargerLocations.locationsOf(record.key), 'charger');
        }
      } catch (error) {
        deps.logger.error({ err: error, key: record.key, offset: record.offset, partition: record.partition }, 'a charger event does not decode; EVSE statuses skip it');
      }
    },
  });
  const read = (key: string) => liveLocation(state, key);
  return {
    ready: followed.ready,
    read,
    list: () => liveLocationKeys(state).flatMap((key) => read(key) ?? []),
    locationChanged: (key, location, at) => {
      chargerLocations.update(key, state.locations.get(key)?.location, location);
      state = evolveLocationStatus(state, { kind: 'location', key, location, at });
      announce([key], 'location');
    },
    onChange: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: () => followed.close(),
  };
}
