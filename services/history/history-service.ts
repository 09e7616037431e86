import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { EventBus } from '../core/bus/event-bus.ts';
import { topics } from '../core/bus/topic-catalogue.ts';
import type { ClickHouse } from '../core/clickhouse/clickhouse.ts';
import type { Clock } from '../core/clock.ts';
import type { Serde } from '../core/serde/serde.ts';
import type { BatchLimits } from './archive-batcher.ts';
import { loadArchiveEncoding } from './archive-encoding.ts';
import { cdrRows } from './cdr-rows.ts';
import { clickHouseArchiveStore } from './clickhouse-archive-store.ts';
import { eventRows } from './event-rows.ts';
import { frameColumns } from './frame-columns.ts';
import { registerHistoryMetrics } from './history-metrics.ts';
import { deletedLocationRows, locationRows } from './location-rows.ts';
import { ocpiExchangeRows } from './ocpi-exchange-rows.ts';
import { startTopicArchiver, type TopicArchive, type TopicArchiver } from './topic-archiver.ts';

export interface HistoryDeps {
  readonly bus: EventBus;
  readonly serde: Serde;
  readonly clickhouse: ClickHouse;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly metrics: Registry;
  readonly limits: BatchLimits;
}

export interface RunningHistory {
  /** Resolves once every consumer group is fetching. */
  readonly ready: Promise<void>;
  stop(): Promise<void>;
}

/**
 * Each INSERT (and the checkpoint after it) costs chDB a fixed ~10 ms beyond its rows, and bigger parts
 * merge less: 50,000-row batches archived with 10–20% less CPU than 10,000-row ones
 * (test/bench/results/history.md). An idle ClickHouse gets 10,000 rows at once rather than wait for a full
 * batch, so a backlog keeps it busy from the start. Slow traffic is still written within `maxDelayMs`; two
 * batches may wait in memory (about 30 MB of frame rows) while one is being inserted.
 */
export const defaultBatchLimits: BatchLimits = {
  maxRows: 50_000,
  maxDelayMs: 500,
  eagerRows: 10_000,
  maxBufferedRows: 100_000,
  retry: { initialBackoffMs: 200, maxBackoffMs: 30_000 },
};

const frameArchive: TopicArchive<'switchyard.ocpp.frames'> = {
  topic: topics.ocppFrames,
  group: 'switchyard-history-frames',
  avro: frameColumns,
};

const eventArchive: TopicArchive<'switchyard.ocpp.events'> = {
  topic: topics.ocppEvents,
  group: 'switchyard-history-events',
  toRows: eventRows,
};

const cdrArchive: TopicArchive<'switchyard.cdrs'> = {
  topic: topics.cdrs,
  group: 'switchyard-history-cdrs',
  toRows: cdrRows,
};

const ocpiTrafficArchive: TopicArchive<'switchyard.ocpi.traffic'> = {
  topic: topics.ocpiTraffic,
  group: 'switchyard-history-ocpi-traffic',
  toRows: ocpiExchangeRows,
};

const locationArchive: TopicArchive<'switchyard.locations'> = {
  topic: topics.locations,
  group: 'switchyard-history-locations',
  toRows: locationRows,
  tombstoneRows: deletedLocationRows,
};

const archives = [frameArchive, eventArchive, cdrArchive, ocpiTrafficArchive, locationArchive];

/**
 * Archives raw frames, domain events, CDRs, OCPI traffic and the operator's locations into ClickHouse, one consumer group per topic so
 * none waits on another.
 */
export async function openHistory(deps: HistoryDeps): Promise<RunningHistory> {
  const metrics = registerHistoryMetrics(deps.metrics, deps.bus, archives);
  const encoding = await loadArchiveEncoding(deps.clickhouse);
  const archiverDeps = { ...deps, store: clickHouseArchiveStore(deps), encoding, metrics };
  const running: TopicArchiver[] = [];
  try {
    running.push(await startTopicArchiver(archiverDeps, frameArchive));
    running.push(await startTopicArchiver(archiverDeps, eventArchive));
    running.push(await startTopicArchiver(archiverDeps, cdrArchive));
    running.push(await startTopicArchiver(archiverDeps, ocpiTrafficArchive));
    running.push(await startTopicArchiver(archiverDeps, locationArchive));
  } catch (error) {
    await Promise.all(running.map((archiver) => archiver.stop()));
    throw error;
  }
  return {
    ready: Promise.all(running.map((archiver) => archiver.ready)).then(() => undefined),
    async stop() {
      await Promise.all(running.map((archiver) => archiver.stop()));
    },
  };
}
