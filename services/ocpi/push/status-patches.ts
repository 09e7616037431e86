import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import { backoffDelayMs } from '../../core/bus/backoff.ts';
import type { RetryPolicy } from '../../core/bus/event-bus.ts';
import { isRetriable } from '../../core/errors.ts';
import type { PushPlan, EvseStatusUpdate } from './push-plan.ts';
import type { Deliver } from './push-delivery.ts';
import { LatestPerKey } from './latest-per-key.ts';

export interface StatusPatches {
  enqueue(update: EvseStatusUpdate): void;
  readonly pending: number;
  stop(): Promise<void>;
}

/**
 * EVSE status PATCHes to one partner, one at a time. While the partner is slow or down only each EVSE's
 * latest status waits (older ones are superseded, not queued); retriable failures back off and retry,
 * a refused PATCH is dropped (the EVSE's next change sends its status again).
 */
export function startStatusPatches(deps: {
  readonly plan: (update: EvseStatusUpdate) => PushPlan | null;
  readonly deliver: Deliver;
  /** The partner accepted this status. */
  readonly accepted: (update: EvseStatusUpdate) => void;
  readonly retry: RetryPolicy;
  readonly logger: Logger;
}): StatusPatches {
  const queue = new LatestPerKey<EvseStatusUpdate>();
  const abort = new AbortController();

  const drain = async (): Promise<void> => {
    let failuresInARow = 0;
    for (;;) {
      const next = await queue.take(abort.signal);
      if (next === null) return;
      const [key, update] = next;
      const plan = deps.plan(update);
      if (plan === null || plan.kind === 'skip') continue;
      try {
        await deps.deliver('evse-statuses', plan.request);
        deps.accepted(update);
        failuresInARow = 0;
      } catch (error) {
        if (!isRetriable(error)) {
          deps.logger.warn({ evse: key, err: error }, 'the partner refused an EVSE status; the next change sends it again');
          continue;
        }
        queue.putBack(key, update);
        failuresInARow += 1;
        const waited = await sleep(backoffDelayMs(deps.retry, failuresInARow), true, { signal: abort.signal }).catch(() => false);
        if (!waited) return;
      }
    }
  };
  const draining = drain();

  return {
    enqueue(update) {
      queue.put(`${update.locationOwner.country_code}/${update.locationOwner.party_id}/${update.locationId}/${update.evseUid}`, update);
    },
    get pending() {
      return queue.size;
    },
    async stop() {
      abort.abort();
      await draining;
    },
  };
}
