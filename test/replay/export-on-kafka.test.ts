/**
 * The export on the Kafka adapter (librdkafka's mock cluster): the window is found with the adapter's
 * seek by timestamp, and only the records inside it are written.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { EventBus } from '../../services/core/bus/event-bus.ts';
import { createKafkaEventBus } from '../../services/core/bus/kafka/create-kafka-event-bus.ts';
import { systemClock } from '../../services/core/clock.ts';
import { directoryCheckpointStore } from '../../services/replay/checkpoint-store.ts';
import { readAvroFrames } from '../../services/replay/export-format.ts';
import { runExport } from '../../services/replay/export-job.ts';
import { silentProgress } from '../../services/replay/progress.ts';
import { openTestSerde } from '../edge/support/edge-harness.ts';
import { startKafkaMock, type KafkaMock } from '../support/kafka-mock.ts';

// Every seek joins a group, and the mock cluster delays each join by seconds.
vi.setConfig({ testTimeout: 120_000 });

const topic = 'replay.kafka.export';

describe('replay export on Kafka', () => {
  let mock: KafkaMock;
  let bus: EventBus;
  let dir: string;

  beforeAll(async () => {
    mock = await startKafkaMock({ topics: [{ name: topic, partitions: 2 }] });
    // The mock cluster cannot list offsets by time; the adapter's scanning fallback stands in for a broker's lookup.
    bus = await createKafkaEventBus({
      brokers: mock.brokers,
      clientId: 'replay-test',
      logger: pino({ level: 'error' }),
      clock: systemClock,
      timestampLookupFallback: 'scan',
    });
    dir = await mkdtemp(join(tmpdir(), 'switchyard-replay-kafka-'));
  });

  afterAll(async () => {
    await bus?.close();
    await mock?.stop();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it('writes exactly the records whose timestamps fall in the window, from both partitions', async () => {
    const base = Date.parse('2026-05-01T00:00:00Z');
    await bus.append(
      Array.from({ length: 10 }, (_, index) => ({
        topic,
        key: `CP-${index % 2}`,
        value: Buffer.from(`record-${index}`),
        timestamp: base + index * 1_000,
      })),
    );
    const { serde, cleanup } = await openTestSerde();
    try {
      const outFile = join(dir, 'window.avro');
      const result = await runExport(
        { jobId: 'kafka-window', topic, window: { fromMs: base + 3_000, toMs: base + 7_000 }, format: 'avro', outFile },
        { bus, serde, checkpoints: directoryCheckpointStore(dir), clock: systemClock, progress: silentProgress, signal: new AbortController().signal },
      );
      expect(result).toEqual({ status: 'completed', resumed: false, exported: 4 });
      const values = readAvroFrames(await readFile(outFile)).map((value) => value?.toString());
      expect(values.sort()).toEqual(['record-3', 'record-4', 'record-5', 'record-6']);
    } finally {
      await cleanup();
    }
  });
});
