import type { EachBatchPayload } from 'kafkajs';
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
import type { BusLogger } from './logger-bridge.ts';
import { toBusRecord } from './record-mapping.ts';

export interface BatchHandlingDeps {
  readonly clock: Clock;
  readonly logger: BusLogger;
  readonly heartbeatIntervalMs: number;
  /** Committed offsets trail handled records by at most this long while a batch is being handled. */
  readonly commitIntervalMs: number;
  readonly append: (requests: readonly AppendRequest[]) => Promise<AppendReceipt[]>;
}

type Outcome = 'handled' | 'interrupted';

/**
 * Handles one fetched batch of one partition in order. An offset is committed only once its record was
 * handled or dead-lettered, so delivery is at least once; a member that stops or loses the partition
 * mid-batch commits what it finished and leaves the rest to the next owner.
 */
export async function handleBatch(
  deps: BatchHandlingDeps,
  options: SubscribeOptions,
  payload: EachBatchPayload,
): Promise<void> {
  const { batch } = payload;
  let lastCommitAt = deps.clock.now();
  let uncommitted: string | undefined;
  const commit = async (): Promise<void> => {
    if (uncommitted === undefined) return;
    const offset = uncommitted;
    uncommitted = undefined;
    lastCommitAt = deps.clock.now();
    await payload.commitOffsetsIfNecessary({
      topics: [{ topic: batch.topic, partitions: [{ partition: batch.partition, offset }] }],
    });
  };
  try {
    for (const message of batch.messages) {
      if (!payload.isRunning() || payload.isStale()) return;
      const record = toBusRecord(batch.topic, batch.partition, message);
      if ((await handleRecord(deps, options, payload, record)) === 'interrupted') return;
      payload.resolveOffset(message.offset);
      uncommitted = String(record.offset + 1);
      if (deps.clock.now() - lastCommitAt >= deps.commitIntervalMs) await commit();
      await payload.heartbeat();
    }
  } finally {
    await commit();
  }
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
          if (!(await pauseWhileMember(payload, decision.delayMs, deps.heartbeatIntervalMs))) return 'interrupted';
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
async function pauseWhileMember(payload: EachBatchPayload, delayMs: number, sliceMs: number): Promise<boolean> {
  let remaining = delayMs;
  while (remaining > 0) {
    const slice = Math.min(remaining, sliceMs);
    await new Promise((resolve) => setTimeout(resolve, slice));
    remaining -= slice;
    if (!payload.isRunning() || payload.isStale()) return false;
    await payload.heartbeat();
  }
  return true;
}

function assertNever(value: never): never {
  throw new Error(`unexpected failure decision ${JSON.stringify(value)}`);
}
