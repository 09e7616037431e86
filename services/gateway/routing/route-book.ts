import type { AppendRequest, EventBus } from '../../core/bus/event-bus.ts';
import { followFromStart } from '../../core/bus/follow-from-start.ts';
import { topics } from '../../core/bus/topic-catalogue.ts';
import { SwitchyardError } from '../../core/errors.ts';
import type { EnvelopeBuilder } from '../../core/events/envelope.ts';
import type { OcppEventPayloadBranches } from '../../core/events/generated-types.ts';
import { wrapUnion } from '../../core/events/union.ts';
import type { Serde } from '../../core/serde/serde.ts';
import { routeKeyOf, type Route } from './route.ts';
import { resolveRoute, type Resolution, type RoutedCharger } from './route-resolution.ts';
import { routeView } from './route-view.ts';
import { routeFromWire, routeToWire } from './route-wire.ts';

/** The routes in force, mirrored from switchyard.routes; every lookup is in memory. */
export interface RouteBook {
  /** Resolves once every route present at start has been read back from the topic. */
  readonly ready: Promise<void>;
  list(): Route[];
  get(routeKey: string): Route | undefined;
  /** Read per message, so a change applies to the next message without reconnecting anyone. */
  resolve(charger: RoutedCharger): Resolution;
  /** Stores the route and its audit event; returns the route it replaced. */
  put(route: Route): Promise<Route | undefined>;
  /** Returns the removed route, undefined when there was none. */
  remove(routeKey: string, changedBy: string): Promise<Route | undefined>;
  close(): Promise<void>;
}

export interface RouteBookDeps {
  readonly bus: EventBus;
  readonly serde: Serde;
  readonly envelopeOf: EnvelopeBuilder;
  /** Each instance reads the whole topic under its own group, so every instance routes the same way. */
  readonly instanceId: string;
}

/**
 * Routes live on the compacted topic (latest value per key); their history lives on switchyard.ocpp.events
 * as RouteChanged (who, when, before, after), appended in the same call so a change and its audit record
 * are written together.
 */
export async function openRouteBook(deps: RouteBookDeps): Promise<RouteBook> {
  const { bus, serde } = deps;
  const routes = new Map<string, Route>();
  // Resolution runs per message; the array is rebuilt only when a route changes.
  let inForce: readonly Route[] = [];
  const changed = (): void => {
    inForce = [...routes.values()];
  };
  const group = `switchyard.gateway.routes.${deps.instanceId}`;

  const followed = await followFromStart({
    bus,
    topic: topics.routes,
    group,
    handle: async (record) => {
      if (record.value === null) routes.delete(record.key);
      else routes.set(record.key, routeFromWire((await serde.decode(topics.routes, record.value)).payload));
      changed();
    },
  });

  const auditRecord = async (routeKey: string, changedBy: string, before: Route | undefined, after: Route | undefined): Promise<AppendRequest> => ({
    topic: topics.ocppEvents,
    key: routeKey,
    value: await serde.encode(topics.ocppEvents, {
      envelope: deps.envelopeOf({ key: routeKey }),
      payload: wrapUnion<OcppEventPayloadBranches, 'io.switchyard.ocpp.RouteChanged'>('io.switchyard.ocpp.RouteChanged', {
        route_key: routeKey,
        changed_by: changedBy,
        before_json: before === undefined ? null : JSON.stringify(routeView(before)),
        after_json: after === undefined ? null : JSON.stringify(routeView(after)),
      }),
    }),
  });

  const write = async (routeKey: string, records: readonly AppendRequest[]): Promise<void> => {
    try {
      await bus.append(records);
    } catch (error) {
      throw new SwitchyardError('routes.write-failed', `could not store route ${routeKey}`, { retriable: true, cause: error });
    }
  };

  return {
    ready: followed.ready,
    list: () => [...routes.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, route]) => route),
    get: (routeKey) => routes.get(routeKey),
    resolve: (charger) => resolveRoute(inForce, charger),
    async put(route) {
      const routeKey = routeKeyOf(route.scope);
      const before = routes.get(routeKey);
      const value = await serde.encode(topics.routes, {
        envelope: deps.envelopeOf({ key: routeKey }),
        payload: routeToWire(route),
      });
      await write(routeKey, [{ topic: topics.routes, key: routeKey, value }, await auditRecord(routeKey, route.updatedBy, before, route)]);
      routes.set(routeKey, route);
      changed();
      return before;
    },
    async remove(routeKey, changedBy) {
      const before = routes.get(routeKey);
      if (before === undefined) return undefined;
      await write(routeKey, [{ topic: topics.routes, key: routeKey, value: null }, await auditRecord(routeKey, changedBy, before, undefined)]);
      routes.delete(routeKey);
      changed();
      return before;
    },
    close: () => followed.close(),
  };
}
