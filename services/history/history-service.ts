import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { EventBus } from '../core/bus/event-bus.ts';
import { topics } from '../core/bus/topic-catalogue.ts';
import type { ClickHouse } from '../core/clickhouse/clickhouse.ts';
import type { Clock } from '../core/clock.ts';
import type { Serde } from '../core/serde/serde.ts';
import type { BatchLimits } from './archive-batcher.ts';
import { clickHouseArchiveStore } from './clickhouse-archive-store.ts';
import { eventRows } from './event-rows.ts';
import { frameRows } from './frame-rows.ts';
import { registerHistoryMetrics } from './history-metrics.ts';
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

export const defaultBatchLimits: BatchLimits = {
  maxRows: 10_000,
  maxDelayMs: 500,
  maxBufferedRows: 50_000,
  retry: { initialBackoffMs: 200, maxBackoffMs: 30_000 },
};

const frameArchive: TopicArchive<'switchyard.ocpp.frames'> = {
  topic: topics.ocppFrames,
  group: 'switchyard-history-frames',
  toRows: frameRows,
};

const eventArchive: TopicArchive<'switchyard.ocpp.events'> = {
  topic: topics.ocppEvents,
  group: 'switchyard-history-events',
  toRows: eventRows,
};

/** Archives raw frames and domain events into ClickHouse, one consumer group per topic so neither waits on the other. */
export async function openHistory(deps: HistoryDeps): Promise<RunningHistory> {
  const archives = [frameArchive, eventArchive];
  const metrics = registerHistoryMetrics(deps.metrics, deps.bus, archives);
  const archiverDeps = { ...deps, store: clickHouseArchiveStore(deps), metrics };
  const running: TopicArchiver[] = [];
  try {
    running.push(await startTopicArchiver(archiverDeps, frameArchive));
    running.push(await startTopicArchiver(archiverDeps, eventArchive));
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
