import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import type { BusRecord, EventBus } from '../../../services/core/bus/event-bus.ts';
import { openEmbeddedEventBus } from '../../../services/core/bus/embedded/embedded-event-bus.ts';
import { topicCatalogue } from '../../../services/core/bus/topic-catalogue.ts';
import { systemClock } from '../../../services/core/clock.ts';
import { createAvroSerde, type AvroSerde } from '../../../services/core/serde/avro-serde.ts';
import { openFileSchemaRegistry } from '../../../services/core/serde/file-schema-registry.ts';
import { loadSchemaCatalogue, repositorySchemasDirectory } from '../../../services/core/serde/schema-files.ts';
import type { Serde } from '../../../services/core/serde/serde.ts';
import { cdrsProjection } from '../../../services/projectors/cdrs/cdrs-projection.ts';
import { startProjector, type RunningProjector } from '../../../services/projectors/runtime/projector-consumer.ts';
import { readTopicToEnd } from '../../../services/projectors/runtime/topic-snapshot.ts';
import { sessionsProjection } from '../../../services/projectors/sessions/sessions-projection.ts';
import { settings } from './projection-run.ts';

export const silentLogger = pino({ level: 'silent' });

/** One serde (one schema registry) shared by every bus of a test, so schema ids and bytes agree. */
export async function openTestSerde(): Promise<{ serde: AvroSerde; dispose: () => Promise<void> }> {
  const directory = await mkdtemp(join(tmpdir(), 'switchyard-projectors-serde-'));
  const registry = await openFileSchemaRegistry({ path: join(directory, 'registry.json') });
  const serde = createAvroSerde({ registry, catalogue: await loadSchemaCatalogue(repositorySchemasDirectory) });
  await serde.registerTopics(['switchyard.ocpp.events', 'switchyard.tariffs', 'switchyard.locations', 'switchyard.tokens', 'switchyard.sessions', 'switchyard.cdrs']);
  return { serde, dispose: () => rm(directory, { recursive: true, force: true }) };
}

export async function openTestBus(): Promise<{ bus: EventBus; close: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), 'switchyard-projectors-log-'));
  const bus = openEmbeddedEventBus({ path, catalogue: topicCatalogue, clock: systemClock, durability: 'noSync' });
  await bus.ensureTopics(topicCatalogue);
  return {
    bus,
    close: async () => {
      await bus.close();
      await rm(path, { recursive: true, force: true });
    },
  };
}

export async function startBothProjectors(bus: EventBus, serde: Serde): Promise<RunningProjector[]> {
  const running = [
    await startProjector({ bus, serde, projection: sessionsProjection(settings), logger: silentLogger, groupPrefix: 'test.projector.sessions' }),
    await startProjector({ bus, serde, projection: cdrsProjection(settings), logger: silentLogger, groupPrefix: 'test.projector.cdrs' }),
  ];
  await Promise.all(running.map((projector) => projector.ready));
  return running;
}

/** Everything on the topic now, read under a throwaway group. */
export async function readAll(bus: EventBus, topic: string): Promise<BusRecord[]> {
  const records: BusRecord[] = [];
  await readTopicToEnd(bus, topic, `test.reader.${randomUUID()}`, async (record) => {
    records.push(record);
  });
  return records;
}

export async function waitFor<T>(probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(value).slice(0, 2000)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Latest value bytes per key, as a compacted reader (or an idempotent consumer) sees the topic. */
export function latestByKey(records: readonly BusRecord[]): Map<string, string> {
  const latest = new Map<string, string>();
  for (const record of records) latest.set(record.key, Buffer.from(record.value ?? new Uint8Array()).toString('base64'));
  return latest;
}
