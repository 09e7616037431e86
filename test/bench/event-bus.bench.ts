/**
 * Event bus throughput and append-ack latency with Avro encoding, on both adapters.
 * Targets on this 2-core machine: embedded >= 100k events/s batched (default fsync policy),
 * Kafka adapter >= 50k events/s against the mock cluster, consume >= 100k events/s.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '../../services/core/clock.ts';
import { openEmbeddedEventBus } from '../../services/core/bus/embedded/embedded-event-bus.ts';
import { createKafkaEventBus } from '../../services/core/bus/kafka/create-kafka-event-bus.ts';
import { topicCatalogue } from '../../services/core/bus/topic-catalogue.ts';
import { startKafkaMock } from '../support/kafka-mock.ts';
import { measureBus, type BusRow, type BusScale } from './bus-measure.ts';
import { openBenchSerde } from './bus-workload.ts';
import type { Benchmark } from './report.ts';

const embeddedScale: BusScale = { batchedEvents: 200_000, batchSize: 1_000, sequentialEvents: 2_000, concurrentEvents: 50_000, concurrency: 256 };
// librdkafka's mock keeps about 5 MiB per partition in memory and drops older segments past that, so the
// Kafka run stays below it (40k frames of ~600 bytes over 12 partitions) to consume everything it wrote.
const kafkaScale: BusScale = { batchedEvents: 40_000, batchSize: 1_000, sequentialEvents: 1_000, concurrentEvents: 20_000, concurrency: 256 };
const partitions = 12;
const silentLogger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

async function embeddedRows(): Promise<BusRow[]> {
  const directory = await mkdtemp(join(tmpdir(), 'switchyard-bench-log-'));
  const bench = await openBenchSerde();
  const bus = openEmbeddedEventBus({ path: directory, catalogue: topicCatalogue, clock: systemClock, defaultPartitions: partitions });
  try {
    return await measureBus('embedded (lmdb, sync)', bus, bench, async (mode) => `bench.embedded.${mode}`, embeddedScale);
  } finally {
    await bus.close();
    await bench.dispose();
    await rm(directory, { recursive: true, force: true });
  }
}

async function kafkaRows(): Promise<BusRow[]> {
  const modes = ['batched', 'sequential', 'concurrent'];
  const mock = await startKafkaMock({ topics: modes.map((mode) => ({ name: `bench.kafka.${mode}`, partitions })) });
  const bench = await openBenchSerde();
  const bus = await createKafkaEventBus({ brokers: mock.brokers, clientId: 'bench', logger: silentLogger, clock: systemClock });
  try {
    return await measureBus('kafka (mock cluster)', bus, bench, async (mode) => `bench.kafka.${mode}`, kafkaScale);
  } finally {
    await bus.close();
    await bench.dispose();
    await mock.stop();
  }
}

const benchmark: Benchmark = {
  name: 'event-bus',
  description: 'append and consume throughput, append-ack latency, Avro-encoded raw frames',
  async run() {
    const rows = [...(await embeddedRows()), ...(await kafkaRows())];
    return [
      {
        title: 'Event bus: Avro-encoded MeterValues frames, 1,000 charger keys, 12 partitions',
        columns: ['adapter', 'mode', 'events', 'events/s', 'p50 ack ms', 'p99 ack ms'],
        rows,
        notes: [
          'targets: embedded >= 100k events/s batched with its default fsync policy; Kafka adapter >= 50k events/s on the mock cluster; consume >= 100k events/s',
          'append rows time Avro encoding + append (the synthetic events are built outside the timing); latency columns: per append call (a whole batch for the batched mode)',
          "consume is timed from the group's first fetch: joining a new group waits out the broker's initial rebalance delay (3 s on Kafka and on the mock) first",
          'the mock cluster is librdkafka 2.0.2 in memory: its numbers bound the client side, not a real broker with disks',
        ],
      },
    ];
  },
};

export default benchmark;
