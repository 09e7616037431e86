import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { openEmbeddedEventBus, type EmbeddedEventBus } from '../../../services/core/bus/embedded/embedded-event-bus.ts';
import { topicCatalogue, topics } from '../../../services/core/bus/topic-catalogue.ts';
import type { ClickHouse } from '../../../services/core/clickhouse/clickhouse.ts';
import { readMigrationFiles, switchyardMigrationsDirectory } from '../../../services/core/clickhouse/migration-files.ts';
import { applyMigrations } from '../../../services/core/clickhouse/migrations.ts';
import { systemClock } from '../../../services/core/clock.ts';
import type { OcppEvent, OcppFrameEvent, TopicValues } from '../../../services/core/events/generated-types.ts';
import { createAvroSerde, type AvroSerde } from '../../../services/core/serde/avro-serde.ts';
import { openFileSchemaRegistry } from '../../../services/core/serde/file-schema-registry.ts';
import type { SchemaRegistry } from '../../../services/core/serde/schema-registry.ts';
import { loadSchemaCatalogue, repositorySchemasDirectory } from '../../../services/core/serde/schema-files.ts';
import type { BatchLimits } from '../../../services/history/archive-batcher.ts';
import { defaultBatchLimits, openHistory, type RunningHistory } from '../../../services/history/history-service.ts';
import type { ArchivedTopic } from '../../../services/history/topic-archiver.ts';
import { openTestChdb } from '../../support/clickhouse.ts';

export interface HistoryHarness {
  readonly bus: EmbeddedEventBus;
  readonly serde: AvroSerde;
  /** The registry the serde reads writer schemas from (register old versions to write as them). */
  readonly registry: SchemaRegistry;
  readonly clickhouse: ClickHouse;
  readonly metrics: Registry;
  /** The running history service; replaced by `restartHistory`. */
  history: RunningHistory;
  /** Appends values of an archived topic, keyed as their producers key them (the envelope key). */
  append<T extends ArchivedTopic>(topic: T, values: readonly TopicValues[T][]): Promise<void>;
  appendEvents(events: readonly OcppEvent[]): Promise<void>;
  appendFrames(frames: readonly OcppFrameEvent[]): Promise<void>;
  restartHistory(): Promise<void>;
  /** Polls `sql` until its single `n` column reaches `expected` (history archives asynchronously). */
  waitForCount(sql: string, expected: number, timeoutMs?: number): Promise<void>;
  /** Waits until the archive's checkpoints reach the end of every partition of `topic`. */
  waitUntilArchived(topic: string, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  readonly limits?: BatchLimits;
  /** Keeps the log in this directory (the caller removes it) instead of a temporary one. */
  readonly directory?: string;
}

const silent = pino({ level: process.env['HARNESS_LOG'] ?? 'silent' });

/**
 * The history service for real: an embedded lmdb bus and a file schema registry in a temporary directory,
 * chDB with every migration applied, and `openHistory` consuming from the bus.
 */
export async function openHistoryHarness(options: HarnessOptions = {}): Promise<HistoryHarness> {
  const directory = options.directory ?? (await mkdtemp(path.join(os.tmpdir(), 'switchyard-history-')));
  const chdb = await openTestChdb({ dataDir: path.join(directory, 'clickhouse') });
  const clickhouse = chdb.clickhouse;
  await applyMigrations({
    clickhouse,
    migrations: await readMigrationFiles(switchyardMigrationsDirectory),
    clock: systemClock,
    logger: silent,
  });
  const registry = await openFileSchemaRegistry({ path: path.join(directory, 'schema-registry.json') });
  const serde = createAvroSerde({ registry, catalogue: await loadSchemaCatalogue(repositorySchemasDirectory) });
  await serde.registerTopics([topics.ocppEvents, topics.ocppFrames, topics.cdrs, topics.ocpiTraffic, topics.locations]);
  const bus = openEmbeddedEventBus({
    path: path.join(directory, 'log'),
    catalogue: topicCatalogue,
    clock: systemClock,
    durability: 'noSync',
  });
  await bus.ensureTopics(topicCatalogue);
  let metrics = new Registry();
  const start = async (): Promise<RunningHistory> => {
    metrics = new Registry();
    const history = await openHistory({
      bus,
      serde,
      clickhouse,
      clock: systemClock,
      logger: silent,
      metrics,
      limits: options.limits ?? { ...defaultBatchLimits, maxDelayMs: 50 },
    });
    await history.ready;
    return history;
  };
  const harness: HistoryHarness = {
    bus,
    serde,
    registry,
    clickhouse,
    get metrics() {
      return metrics;
    },
    history: await start(),
    async append(topic, values) {
      const requests = await Promise.all(
        values.map(async (value) => ({ topic, key: value.envelope.key, value: await serde.encode(topic, value) })),
      );
      await bus.append(requests);
    },
    appendEvents: (events) => harness.append(topics.ocppEvents, events),
    appendFrames: (frames) => harness.append(topics.ocppFrames, frames),
    async restartHistory() {
      await harness.history.stop();
      harness.history = await start();
    },
    async waitForCount(sql, expected, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      let last = -1;
      while (Date.now() < deadline) {
        const [row] = await clickhouse.query<{ n: string }>(sql);
        last = Number(row?.n ?? -1);
        if (last === expected) return;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(`${sql} stayed at ${last}, expected ${expected}`);
    },
    async waitUntilArchived(topic, timeoutMs) {
      const ends = await bus.endOffsets(topic);
      await harness.waitForCount(
        `SELECT sum(next_offset) AS n FROM (
           SELECT partition, max(next_offset) AS next_offset FROM history_checkpoints
           WHERE topic = '${topic}' GROUP BY partition)`,
        ends.reduce((sum, end) => sum + end.offset, 0),
        timeoutMs,
      );
    },
    async close() {
      await harness.history.stop();
      await bus.close();
      await chdb.close();
      if (options.directory === undefined) await rm(directory, { recursive: true, force: true });
    },
  };
  return harness;
}
