import type { Logger } from 'pino';
import type { EventBus, RetryPolicy, Subscription } from '../core/bus/event-bus.ts';
import type { Clock } from '../core/clock.ts';
import type { TopicValues } from '../core/events/generated-types.ts';
import type { Serde } from '../core/serde/serde.ts';
import type { ArchiveRow } from './archive-row.ts';
import type { ArchiveStore } from './archive-store.ts';
import { createArchiveBatcher, type BatchLimits } from './archive-batcher.ts';
import type { ArchiveEncoding } from './archive-encoding.ts';
import type { HistoryMetrics } from './history-metrics.ts';

export type ArchivedTopic = 'switchyard.ocpp.frames' | 'switchyard.ocpp.events' | 'switchyard.cdrs' | 'switchyard.ocpi.traffic';

export interface TopicArchive<T extends ArchivedTopic> {
  readonly topic: T;
  readonly group: string;
  readonly toRows: (value: TopicValues[T]) => ArchiveRow[];
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
 * Archives one topic through a consumer group. The bus commits a record's offset as soon as the handler
 * returned, which with batching is before its rows are in ClickHouse. So the positions stored with each
 * batch are authoritative: on start the group is moved back to them, and whatever was committed but not
 * archived is read again (the tables collapse duplicates by event id).
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
    handler: async (record) => {
      // The bus hands a record over only once every earlier one of its partition was handled or dead-lettered.
      batcher.handledBefore(record.partition, record.offset);
      // Tombstones carry nothing to archive (these topics are not compacted; one would be a producer bug).
      if (record.value === null) return;
      const value = await serde.decode(topic, record.value);
      await batcher.accept(record.partition, record.offset, archive.toRows(value));
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
