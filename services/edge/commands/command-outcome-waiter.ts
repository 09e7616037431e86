import type { BusRecord, EventBus, Subscription } from '../../core/bus/event-bus.ts';
import { topics } from '../../core/bus/topic-catalogue.ts';
import { SwitchyardError } from '../../core/errors.ts';
import type { OcppEventPayloadBranches } from '../../core/events/generated-types.ts';
import { openUnion } from '../../core/events/union.ts';
import type { Serde } from '../../core/serde/serde.ts';
import { commandIdHeader } from './command-wire.ts';

/** How a command ended, as the events topic says. */
export type CommandResolution =
  | { readonly kind: 'answered'; readonly event: OcppEventPayloadBranches['io.switchyard.ocpp.CommandAnswered'] }
  | { readonly kind: 'timedOut'; readonly event: OcppEventPayloadBranches['io.switchyard.ocpp.CommandTimedOut'] }
  | { readonly kind: 'undeliverable'; readonly event: OcppEventPayloadBranches['io.switchyard.ocpp.CommandUndeliverable'] }
  /** Nobody picked the command up within its delivery window (no instance holds the socket). */
  | { readonly kind: 'notPickedUp' }
  /** Sent, but no outcome arrived in time (the acting instance died, or the bus lags). */
  | { readonly kind: 'noOutcome' };

export interface CommandWait {
  /** Resolves once outcomes are being read: append the command only then, so a fast answer is not missed. */
  readonly listening: Promise<void>;
  readonly resolution: Promise<CommandResolution>;
}

export interface CommandOutcomeWaiter {
  /**
   * Starts listening for one command's outcome; call it before appending the command, so a fast
   * answer is not missed. deliverBy: when it must have been sent; answerWithinMs: after sending.
   */
  expect(commandId: string, deliverBy: number, answerWithinMs: number): CommandWait;
  stop(): Promise<void>;
}

interface Waiter {
  sent: boolean;
  timer: NodeJS.Timeout;
  readonly answerWithinMs: number;
  readonly resolve: (resolution: CommandResolution) => void;
}

/**
 * Reads the events topic (own consumer group per instance, from the moment it starts listening) and hands
 * command outcomes to the API requests waiting for them. Only records with the command-id header are
 * decoded. It reads only while some request waits (and a minute after): the edge writes every frame's
 * events to that topic, and reading them all when nobody asks would cost the edge CPU on every call.
 */
export function startCommandOutcomeWaiter(deps: {
  bus: EventBus;
  serde: Serde;
  instanceId: string;
  now: () => number;
  /** How long reading goes on after the last waiter settled, so a burst of commands joins the group once. */
  lingerMs: number;
}): CommandOutcomeWaiter {
  const { bus, serde } = deps;
  const group = `switchyard.edge.command-outcomes.${deps.instanceId}`;
  const waiters = new Map<string, Waiter>();
  /** Grace for the acting instance's batched append and this subscription's fetch. */
  const graceMs = 1_000;
  /** Starts and stops run one after another: a group is sought only while it has no running member. */
  let lifecycle: Promise<unknown> = Promise.resolve();
  let subscription: Promise<Subscription> | undefined;
  let lingerTimer: NodeJS.Timeout | undefined;
  let stopped = false;

  const stopListening = (): Promise<void> => {
    clearTimeout(lingerTimer);
    const running = subscription;
    subscription = undefined;
    if (running === undefined) return lifecycle.then(() => undefined);
    const stopping = lifecycle.then(async () => (await running).stop());
    lifecycle = stopping.catch(() => undefined);
    return stopping;
  };

  const settle = (commandId: string, resolution: CommandResolution): void => {
    const waiter = waiters.get(commandId);
    if (waiter === undefined) return;
    clearTimeout(waiter.timer);
    waiters.delete(commandId);
    waiter.resolve(resolution);
    if (waiters.size === 0 && !stopped) {
      lingerTimer = setTimeout(() => {
        // A failed stop leaves nothing to retry: the next expect starts a fresh subscription.
        stopListening().catch(() => undefined);
      }, deps.lingerMs);
      lingerTimer.unref();
    }
  };

  const onRecord = async (record: BusRecord): Promise<void> => {
    const commandId = record.headers[commandIdHeader];
    if (commandId === undefined || record.value === null) return;
    const waiter = waiters.get(commandId);
    if (waiter === undefined) return;
    const event = openUnion((await serde.decode(topics.ocppEvents, record.value)).payload);
    switch (event.kind) {
      case 'io.switchyard.ocpp.CommandSent':
        if (!waiter.sent) {
          waiter.sent = true;
          clearTimeout(waiter.timer);
          waiter.timer = setTimeout(() => settle(commandId, { kind: 'noOutcome' }), waiter.answerWithinMs + graceMs);
        }
        return;
      case 'io.switchyard.ocpp.CommandAnswered':
        settle(commandId, { kind: 'answered', event: event.value });
        return;
      case 'io.switchyard.ocpp.CommandTimedOut':
        settle(commandId, { kind: 'timedOut', event: event.value });
        return;
      case 'io.switchyard.ocpp.CommandUndeliverable':
        settle(commandId, { kind: 'undeliverable', event: event.value });
        return;
      default:
        return;
    }
  };

  const subscribe = async (): Promise<Subscription> => {
    await bus.seekGroup(group, topics.ocppEvents, { kind: 'latest' });
    const started = await bus.subscribe({ group, topics: [topics.ocppEvents], from: 'latest', handler: onRecord });
    await started.ready;
    return started;
  };

  const listen = async (): Promise<void> => {
    clearTimeout(lingerTimer);
    if (subscription === undefined) {
      const starting = lifecycle.then(subscribe);
      subscription = starting;
      lifecycle = starting.catch(() => undefined);
      // Not listening after all: the next request tries again.
      starting.catch(() => {
        if (subscription === starting) subscription = undefined;
      });
    }
    await subscription;
  };

  return {
    expect(commandId, deliverBy, answerWithinMs) {
      if (stopped) throw new SwitchyardError('edge.waiter-stopped', 'the edge is shutting down', { retriable: true });
      const resolution = new Promise<CommandResolution>((resolve) => {
        const timer = setTimeout(() => settle(commandId, { kind: 'notPickedUp' }), Math.max(0, deliverBy - deps.now()) + graceMs);
        waiters.set(commandId, { sent: false, timer, answerWithinMs, resolve });
      });
      return { listening: listen(), resolution };
    },
    async stop() {
      stopped = true;
      await stopListening();
      for (const commandId of [...waiters.keys()]) settle(commandId, { kind: 'noOutcome' });
    },
  };
}
