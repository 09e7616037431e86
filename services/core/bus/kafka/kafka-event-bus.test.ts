/**
 * What the Kafka adapter does beyond the shared contract (test/contract/kafka-bus.test.ts): behaviour
 * that depends on what the cluster offers, on librdkafka's mock cluster with three brokers.
 */
import net from 'node:net';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startKafkaMock, type KafkaMock } from '../../../../test/support/kafka-mock.ts';
import { systemClock } from '../../clock.ts';
import { SwitchyardError } from '../../errors.ts';
import type { EventBus, Subscription, TopicSpec } from '../event-bus.ts';
import { createKafkaEventBus, type KafkaEventBusOptions } from './create-kafka-event-bus.ts';

vi.setConfig({ testTimeout: 120_000 });

const preCreated: TopicSpec = { name: 'adapter.precreated', partitions: 6, cleanupPolicy: 'delete', retentionMs: -1 };
const encoder = new TextEncoder();
let mock: KafkaMock;
const opened: EventBus[] = [];
const running: Subscription[] = [];

beforeAll(async () => {
  mock = await startKafkaMock({ brokers: 3, topics: [preCreated] });
});

afterEach(async () => {
  for (const subscription of running.splice(0)) await subscription.stop();
  for (const bus of opened.splice(0)) await bus.close();
});

afterAll(async () => {
  await mock.stop();
});

async function openBus(extra: Partial<KafkaEventBusOptions> = {}): Promise<EventBus> {
  const bus = await createKafkaEventBus({
    brokers: mock.brokers,
    clientId: 'adapter-test',
    logger: pino({ level: 'silent' }),
    clock: systemClock,
    consumerTuning: { sessionTimeoutMs: 4_000, rebalanceTimeoutMs: 4_000 },
    ...extra,
  });
  opened.push(bus);
  return bus;
}

async function rejection(promise: Promise<unknown>): Promise<SwitchyardError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof SwitchyardError)) throw new Error(`expected a SwitchyardError, got ${String(error)}`);
  return error;
}

