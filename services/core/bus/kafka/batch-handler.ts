import type { EachBatchPayload, PartitionOffset, TopicOffsets, TopicPartitionOffsetAndMetadata } from 'kafkajs';
import type { Clock } from '../../clock.ts';
import { batchHandlerOf, deliverBatch, handlerUnits, type BatchDelivery } from '../batch-delivery.ts';
import { deadLetterRequest } from '../dead-letter.ts';
import {
  defaultRetryPolicy,
  type AppendReceipt,
  type AppendRequest,
  type BusRecord,
  type SubscribeOptions,
} from '../event-bus.ts';
import type { HandledOffsets, SendCommit } from './handled-offsets.ts';
import type { BusLogger } from './logger-bridge.ts';
import { toBusRecord } from './record-mapping.ts';

export interface BatchHandlingDeps {
  readonly clock: Clock;
  readonly logger: BusLogger;
  readonly heartbeatIntervalMs: number;
  readonly handledOffsets: HandledOffsets;
  /** True once the subscription is stopping: the member finishes the record in flight and no more. */
  readonly stopping: () => boolean;
  readonly append: (requests: readonly AppendRequest[]) => Promise<AppendReceipt[]>;
}

/**
 * Handles one fetched batch of one partition in order: record by record for a record handler, all at
 * once for a batch handler (see batch-delivery.ts). An offset is committed only once its record was
 * handled or dead-lettered, so delivery is at least once. A partition is committed when the member has
 * caught up with it or its commit interval is over (see handled-offsets.ts); a member that stops, loses
 * the partition or fails mid-batch commits everything it finished and leaves the rest to the next owner.
 */
export async function handleBatch(
  deps: BatchHandlingDeps,
  options: SubscribeOptions,
  payload: EachBatchPayload,
): Promise<void> {
  const { batch } = payload;
  const { topic, partition } = batch;
  const offsets = deps.handledOffsets;
  const send: SendCommit = (taken) => payload.commitOffsetsIfNecessary({ topics: byTopic(taken) });
  let lastHeartbeatAt = deps.clock.now();
  let finished = false;
  const delivery = deliveryOf(deps, options, payload, (nextOffset) => {
    payload.resolveOffset(String(nextOffset - 1));
    offsets.handled(topic, partition, nextOffset);
  });
  const records = batch.messages.map((message) => toBusRecord(topic, partition, message));
  try {
    for (const unit of handlerUnits(options, records)) {
      if (!stillHandling(deps, payload)) return;
      if ((await deliverBatch(delivery, unit)) === 'interrupted') return;
      if (offsets.commitDue(topic, partition)) await offsets.commitPartition(topic, partition, send);
      // kafkajs heartbeats only once its interval is over; asking per record would cost a few promises each.
      if (deps.clock.now() - lastHeartbeatAt >= deps.heartbeatIntervalMs) {
        lastHeartbeatAt = deps.clock.now();
        await payload.heartbeat();
      }
    }
    finished = true;
  } finally {
    if (!finished) await offsets.commitAll(send);
    // Caught up: no batch of this partition may come soon to carry the commit.
    else if (Number(batch.lastOffset()) + 1 >= Number(batch.highWatermark)) await offsets.commitPartition(topic, partition, send);
  }
}

function stillHandling(deps: BatchHandlingDeps, payload: EachBatchPayload): boolean {
  return payload.isRunning() && !payload.isStale() && !deps.stopping();
}

function byTopic(offsets: readonly TopicPartitionOffsetAndMetadata[]): TopicOffsets[] {
  const topics = new Map<string, PartitionOffset[]>();
  for (const { topic, partition, offset } of offsets) {
    const partitions = topics.get(topic);
    if (partitions === undefined) topics.set(topic, [{ partition, offset }]);
    else partitions.push({ partition, offset });
  }
  return [...topics].map(([topic, partitions]) => ({ topic, partitions }));
}

/** Retries wait while heartbeating; a dead letter is appended once (a failed append fails the batch). */
function deliveryOf(
  deps: BatchHandlingDeps,
  options: SubscribeOptions,
  payload: EachBatchPayload,
  handled: (nextOffset: number) => void,
): BatchDelivery {
  const context = (record: BusRecord) => ({ group: options.group, topic: record.topic, partition: record.partition, offset: record.offset });
  return {
    handle: batchHandlerOf(options),
    policy: options.retry ?? defaultRetryPolicy,
    handled,
    pause: (delayMs, failed, error, attempts) => {
      deps.logger.warn({ ...context(failed), attempts, err: error }, 'handler failed, retrying');
      return pauseWhileMember(deps, payload, delayMs);
    },
    deadLetter: async (failed, error, attempts) => {
      deps.logger.error({ ...context(failed), attempts, err: error }, 'handler failed, dead-lettering the record');
      await deps.append([deadLetterRequest(failed, error, { group: options.group, attempts })]);
      return true;
    },
  };
}

/** Sleeps in heartbeat-sized slices; false when the member stopped or lost the partition meanwhile. */
async function pauseWhileMember(deps: BatchHandlingDeps, payload: EachBatchPayload, delayMs: number): Promise<boolean> {
  let remaining = delayMs;
  while (remaining > 0) {
    const slice = Math.min(remaining, deps.heartbeatIntervalMs);
    await new Promise((resolve) => setTimeout(resolve, slice));
    remaining -= slice;
    if (!stillHandling(deps, payload)) return false;
    await payload.heartbeat();
  }
  return true;
}
