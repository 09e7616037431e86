import type { EachBatchPayload, PartitionOffset, TopicOffsets, TopicPartitionOffsetAndMetadata } from 'kafkajs';
import type { Clock } from '../../clock.ts';
import { decideAfterFailure } from '../backoff.ts';
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

type Outcome = 'handled' | 'interrupted';

/**
 * Handles one fetched batch of one partition in order. An offset is committed only once its record was
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
  try {
    for (const message of batch.messages) {
      if (!stillHandling(deps, payload)) return;
      const record = toBusRecord(topic, partition, message);
      if ((await handleRecord(deps, options, payload, record)) === 'interrupted') return;
      payload.resolveOffset(message.offset);
      offsets.handled(topic, partition, record.offset + 1);
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

/** Retries retriable failures with backoff; dead-letters the rest. Interrupted when the member stops. */
async function handleRecord(
  deps: BatchHandlingDeps,
  options: SubscribeOptions,
  payload: EachBatchPayload,
  record: BusRecord,
): Promise<Outcome> {
  const policy = options.retry ?? defaultRetryPolicy;
  for (let attempts = 1; ; attempts += 1) {
    try {
      await options.handler(record);
      return 'handled';
    } catch (error) {
      const decision = decideAfterFailure(policy, error, attempts);
      const context = { group: options.group, topic: record.topic, partition: record.partition, offset: record.offset };
      switch (decision.kind) {
        case 'retry':
          deps.logger.warn({ ...context, attempts, err: error }, 'handler failed, retrying');
          if (!(await pauseWhileMember(deps, payload, decision.delayMs))) return 'interrupted';
          break;
        case 'dead-letter':
          deps.logger.error({ ...context, attempts, err: error }, 'handler failed, dead-lettering the record');
          await deps.append([deadLetterRequest(record, error, { group: options.group, attempts })]);
          return 'handled';
        default:
          return assertNever(decision);
      }
    }
  }
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

function assertNever(value: never): never {
  throw new Error(`unexpected failure decision ${JSON.stringify(value)}`);
}