describe('Kafka event bus on a three-broker mock cluster', () => {
  it('appends through the idempotent producer across all partitions and reads every record back', async () => {
    const bus = await openBus();
    const keys = Array.from({ length: 60 }, (_, index) => `cp-${index}`);

    const receipts = await bus.append(keys.map((key) => ({ topic: preCreated.name, key, value: encoder.encode(key) })));
    const received = new Set<string>();
    const subscription = await bus.subscribe({
      group: 'adapter.readback',
      topics: [preCreated.name],
      from: 'earliest',
      handler: async (record) => {
        received.add(record.key);
      },
    });
    running.push(subscription);
    await subscription.ready;
    await vi.waitUntil(() => received.size === keys.length, { timeout: 30_000, interval: 20 });

    expect(new Set(receipts.map((receipt) => receipt.partition)).size).toBe(preCreated.partitions);
    expect([...received].sort()).toEqual([...keys].sort());
  });

  it('appends a tombstone that a consumer receives as a null value', async () => {
    const topic = 'adapter.compacted';
    await mock.createTopics([{ name: topic, partitions: 1 }]);
    const bus = await openBus();
    await bus.append([
      { topic, key: 'cp-1', value: encoder.encode('alive') },
      { topic, key: 'cp-1', value: null },
    ]);
    const values: Array<Uint8Array | null> = [];
    const subscription = await bus.subscribe({
      group: 'adapter.tombstones',
      topics: [topic],
      from: 'earliest',
      handler: async (record) => {
        values.push(record.value);
      },
    });
    running.push(subscription);
    await subscription.ready;
    await vi.waitUntil(() => values.length === 2, { timeout: 30_000, interval: 20 });

    expect(values).toEqual([encoder.encode('alive'), null]);
  });

  it('gives each of many concurrent appends its own offsets, and fails a malformed call alone', async () => {
    const topic = 'adapter.concurrent';
    await mock.createTopics([{ name: topic, partitions: 3 }]);
    const bus = await openBus();
    const calls = Array.from({ length: 200 }, (_, index) =>
      bus.append([{ topic, key: `cp-${index % 7}`, value: encoder.encode(String(index)) }]),
    );
    const malformed = rejection(bus.append([{ topic, key: 'cp-x', value: 'not bytes' as unknown as Uint8Array }]));
    const receipts = (await Promise.all(calls)).flat();
    const malformedError = await malformed;

    const byValue = new Map<string, { partition: number; offset: number }>();
    const subscription = await bus.subscribe({
      group: 'adapter.concurrent',
      topics: [topic],
      from: 'earliest',
      handler: async (record) => {
        byValue.set(new TextDecoder().decode(record.value ?? new Uint8Array()), { partition: record.partition, offset: record.offset });
      },
    });
    running.push(subscription);
    await subscription.ready;
    await vi.waitUntil(() => byValue.size === calls.length, { timeout: 30_000, interval: 20 });

    expect(malformedError.code).toBe('bus.append_failed');
    expect(receipts.map((receipt, index) => byValue.get(String(index)) ?? 'missing')).toEqual(
      receipts.map(({ partition, offset }) => ({ partition, offset })),
    );
    for (const partition of [0, 1, 2]) {
      const offsets = receipts.filter((receipt) => receipt.partition === partition).map((receipt) => receipt.offset);
      expect(offsets).toEqual(offsets.map((_, index) => index));
    }
  });

  it('commits exactly what it handled when stopped in the middle of a backlog, so the group resumes there', async () => {
    const topic = 'adapter.backlog';
    await mock.createTopics([{ name: topic, partitions: 1 }]);
    const bus = await openBus();
    // One append per record batch: the mock hands out one record batch per partition and fetch.
    for (let from = 0; from < 300; from += 50) {
      await bus.append(Array.from({ length: 50 }, (_, index) => ({ topic, key: 'cp-1', value: encoder.encode(String(from + index)) })));
    }
    const handled: number[] = [];
    let handledHalf: () => void = () => undefined;
    const half = new Promise<void>((resolve) => {
      handledHalf = resolve;
    });
    const member = (onRecord: () => void) =>
      bus.subscribe({
        group: 'adapter.backlog',
        topics: [topic],
        from: 'earliest',
        handler: async (record) => {
          handled.push(record.offset);
          onRecord();
          // Slow enough that the stop arrives while the backlog lasts.
          await new Promise((resolve) => setTimeout(resolve, 2));
        },
      });
    const first = await member(() => {
      if (handled.length === 75) handledHalf();
    });
    await half;
    await first.stop();
    const handledBeforeStop = handled.length;
    const [afterStop] = await bus.lag('adapter.backlog', topic);

    const second = await member(() => undefined);
    running.push(second);
    await vi.waitUntil(() => handled.length >= 300, { timeout: 30_000, interval: 20 });

    expect(handledBeforeStop).toBeLessThan(300);
    expect(afterStop?.committed).toBe(handledBeforeStop);
    expect(handled).toEqual(Array.from({ length: 300 }, (_, offset) => offset));
  });

  it('accepts ensureTopics for topics that exist although the cluster cannot create topics', async () => {
    const bus = await openBus();

    await expect(bus.ensureTopics([preCreated])).resolves.toBeUndefined();
  });

  it('refuses ensureTopics for a missing topic with a non-retriable error naming it', async () => {
    const bus = await openBus();
    const missing: TopicSpec = { name: 'adapter.never-created', partitions: 2, cleanupPolicy: 'compact', retentionMs: -1 };

    const error = await rejection(bus.ensureTopics([preCreated, missing]));

    expect(error.code).toBe('bus.topic_missing');
    expect(error.retriable).toBe(false);
    expect(error.message).toContain('adapter.never-created');
  });

  it('refuses a timestamp seek on a cluster without timestamp lookup unless scanning is enabled', async () => {
    const topic = 'adapter.by-time';
    await mock.createTopics([{ name: topic, partitions: 2 }]);
    const base = Date.now() - 60_000;
    const bus = await openBus();
    const receipts = await bus.append(
      Array.from({ length: 8 }, (_, index) => ({
        topic,
        key: `cp-${index % 3}`,
        value: encoder.encode(String(index)),
        timestamp: base + index * 1_000,
      })),
    );

    const error = await rejection(bus.seekGroup('adapter.by-time', topic, { kind: 'timestamp', timestamp: base + 4_500 }));
    expect(error.code).toBe('bus.timestamp_lookup_unsupported');
    expect(error.retriable).toBe(false);

    const scanningBus = await openBus({ timestampLookupFallback: 'scan' });
    await scanningBus.seekGroup('adapter.by-time', topic, { kind: 'timestamp', timestamp: base + 4_500 });
    const firstAtOrAfter = (partition: number): number =>
      receipts.find((receipt, index) => receipt.partition === partition && base + index * 1_000 >= base + 4_500)?.offset ??
      receipts.filter((receipt) => receipt.partition === partition).length;
    const lag = await scanningBus.lag('adapter.by-time', topic);
    expect(lag.map(({ partition, committed }) => ({ partition, committed }))).toEqual(
      lag.map(({ partition }) => ({ partition, committed: firstAtOrAfter(partition) })),
    );
  });

  let busyAttempts = 0;
  // The mock has no DescribeGroups, so an active group is detected by joining it; on a loaded machine the
  // mock's rebalance can outlast the join window and the seek fails as retriable instead. Retried, not loosened.
  it('refuses to seek a group while one of its members runs, and leaves its offsets alone', { retry: 2 }, async () => {
    busyAttempts += 1;
    // Fresh names per attempt, so a retry starts from an empty topic and group.
    const topic = `adapter.busy-group-${busyAttempts}`;
    const group = `adapter.busy-${busyAttempts}`;
    // Two partitions: with more members than partitions the mock cluster never settles a rebalance.
    await mock.createTopics([{ name: topic, partitions: 2 }]);
    const bus = await openBus();
    await bus.append([{ topic, key: 'cp-1', value: encoder.encode('one') }]);
    const subscription = await bus.subscribe({
      group,
      topics: [topic],
      from: 'earliest',
      handler: async () => undefined,
    });
    running.push(subscription);
    await subscription.ready;
    const committedPastTheRecord = async (): Promise<boolean> =>
      (await bus.lag(group, topic)).some((partition) => partition.end === 1 && partition.committed === 1);
    await vi.waitUntil(committedPastTheRecord, { timeout: 30_000, interval: 50 });

    const error = await rejection(bus.seekGroup(group, topic, { kind: 'earliest' }));
    await running.splice(0).at(0)?.stop();

    expect(error.code).toBe('bus.group_active');
    expect(error.retriable).toBe(false);
    expect((await bus.lag(group, topic)).find((partition) => partition.end === 1)).toMatchObject({
      committed: 1,
      lag: 0,
    });
  });

  it('fails to open with a retriable error naming the address when no broker answers', async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const server = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as net.AddressInfo;
        server.close(() => resolve(port));
      });
    });

    const error = await rejection(openBus({ brokers: [`127.0.0.1:${closedPort}`] }));

    expect(error.code).toBe('bus.connect_failed');
    expect(error.retriable).toBe(true);
    expect(error.message).toContain(`127.0.0.1:${closedPort}`);
  });
});
