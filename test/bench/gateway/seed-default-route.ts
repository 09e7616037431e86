import type { z } from 'zod';
import type { EventBus } from '../../../services/core/bus/event-bus.ts';
import type { Clock } from '../../../services/core/clock.ts';
import { createEnvelopeBuilder } from '../../../services/core/events/envelope.ts';
import type { Serde } from '../../../services/core/serde/serde.ts';
import { openRouteBook } from '../../../services/gateway/routing/route-book.ts';
import { routeRequestSchema } from '../../../services/gateway/routing/route-request.ts';
import { validateRoute } from '../../../services/gateway/routing/route-validation.ts';

export type RouteRequestInput = z.input<typeof routeRequestSchema>;

/** Stores the default route before the edge opens, as `PUT /api/routes/default` would. */
export async function seedDefaultRoute(deps: { bus: EventBus; serde: Serde; clock: Clock; instanceId: string }, request: RouteRequestInput): Promise<void> {
  const validation = validateRoute({ kind: 'default' }, routeRequestSchema.parse(request), { at: deps.clock.now(), by: 'bench' });
  if (!validation.ok) throw new Error(`invalid bench route: ${validation.problems.join('; ')}`);
  const envelopeOf = createEnvelopeBuilder({ clock: deps.clock, source: { service: 'bench', instanceId: deps.instanceId } });
  const routes = await openRouteBook({ bus: deps.bus, serde: deps.serde, envelopeOf, instanceId: `${deps.instanceId}-seed` });
  try {
    await routes.put(validation.route);
  } finally {
    await routes.close();
  }
}
