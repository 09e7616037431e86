import type { Logger } from 'pino';
import { BatchFailure, type BusRecord, type EventBus, type RetryPolicy, type Subscription } from '../core/bus/event-bus.ts';
import type { Clock } from '../core/clock.ts';
import type { TopicValues } from '../core/events/generated-types.ts';
import type { AvroReading, Serde } from '../core/serde/serde.ts';
import type { ArchiveRow } from './archive-row.ts';
import type { ArchiveStore } from './archive-store.ts';
import { createArchiveBatcher, type ArchiveBatcher, type BatchLimits } from './archive-batcher.ts';
import { planAvroInsert, type AvroInsertPlan, type AvroTableMapping } from './avro-columns.ts';
import type { ArchiveEncoding } from './archive-encoding.ts';
import type { HistoryMetrics } from './history-metrics.ts';

export type ArchivedTopic = 'switchyard.ocpp.frames' | 'switchyard.ocpp.events' | 'switchyard.cdrs' | 'switchyard.ocpi.traffic' | 'switchyard.locations';

interface ArchiveOfTopic<T extends ArchivedTopic> {
  readonly topic: T;
  readonly group: string;
}

/** A topic whose records are decoded and mapped to rows here. */
export interface RowArchive<T extends ArchivedTopic> extends ArchiveOfTopic<T> {
  readonly toRows: (value: TopicValues[T]) => ArchiveRow[];
  /** A compacted topic's tombstone (key, record timestamp) as rows; without it tombstones are skipped. */
  readonly tombstoneRows?: (key: string, at: number) => ArchiveRow[];
}

/**
 * A topic whose records go to ClickHouse as they were written (Avro), one row each, mapped by SQL: no decode
 * or re-encode in JavaScript, for the topics with the most records. Tombstones carry nothing and are skipped.
 */
export interface BodyArchive<T extends ArchivedTopic> extends ArchiveOfTopic<T> {
  readonly avro: AvroTableMapping;
}

export type TopicArchive<T extends ArchivedTopic> = RowArchive<T> | BodyArchive<T>;

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
  // A mapping naming a column the table lacks would fail every INSERT: refuse to start instead.
  if ('avro' in archive) deps.encoding.assertColumns(archive.avro.table, archive.avro.columns.map(({ column }) => column));
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
  const archiveRecord = recordArchiving(serde, archive, batcher);
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
          await archiveRecord(record);
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

/** How one record is buffered: its rows, its body as written, or only its position. */
function recordArchiving<T extends ArchivedTopic>(
  serde: Serde,
  archive: TopicArchive<T>,
  batcher: ArchiveBatcher,
): (record: BusRecord) => Promise<void> {
  const { topic } = archive;
  if ('avro' in archive) {
    const plans = new Map<AvroReading, AvroInsertPlan>();
    return async (record) => {
      if (record.value === null) return batcher.handledBefore(record.partition, record.offset + 1);
      const { reading, body } = await serde.checkEncoded(topic, record.value);
      let plan = plans.get(reading);
      if (plan === undefined) {
        plan = planAvroInsert(archive.avro, reading);
        plans.set(reading, plan);
      }
      batcher.addBody(record.partition, record.offset, plan, body);
    };
  }
  const { toRows, tombstoneRows } = archive;
  return async (record) => {
    // A tombstone is archived only where the archive says how (a deleted location); elsewhere it carries nothing.
    if (record.value !== null) batcher.add(record.partition, record.offset, toRows(await serde.decode(topic, record.value)));
    else if (tombstoneRows !== undefined) batcher.add(record.partition, record.offset, tombstoneRows(record.key, record.timestamp));
    else batcher.handledBefore(record.partition, record.offset + 1);
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
