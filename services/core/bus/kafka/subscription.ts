import type { Consumer, Kafka } from 'kafkajs';
import type { Clock } from '../../clock.ts';
import type { AppendReceipt, AppendRequest, SubscribeOptions, Subscription } from '../event-bus.ts';
import { handleBatch, type BatchHandlingDeps } from './batch-handler.ts';
import { consumerConfig, type ConsumerTuning } from './consumer-tuning.ts';
import { HandledOffsets } from './handled-offsets.ts';
import { busError } from './kafka-errors.ts';
import type { BusLogger } from './logger-bridge.ts';

export interface SubscriptionDeps {
  readonly kafka: Kafka;
  readonly tuning: ConsumerTuning;
  readonly clock: Clock;
  readonly logger: BusLogger;
  readonly append: (requests: readonly AppendRequest[]) => Promise<AppendReceipt[]>;
}

/** One group member: a kafkajs consumer with manual commits, its batches handled by `handleBatch`. */
export async function startSubscription(deps: SubscriptionDeps, options: SubscribeOptions): Promise<Subscription> {
  const consumer = deps.kafka.consumer({
    ...consumerConfig(options.group, deps.tuning),
    // A member must outlive a failed group round (a SyncGroup refused mid-rebalance, a coordinator
    // move) as Java clients do: kafkajs restarts it from the last commit, so at-least-once holds.
    retry: { restartOnFailure: async () => true },
  });
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    deps.logger.error({ group: options.group, err: payload.error, restart: payload.restart }, 'consumer crashed');
  });
  const ready = fetchingAfterJoin(consumer, options.group);
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [...options.topics], fromBeginning: options.from === 'earliest' });
  } catch (error) {
    await consumer.disconnect().catch(() => undefined);
    throw busError('bus.subscribe_failed', `group ${options.group} could not subscribe`, error);
  }
  const handledOffsets = new HandledOffsets(deps.clock, deps.tuning.commitIntervalMs);
  consumer.on(consumer.events.GROUP_JOIN, () => handledOffsets.forget());
  let stopping: Promise<void> | undefined;
  const batchDeps: BatchHandlingDeps = {
    ...deps,
    heartbeatIntervalMs: deps.tuning.heartbeatIntervalMs,
    handledOffsets,
    stopping: () => stopping !== undefined,
  };
  // run() resolves only after the first join; callers wait for that through `ready` instead.
  const running = consumer.run({
    autoCommit: false,
    eachBatchAutoResolve: false,
    eachBatch: (payload) => handleBatch(batchDeps, options, payload),
  });
  const readyOrFailed = Promise.race([
    ready,
    running.then(
      () => ready,
      (error: unknown) => Promise.reject(busError('bus.subscribe_failed', `group ${options.group} could not join`, error)),
    ),
  ]);
  // The caller may never await `ready`; a failure before it must not become an unhandled rejection.
  readyOrFailed.catch(() => undefined);
  return {
    ready: readyOrFailed,
    stop: () => {
      stopping ??= (async () => {
        // Before leaving the group, while commits are still accepted: what the member handled since
        // its last commit. A batch in flight stops after its current record and commits on its own.
        await handledOffsets.commitAll((offsets) => consumer.commitOffsets(offsets)).catch((error: unknown) => {
          deps.logger.warn({ group: options.group, err: error }, 'could not commit handled offsets while stopping');
        });
        await consumer.disconnect();
      })();
      return stopping;
    },
  };
}

/**
 * Ready once the member was assigned partitions and one fetch completed, because kafkajs resolves the
 * start offsets of a new group ('latest' in particular) just before that first fetch.
 */
function fetchingAfterJoin(consumer: Consumer, group: string): Promise<void> {
  return new Promise((resolve, reject) => {
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (!payload.restart) reject(busError('bus.subscribe_failed', `group ${group} member crashed`, payload.error));
    });
    const stopListeningForJoin = consumer.on(consumer.events.GROUP_JOIN, () => {
      stopListeningForJoin();
      const stopListeningForFetch = consumer.on(consumer.events.FETCH, () => {
        stopListeningForFetch();
        resolve();
      });
    });
  });
}
