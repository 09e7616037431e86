/**
 * Event bus throughput and append-ack latency with Avro encoding, on both adapters.
 * Targets on this 2-core machine: embedded >= 100k events/s batched (default fsync policy),
 * Kafka adapter >= 50k events/s against the mock cluster, consume >= 100k events/s.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { systemClock } from '../../services/core/clock.ts';
import { openEmbeddedEventBus } from '../../services/core/bus/embedded/embedded-event-bus.ts';
import { createKafkaEventBus } from '../../services/core/bus/kafka/create-kafka-event-bus.ts';
import type { AppendRequest, EventBus } from '../../services/core/bus/event-bus.ts';
import { topicCatalogue } from '../../services/core/bus/topic-catalogue.ts';
import { startKafkaMock } from '../support/kafka-mock.ts';
import { measureBus, type BusRow, type BusScale } from './bus-measure.ts';
import { encodedFrames, meterValuesFrames, openBenchSerde, type BenchSerde } from './bus-workload.ts';
import type { Benchmark } from './report.ts';
import { percentile } from './stats.ts';

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

/** Offered load like the gateway's: appends at a fixed rate, each awaited on its own (open loop). */
const pacedRates = [1_000, 5_000];
const pacedSeconds = 3;
/** Run at the same rate first, untimed: the first second pays JIT compilation and the log's first allocations. */
const warmUpSeconds = 1;

type PacedRow = [adapter: string, rate: string, appends: number, p50Ms: number, p99Ms: number, cpuUsPerAppend: number];

/** Appends `requests` one per call at `rate` per second and returns each call's ack latency in ms. */
async function offerAtRate(bus: EventBus, requests: readonly AppendRequest[], rate: number): Promise<number[]> {
  const latencies: number[] = [];
  const acknowledged: Promise<void>[] = [];
  const start = performance.now();
  let sent = 0;
  while (sent < requests.length) {
    const due = Math.min(requests.length, Math.floor(((performance.now() - start) * rate) / 1_000));
    for (; sent < due; sent += 1) {
      const sentAt = performance.now();
      const append = bus.append(requests.slice(sent, sent + 1)).then(() => {
        latencies.push(performance.now() - sentAt);
      });
      acknowledged.push(append);
    }
    await sleep(1);
  }
  await Promise.all(acknowledged);
  return latencies;
}

async function pacedRow(bench: BenchSerde, rate: number): Promise<PacedRow> {
  const directory = await mkdtemp(join(tmpdir(), 'switchyard-bench-log-'));
  const bus = openEmbeddedEventBus({ path: directory, catalogue: topicCatalogue, clock: systemClock, defaultPartitions: partitions });
  try {
    const topic = 'bench.embedded.paced';
    const warmUp = rate * warmUpSeconds;
    // Encoded before the timing: this table is about the append, its latency and the CPU it costs.
    const requests = await encodedFrames(bench.serde, topic, meterValuesFrames(0, warmUp + rate * pacedSeconds));
    await offerAtRate(bus, requests.slice(0, warmUp), rate);
    globalThis.gc?.();
    const cpuBefore = process.cpuUsage();
    const latencies = await offerAtRate(bus, requests.slice(warmUp), rate);
    const cpu = process.cpuUsage(cpuBefore);
    const round = (ms: number): number => Math.round(ms * 100) / 100;
    return [
      'embedded (lmdb, sync)',
      `${rate.toLocaleString('en-US')}/s`,
      latencies.length,
      round(percentile(latencies, 0.5)),
      round(percentile(latencies, 0.99)),
      Math.round((cpu.user + cpu.system) / latencies.length),
    ];
  } finally {
    await bus.close();
    await rm(directory, { recursive: true, force: true });
  }
}

async function pacedRows(): Promise<PacedRow[]> {
  const bench = await openBenchSerde();
  try {
    const rows: PacedRow[] = [];
    for (const rate of pacedRates) {
      process.stderr.write(`[event-bus] embedded (lmdb, sync): paced ${rate}/s\n`);
      rows.push(await pacedRow(bench, rate));
    }
    return rows;
  } finally {
    await bench.dispose();
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
    const paced = await pacedRows();
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
      {
        title: `Embedded log: single-record appends offered at a fixed rate for ${pacedSeconds} s, each awaited on its own`,
        columns: ['adapter', 'offered rate', 'appends', 'p50 ack ms', 'p99 ack ms', 'CPU µs per append'],
        rows: paced,
        notes: [
          "the load a gateway puts on the log: issue #4's added-latency target is p99 <= 2 ms at 1k and 5k msg/s with events durable",
          `after ${warmUpSeconds} s at the same rate, untimed; frames are Avro-encoded before the timing; CPU is the whole process (main thread and libuv threads, including the background lmdb checkpoints) divided by the appends`,
        ],
      },
    ];
  },
};

export default benchmark;
