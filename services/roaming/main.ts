import type { Logger } from 'pino';
import type { EventBus } from '../core/bus/event-bus.ts';
import type { Clock } from '../core/clock.ts';
import { createEnvelopeBuilder } from '../core/events/envelope.ts';
import type { AdminRouteRegistrar } from '../core/http/admin-api.ts';
import type { ServiceContext } from '../core/platform/service-context.ts';
import { openServiceSerde } from '../core/platform/service-serde.ts';
import type { Serde } from '../core/serde/serde.ts';
import { registerRoamingRoutes } from './admin/roaming-routes.ts';
import { openLiveLocations, type LiveLocations } from './evse-status/live-locations.ts';
import { locationKind } from './ocpi/location-kind.ts';
import { roamingKey, ownerOf } from './ocpi/roaming-kind.ts';
import { tariffKind } from './ocpi/tariff-kind.ts';
import { tokenKind } from './ocpi/token-kind.ts';
import type { OcpiLocation } from './ocpi/location-object.ts';
import type { OcpiTariff } from './ocpi/tariff-object.ts';
import type { OcpiToken } from './ocpi/token-object.ts';
import { openRoamingStore, type RoamingStore } from './roaming-store.ts';

export interface RoamingStateDeps {
  readonly bus: EventBus;
  readonly serde: Serde;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Names this reader's consumer groups: two readers in one process need different ids. */
  readonly instanceId: string;
}

export interface RoamingDeps extends RoamingStateDeps {
  readonly admin: AdminRouteRegistrar;
}

/** The roaming read side (and the stores to write through), without the admin routes. */
export interface RoamingState {
  readonly locations: LiveLocations;
  readonly locationStore: RoamingStore<OcpiLocation>;
  readonly tariffStore: RoamingStore<OcpiTariff>;
  readonly tokenStore: RoamingStore<OcpiToken>;
  /** Resolves once the stores and the EVSE statuses have read their topics up to where they were at start. */
  readonly ready: Promise<void>;
  close(): Promise<void>;
}

export interface RunningRoaming {
  readonly locations: LiveLocations;
  /** Resolves once the stores and the EVSE statuses have read their topics up to where they were at start. */
  readonly ready: Promise<void>;
  close(): Promise<void>;
}

/**
 * Roaming state: Locations, Tariffs and Tokens on their compacted topics, and the Locations' live EVSE
 * statuses from the charger events. The OCPI service opens its own with a different instance id.
 */
export async function openRoamingState(deps: RoamingStateDeps): Promise<RoamingState> {
  const { bus, serde, clock, logger, instanceId } = deps;
  const storeDeps = {
    bus,
    serde,
    clock,
    instanceId,
    envelopeOf: createEnvelopeBuilder({ clock, source: { service: 'roaming', instanceId } }),
    onUndecodable: (key: string, error: unknown) => logger.error({ err: error, key }, 'a roaming record does not decode; it is ignored'),
  };
  const locations = await openLiveLocations({ bus, serde, instanceId, logger });
  const locationStore = await openRoamingStore(locationKind, { ...storeDeps, onChange: (key, location, at) => locations.locationChanged(key, location, at) });
  const tariffStore = await openRoamingStore(tariffKind, { ...storeDeps, onChange: () => undefined });
  const tokenStore = await openRoamingStore(tokenKind, { ...storeDeps, onChange: () => undefined });
  return {
    locations,
    locationStore,
    tariffStore,
    tokenStore,
    ready: Promise.all([locations.ready, locationStore.ready, tariffStore.ready, tokenStore.ready]).then(() => undefined),
    async close() {
      await tokenStore.close();
      await tariffStore.close();
      await locationStore.close();
      await locations.close();
    },
  };
}

/** The roaming state with its admin routes (Locations, Tariffs, Tokens edited by the operator). */
export async function openRoaming(deps: RoamingDeps): Promise<RunningRoaming> {
  const state = await openRoamingState(deps);
  const { locations, locationStore, tariffStore, tokenStore } = state;
  registerRoamingRoutes(deps.admin, locationKind, {
    store: locationStore,
    clock: deps.clock,
    present: (location) => locations.read(roamingKey(ownerOf(location), location.id)) ?? location,
  });
  registerRoamingRoutes(deps.admin, tariffKind, { store: tariffStore, clock: deps.clock, present: (tariff) => tariff });
  registerRoamingRoutes(deps.admin, tokenKind, { store: tokenStore, clock: deps.clock, present: (token) => token });
  return { locations, ready: state.ready, close: () => state.close() };
}

/** The composition root `switchyard run` and `switchyard projector roaming` start. */
export async function startRoaming(context: ServiceContext): Promise<void> {
  const readiness = context.readiness.register('roaming');
  const serde = await openServiceSerde(context.platform, ['switchyard.ocpp.events', 'switchyard.locations', 'switchyard.tariffs', 'switchyard.tokens']);
  const roaming = await openRoaming({
    bus: context.platform.bus,
    serde,
    clock: context.clock,
    logger: context.logger,
    admin: context.admin,
    instanceId: context.config.instanceId,
  });
  context.lifecycle.onStop('roaming', () => roaming.close());
  readiness.notReady('reading locations, tariffs, tokens and charger events');
  roaming.ready.then(
    () => readiness.ready('live'),
    (error: unknown) => {
      context.logger.error({ err: error }, 'roaming state could not be read');
      readiness.notReady('reading failed');
    },
  );
}
