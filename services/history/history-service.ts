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
import { frameRows } from './frame-rows.ts';
import { registerHistoryMetrics } from './history-metrics.ts';
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

const archives = [frameArchive, eventArchive, cdrArchive, ocpiTrafficArchive];

/**
 * Archives raw frames, domain events, CDRs and OCPI traffic into ClickHouse, one consumer group per topic so
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
