import type { Logger } from 'pino';
import type { EventBus } from '../../core/bus/event-bus.ts';
import { topics } from '../../core/bus/topic-catalogue.ts';
import type { Clock } from '../../core/clock.ts';
import type { EnvelopeBuilder } from '../../core/events/envelope.ts';
import type { Serde } from '../../core/serde/serde.ts';
import { startExpirySweep } from './expiry-sweep.ts';
import { openSharedState, type SharedState, type SharedTopic } from './shared-state.ts';

export interface OcpiSharedState {
  readonly reservations: SharedState<'switchyard.ocpi.reservations'>;
  readonly commandGrants: SharedState<'switchyard.ocpi.command-grants'>;
  readonly evseStatusDeliveries: SharedState<'switchyard.ocpi.evse-status-deliveries'>;
  close(): Promise<void>;
}

/** Expired reservations and grants are already ignored when read; the sweep only keeps the topics small. */
const expirySweepEveryMs = 60_000;

/**
 * The OCPI state every instance shares, each read from its topic's start before this resolves: command
 * state (reservations, grants) so any instance answers a command's follow-up, and what partners accepted.
 */
export async function openOcpiSharedState(deps: {
  readonly bus: EventBus;
  readonly serde: Serde;
  readonly envelopeOf: EnvelopeBuilder;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly instanceId: string;
}): Promise<OcpiSharedState> {
  const open = <T extends SharedTopic>(topic: T): Promise<SharedState<T>> =>
    openSharedState({
      bus: deps.bus,
      serde: deps.serde,
      envelopeOf: deps.envelopeOf,
      topic,
      group: `${topic}.${deps.instanceId}`,
      onUndecodable: (key, error) => deps.logger.error({ err: error, key, topic }, 'an OCPI state record does not decode; it is ignored'),
    });
  const [reservations, commandGrants, evseStatusDeliveries] = await Promise.all([
    open(topics.ocpiReservations),
    open(topics.ocpiCommandGrants),
    open(topics.ocpiEvseStatusDeliveries),
  ]);
  const sweeps = [reservations, commandGrants].map((state) => startExpirySweep({ state, clock: deps.clock, everyMs: expirySweepEveryMs, logger: deps.logger }));
  return {
    reservations,
    commandGrants,
    evseStatusDeliveries,
    async close() {
      for (const sweep of sweeps) sweep.stop();
      await Promise.all([reservations.close(), commandGrants.close(), evseStatusDeliveries.close()]);
    },
  };
}
