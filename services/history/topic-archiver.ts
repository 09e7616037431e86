import type { Logger } from 'pino';
import { BatchFailure, type EventBus, type RetryPolicy, type Subscription } from '../core/bus/event-bus.ts';
import type { Clock } from '../core/clock.ts';
import type { TopicValues } from '../core/events/generated-types.ts';
import type { Serde } from '../core/serde/serde.ts';
import type { ArchiveRow } from './archive-row.ts';
import type { ArchiveStore } from './archive-store.ts';
import { createArchiveBatcher, type BatchLimits } from './archive-batcher.ts';
import type { ArchiveEncoding } from './archive-encoding.ts';
import type { HistoryMetrics } from './history-metrics.ts';

export type ArchivedTopic = 'switchyard.ocpp.frames' | 'switchyard.ocpp.events' | 'switchyard.cdrs' | 'switchyard.ocpi.traffic' | 'switchyard.locations';

export interface TopicArchive<T extends ArchivedTopic> {
  readonly topic: T;
  readonly group: string;
  readonly toRows: (value: TopicValues[T]) => ArchiveRow[];
  /** A compacted topic's tombstone (key, record timestamp) as rows; without it tombstones are skipped. */
  readonly tombstoneRows?: (key: string, at: number) => ArchiveRow[];
}

export interface TopicArchiverDeps {
  readonly bus: EventBus;
  readonly serde: Serde;
  readonly store: ArchiveStore;
  readonly encoding: ArchiveEncoding;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly metrics: HistoryMetrics;
  readonly limits: BatchLimits;
}

export interface TopicArchiver {
  readonly ready: Promise<void>;
  /** Stops consuming, then writes what is buffered. */
  stop(): Promise<void>;
}

/**
 * ClickHouse down must pause archiving, never dead-letter good records: retriable failures are retried
 * without limit. Undecodable records are not retriable and go to the dead-letter topic at once.
 */
function retryForever(limits: BatchLimits): RetryPolicy {
  return { ...limits.retry, maxAttempts: Number.POSITIVE_INFINITY };
}

/**
 * Archives one topic through a consumer group, a fetch at a time. The bus commits a fetch's offsets as
 * soon as the batch handler returned, which with batching is before its rows are in ClickHouse. So the
 * positions stored with each batch are authoritative: on start the group is moved back to them, and
 * whatever was committed but not archived is read again (the tables collapse duplicates by event id).
 */
export async function startTopicArchiver<T extends ArchivedTopic>(
  deps: TopicArchiverDeps,
  archive: TopicArchive<T>,
): Promise<TopicArchiver> {
  const { bus, serde, store, logger } = deps;
  const { topic, group } = archive;
  await rewindToArchivedPositions(deps, archive);
  const batcher = createArchiveBatcher({
    store,
    group,
    topic,
    encoding: deps.encoding,
    limits: deps.limits,
    clock: deps.clock,
    events: deps.metrics.batcherEvents(topic, (error, failuresInARow) =>
      logger.error({ err: error, topic, failuresInARow }, 'archiving a batch failed; retrying'),
    ),
  });
  const subscription: Subscription = await bus.subscribe({
    group,
    topics: [topic],
    from: 'earliest',
    retry: retryForever(deps.limits),
    batchHandler: async (records) => {
      // The bus hands records over only once every earlier one of their partition was handled or
      // dead-lettered; one that failed the handler is never added, so the position stays before it.
      const [first] = records;
      if (first !== undefined) batcher.handledBefore(first.partition, first.offset);
      await batcher.whenRoom();
      for (let index = 0; index < records.length; index += 1) {
        const record = records[index];
        if (record === undefined) continue;
        try {
          // A tombstone is archived only where the archive says how (a deleted location); elsewhere it carries nothing.
          if (record.value !== null) batcher.add(record.partition, record.offset, archive.toRows(await serde.decode(topic, record.value)));
          else if (archive.tombstoneRows !== undefined) batcher.add(record.partition, record.offset, archive.tombstoneRows(record.key, record.timestamp));
          else batcher.handledBefore(record.partition, record.offset + 1);
        } catch (error) {
          throw new BatchFailure(index, error);
        }
      }
    },
  });
  return {
    ready: subscription.ready,
    async stop() {
      await subscription.stop();
      try {
        await batcher.close();
      } catch (error) {
        logger.warn({ err: error, topic }, 'last batch not archived; it is read again on the next start');
      }
    },
  };
}

async function rewindToArchivedPositions(
  deps: TopicArchiverDeps,
  archive: { readonly topic: ArchivedTopic; readonly group: string },
): Promise<void> {
  const { bus, store, logger } = deps;
  const archived = new Map(
    (await store.archivedPositions(archive.group, archive.topic)).map(({ partition, offset }) => [partition, offset]),
  );
  const ends = await bus.endOffsets(archive.topic);
  const offsets = ends.map(({ partition }) => ({ partition, offset: archived.get(partition) ?? 0 }));
  try {
    await bus.seekGroup(archive.group, archive.topic, { kind: 'offsets', offsets });
  } catch (error) {
    // Another instance of the group is running (distributed mode): it owns the positions now.
    logger.warn({ err: error, topic: archive.topic, group: archive.group }, 'could not resume from archived positions');
  }
}
