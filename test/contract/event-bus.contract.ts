/**
 * The EventBus contract: every adapter (Kafka, embedded lmdb log) must pass these cases unchanged.
 * An adapter's test file calls `describeEventBusContract('name', harness)`.
 *
 * Semantics pinned here beyond the port's doc comments:
 * - a key's partition is Kafka's default partitioner: toPositive(murmur2(utf8(key))) % partitions;
 * - `lag` of a partition the group never committed reports committed -1 and lag = end - earliest retained
 *   offset (= end for a topic nothing was deleted from);
 * - a dead-lettered record keeps its key, value and headers and gains the `deadLetterHeaders`.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  BatchFailure,
  deadLetterHeaders,
  deadLetterTopicOf,
  type AppendReceipt,
  type AppendRequest,
  type BusRecord,
  type EventBus,
  type RetryPolicy,
  type SubscribeOptions,
  type Subscription,
} from '../../services/core/bus/event-bus.ts';
import { SwitchyardError } from '../../services/core/errors.ts';

export interface EventBusHarness {
  /** A bus on the harness's store; a bus opened after another was closed sees what the first one wrote. */
  newBus(): Promise<EventBus>;
  /** A fresh topic that exists with this many partitions, and whose dead-letter twin `<topic>.dlq` exists. */
  uniqueTopic(partitions: number): Promise<string>;
}

/** Long enough for a Kafka consumer group to join and rebalance; only reached when a case fails. */
const settleTimeoutMs = 45_000;
const fastRetry: RetryPolicy = { initialBackoffMs: 5, maxBackoffMs: 20, maxAttempts: 3 };
const encoder = new TextEncoder();
const decoder = new TextDecoder();

export async function waitUntil(
  condition: () => boolean | Promise<boolean>,
  description: string,
  timeoutMs = settleTimeoutMs,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${description}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function request(topic: string, key: string, text: string, extra: Partial<AppendRequest> = {}): AppendRequest {
  return { topic, key, value: encoder.encode(text), ...extra };
}

function text(record: BusRecord): string {
  return record.value === null ? '<tombstone>' : decoder.decode(record.value);
}

function retriable(message: string): SwitchyardError {
  return new SwitchyardError('test.transient', message, { retriable: true });
}

function permanent(message: string): SwitchyardError {
  return new SwitchyardError('test.poison', message, { retriable: false });
}

/** Buses and subscriptions a case opened, released after it even when it fails half-way. */
class Resources {
  private readonly subscriptions = new Set<Subscription>();
  private readonly buses = new Set<EventBus>();

  constructor(private readonly harness: EventBusHarness) {}

  async bus(): Promise<EventBus> {
    const bus = await this.harness.newBus();
    this.buses.add(bus);
    return bus;
  }

  async closeBus(bus: EventBus): Promise<void> {
    this.buses.delete(bus);
    await bus.close();
  }

  /** Subscribes and waits until the member is assigned and fetching. */
  async subscribe(bus: EventBus, options: SubscribeOptions): Promise<Subscription> {
    const subscription = await bus.subscribe(options);
    this.subscriptions.add(subscription);
    await subscription.ready;
    return subscription;
  }

  async stop(subscription: Subscription): Promise<void> {
    this.subscriptions.delete(subscription);
    await subscription.stop();
  }

  async releaseAll(): Promise<void> {
    for (const subscription of [...this.subscriptions].reverse()) await this.stop(subscription);
    for (const bus of [...this.buses].reverse()) await this.closeBus(bus);
  }
}

function offsetsByPartition(receipts: readonly AppendReceipt[]): Map<number, number[]> {
  const byPartition = new Map<number, number[]>();
  for (const receipt of receipts) {
    const offsets = byPartition.get(receipt.partition) ?? [];
    offsets.push(receipt.offset);
    byPartition.set(receipt.partition, offsets);
  }
  return byPartition;
}

function countsByPartition(receipts: readonly AppendReceipt[], partitions: number): number[] {
  const counts = Array.from({ length: partitions }, () => 0);
  for (const receipt of receipts) counts[receipt.partition] = (counts[receipt.partition] ?? 0) + 1;
  return counts;
}

export function describeEventBusContract(adapterName: string, harness: EventBusHarness): void {
  describe(`EventBus contract: ${adapterName}`, () => {
    const resources = new Resources(harness);
    afterEach(async () => {
      await resources.releaseAll();
    });

    it('returns receipts with offsets counting up from 0 per partition, across calls', async () => {
      const bus = await resources.bus();
      const topic = await harness.uniqueTopic(3);
      const keys = Array.from({ length: 12 }, (_, index) => `charger-${index}`);

      const first = await bus.append(keys.map((key) => request(topic, key, `first ${key}`)));
      const second = await bus.append(keys.map((key) => request(topic, key, `second ${key}`)));

      const receipts = [...first, ...second];
      expect(receipts.every((receipt) => receipt.topic === topic)).toBe(true);
      for (const offsets of offsetsByPartition(receipts).values()) {
        expect(offsets).toEqual(offsets.map((_, index) => index));
      }
      expect(first.map((receipt) => receipt.partition)).toEqual(second.map((receipt) => receipt.partition));
    });

    it("places a key on Kafka's default-partitioner partition", async () => {
      const bus = await resources.bus();
      const topic = await harness.uniqueTopic(12);
      // given key → expected partition of 12 (toPositive(murmur2(key)) % 12, as Kafka's Java client computes it)
      const table: ReadonlyArray<readonly [string, number]> = [
        ['', 9],
        ['a', 4],
        ['CP-0001', 8],
        ['charger-42', 0],
        ['EVB-P1234567', 5],
        ['Zürich-7', 3],
      ];

      const receipts = await bus.append(table.map(([key]) => request(topic, key, key)));

      expect(receipts.map((receipt) => receipt.partition)).toEqual(table.map(([, partition]) => partition));
    });

    it('delivers each key in append order across many keys and partitions', async () => {
      const bus = await resources.bus();
      const topic = await harness.uniqueTopic(4);
      const keys = Array.from({ length: 20 }, (_, index) => `cp-${index}`);
      const sequencesPerKey = 10;
      for (let sequence = 0; sequence < sequencesPerKey; sequence += 1) {
        await bus.append(keys.map((key) => request(topic, key, String(sequence))));
      }
      const seen = new Map<string, number[]>();
      const lastOffsetPerPartition = new Map<number, number>();
      let outOfOrderOffsets = 0;

      await resources.subscribe(bus, {
        group: `${topic}.ordering`,
        topics: [topic],
        from: 'earliest',
        handler: async (record) => {
          const previous = lastOffsetPerPartition.get(record.partition) ?? -1;
          if (record.offset <= previous) outOfOrderOffsets += 1;
          lastOffsetPerPartition.set(record.partition, record.offset);
          seen.set(record.key, [...(seen.get(record.key) ?? []), Number(text(record))]);
        },
      });
      await waitUntil(
        () => [...seen.values()].reduce((sum, values) => sum + values.length, 0) >= keys.length * sequencesPerKey,
        'every record to be handled',
      );

      expect(outOfOrderOffsets).toBe(0);
      const expected = Array.from({ length: sequencesPerKey }, (_, sequence) => sequence);
      for (const key of keys) expect(seen.get(key)).toEqual(expected);
    });

    it('round-trips key, value bytes, tombstones, headers and timestamps, and stamps a missing timestamp', async () => {
      const bus = await resources.bus();
      const topic = await harness.uniqueTopic(1);
      const explicitTimestamp = Date.now() - 60_000;
      const bytes = new Uint8Array([0, 1, 127, 128, 254, 255]);
      const before = Date.now();
      await bus.append([
        { topic, key: 'cp-ü', value: bytes, headers: { 'content-type': 'application/x-test', 'x-ünïcode': 'wert ✓' }, timestamp: explicitTimestamp },
        request(topic, 'cp-2', 'stamped'),
        { topic, key: 'cp-3', value: null },
      ]);
      const after = Date.now();
      const received: BusRecord[] = [];

      await resources.subscribe(bus, {
        group: `${topic}.roundtrip`,
        topics: [topic],
        from: 'earliest',
        handler: async (record) => {
          received.push(record);
        },
      });
      await waitUntil(() => received.length >= 3, 'all three records');

      const [explicit, stamped, tombstone] = received;
      expect(explicit?.key).toBe('cp-ü');
      expect([...(explicit?.value ?? [])]).toEqual([...bytes]);
      expect(explicit?.headers).toEqual({ 'content-type': 'application/x-test', 'x-ünïcode': 'wert ✓' });
      expect(explicit?.timestamp).toBe(explicitTimestamp);
      expect(explicit?.offset).toBe(0);
      expect(stamped?.headers).toEqual({});
      expect(stamped?.timestamp).toBeGreaterThanOrEqual(before - 1_000);
      expect(stamped?.timestamp).toBeLessThanOrEqual(after + 1_000);
      expect(tombstone?.key).toBe('cp-3');
      expect(tombstone?.value).toBeNull();
    });

    it('retries a retriable failure with backoff, then moves on in order', async () => {
      const bus = await resources.bus();
      const topic = await harness.uniqueTopic(1);
      await bus.append(['a', 'b', 'c'].map((value) => request(topic, 'cp-1', value)));
      const handled: string[] = [];
      let failuresLeft = 2;

      const subscription = await resources.subscribe(bus, {
        group: `${topic}.retry`,
        topics: [topic],
        from: 'earliest',
        retry: { initialBackoffMs: 5, maxBackoffMs: 20, maxAttempts: 5 },
        handler: async (record) => {
          handled.push(text(record));
          if (text(record) === 'b' && failuresLeft > 0) {
            failuresLeft -= 1;
            throw retriable('downstream busy');
          }
        },
      });
      await waitUntil(() => handled.includes('c'), 'the record after the flaky one');
      await resources.stop(subscription);

      expect(handled).toEqual(['a', 'b', 'b', 'b', 'c']);
      const [partition] = await bus.lag(`${topic}.retry`, topic);
      expect(partition).toEqual({ partition: 0, committed: 3, end: 3, lag: 0 });
    });

    it('resumes a group after its last committed offset, also from a reopened bus', async () => {
      const firstBus = await resources.bus();
      const topic = await harness.uniqueTopic(2);
      const group = `${topic}.resume`;
      const keys = ['cp-1', 'cp-2', 'cp-3', 'cp-4'];
      await firstBus.append(keys.map((key) => request(topic, key, `before ${key}`)));
      const firstRun: string[] = [];
      const first = await resources.subscribe(firstBus, {
        group,
        topics: [topic],
        from: 'earliest',
        handler: async (record) => {
          firstRun.push(text(record));
        },
      });
      await waitUntil(() => firstRun.length >= keys.length, 'the first batch');
      await resources.stop(first);
      await resources.closeBus(firstBus);

      const secondBus = await resources.bus();
      await secondBus.append(keys.map((key) => request(topic, key, `after ${key}`)));
      const secondRun: string[] = [];
      await resources.subscribe(secondBus, {
        group,
        topics: [topic],
        from: 'earliest',
        handler: async (record) => {
          secondRun.push(text(record));
        },
      });
      await waitUntil(() => secondRun.length >= keys.length, 'the second batch');

      expect(firstRun.sort()).toEqual(keys.map((key) => `before ${key}`).sort());
      expect(secondRun.sort()).toEqual(keys.map((key) => `after ${key}`).sort());
    });

    it('starts a new group at the end when asked for latest', async () => {
      const bus = await resources.bus();
      const topic = await harness.uniqueTopic(1);
      await bus.append([request(topic, 'cp-1', 'old')]);
      const handled: string[] = [];

      await resources.subscribe(bus, {
        group: `${topic}.latest`,
        topics: [topic],
        from: 'latest',
        handler: async (record) => {
          handled.push(text(record));
        },
      });
      await bus.append([request(topic, 'cp-1', 'new')]);
      await waitUntil(() => handled.length >= 1, 'the new record');

      expect(handled).toEqual(['new']);
    });

    it('replays from the earliest offset, from explicit offsets and from a timestamp via seekGroup', async () => {
      const bus = await resources.bus();
      const topic = await harness.uniqueTopic(1);
      const group = `${topic}.replay`;
      const base = Date.now() - 10 * 60_000;
      await bus.append(
        ['r0', 'r1', 'r2', 'r3', 'r4'].map((value, index) =>
          request(topic, 'cp-1', value, { timestamp: base + index * 1_000 }),
        ),
      );
      const consumeUntilCaughtUp = async (): Promise<string[]> => {
        const handled: string[] = [];
        const subscription = await resources.subscribe(bus, {
          group,
          topics: [topic],
          from: 'earliest',
          handler: async (record) => {
            handled.push(text(record));
          },
        });
        await waitUntil(() => handled.at(-1) === 'r4', 'the group to reach the last record');
        await resources.stop(subscription);
        return handled;
      };

      expect(await consumeUntilCaughtUp()).toEqual(['r0', 'r1', 'r2', 'r3', 'r4']);

      await bus.seekGroup(group, topic, { kind: 'earliest' });
      expect(await consumeUntilCaughtUp()).toEqual(['r0', 'r1', 'r2', 'r3', 'r4']);

      await bus.seekGroup(group, topic, { kind: 'offsets', offsets: [{ partition: 0, offset: 3 }] });
      expect(await consumeUntilCaughtUp()).toEqual(['r3', 'r4']);

      await bus.seekGroup(group, topic, { kind: 'timestamp', timestamp: base + 1_500 });
      expect(await consumeUntilCaughtUp()).toEqual(['r2', 'r3', 'r4']);

      await bus.seekGroup(group, topic, { kind: 'earliest' });
      await bus.seekGroup(group, topic, { kind: 'latest' });
      expect(await bus.lag(group, topic)).toEqual([{ partition: 0, committed: 5, end: 5, lag: 0 }]);
    });

    it('shares partitions between two members of a group, each record handled once, and rebalances when one stops', async () => {
      const bus = await resources.bus();
      const topic = await harness.uniqueTopic(4);
      const group = `${topic}.shared`;
      const handledBy = new Map<string, string[]>();
      const member = (name: string): SubscribeOptions => ({
        group,
        topics: [topic],
        from: 'earliest',
        handler: async (record) => {
          handledBy.set(text(record), [...(handledBy.get(text(record)) ?? []), name]);
        },
      });
      const first = await resources.subscribe(bus, member('first'));
      const second = await resources.subscribe(bus, member('second'));

      const keys = Array.from({ length: 40 }, (_, index) => `cp-${index}`);
      await bus.append(keys.map((key) => request(topic, key, `shared ${key}`)));
      await waitUntil(() => handledBy.size >= keys.length, 'both members to handle every record');

      for (const key of keys) expect(handledBy.get(`shared ${key}`)).toHaveLength(1);
      const members = new Set([...handledBy.values()].flat());
      expect(members).toEqual(new Set(['first', 'second']));

      await resources.stop(second);
      await bus.append(keys.map((key) => request(topic, key, `alone ${key}`)));
      await waitUntil(
        () => keys.every((key) => handledBy.has(`alone ${key}`)),
        'the remaining member to take over every partition',
      );
      for (const key of keys) expect(new Set(handledBy.get(`alone ${key}`))).toEqual(new Set(['first']));
      await resources.stop(first);
    });

    it('dead-letters non-retriable and exhausted records with their key, value and headers, and moves on', async () => {
      const bus = await resources.bus();
      const topic = await harness.uniqueTopic(1);
      const deadLetterTopic = deadLetterTopicOf(topic);
      const group = `${topic}.dlq`;
      await bus.append([
        request(topic, 'cp-ok', 'ok-1'),
        request(topic, 'cp-poison', 'poison', { headers: { 'x-trace': 'trace-1' } }),
        request(topic, 'cp-flaky', 'flaky'),
        request(topic, 'cp-ok', 'ok-2'),
      ]);
      const handled: string[] = [];
      const deadLetters: BusRecord[] = [];

      const subscription = await resources.subscribe(bus, {
        group,
        topics: [topic, deadLetterTopic],
        from: 'earliest',
        retry: fastRetry,
        handler: async (record) => {
          if (record.topic === deadLetterTopic) {
            deadLetters.push(record);
            return;
          }
          if (record.key === 'cp-poison') throw permanent('unparseable frame');
          if (record.key === 'cp-flaky') throw retriable('always busy');
          handled.push(text(record));
        },
      });
      await waitUntil(() => deadLetters.length >= 2 && handled.length >= 2, 'two dead letters and two good records');
      await resources.stop(subscription);

      expect(handled).toEqual(['ok-1', 'ok-2']);
      const [poison, flaky] = deadLetters;
      expect(poison?.key).toBe('cp-poison');
      expect(text(poison!)).toBe('poison');
      expect(poison?.headers).toMatchObject({
        'x-trace': 'trace-1',
        [deadLetterHeaders.sourceTopic]: topic,
        [deadLetterHeaders.sourcePartition]: '0',
        [deadLetterHeaders.sourceOffset]: '1',
        [deadLetterHeaders.group]: group,
        [deadLetterHeaders.attempts]: '1',
      });
      expect(poison?.headers[deadLetterHeaders.error]).toContain('unparseable frame');
      expect(flaky?.key).toBe('cp-flaky');
      expect(text(flaky!)).toBe('flaky');
      expect(flaky?.headers).toMatchObject({
        [deadLetterHeaders.sourceOffset]: '2',
        [deadLetterHeaders.attempts]: String(fastRetry.maxAttempts),
      });
      expect(flaky?.headers[deadLetterHeaders.error]).toContain('always busy');
      expect(await bus.lag(group, topic)).toEqual([{ partition: 0, committed: 4, end: 4, lag: 0 }]);
    });

    it('hands a batch handler whole fetches of one partition in offset order, each record once, and commits them', async () => {
      const bus = await resources.bus();
      const topic = await harness.uniqueTopic(2);
      const group = `${topic}.batches`;
      const receipts = await bus.append(Array.from({ length: 60 }, (_, index) => request(topic, `cp-${index % 9}`, String(index))));
      const batches: BusRecord[][] = [];

      const subscription = await resources.subscribe(bus, {
        group,
        topics: [topic],
        from: 'earliest',
        batchHandler: async (records) => {
          batches.push([...records]);
        },
      });
      await waitUntil(() => batches.flat().length >= receipts.length, 'every record in batches');
      await resources.stop(subscription);

      for (const batch of batches) {
        expect(new Set(batch.map((record) => record.partition)).size).toBe(1);
        expect(batch.map((record) => record.offset)).toEqual(batch.map((_, index) => (batch[0]?.offset ?? 0) + index));
      }
      expect(batches.some((batch) => batch.length > 1)).toBe(true);
      const delivered = batches.flat().map((record) => `${record.partition}:${record.offset}`);
      expect(delivered.sort()).toEqual(receipts.map((receipt) => `${receipt.partition}:${receipt.offset}`).sort());
      const counts = countsByPartition(receipts, 2);
      expect(await bus.lag(group, topic)).toEqual(counts.map((end, partition) => ({ partition, committed: end, end, lag: 0 })));
    });

    it('after a batch failure keeps what the handler finished, retries the failed record with the rest and dead-letters a poison one', async () => {
      const bus = await resources.bus();
      const topic = await harness.uniqueTopic(1);
      const deadLetterTopic = deadLetterTopicOf(topic);
      const group = `${topic}.batch-failure`;
      await bus.append(['a', 'b', 'flaky', 'poison', 'c', 'd'].map((value) => request(topic, 'cp-1', value)));
      const handled: string[] = [];
      const deadLetters: BusRecord[] = [];
      let flakyFailuresLeft = 2;

      const subscription = await resources.subscribe(bus, {
        group,
        topics: [topic, deadLetterTopic],
        from: 'earliest',
        retry: fastRetry,
        batchHandler: async (records) => {
          for (const [index, record] of records.entries()) {
            if (record.topic === deadLetterTopic) {
              deadLetters.push(record);
              continue;
            }
            if (text(record) === 'flaky' && flakyFailuresLeft > 0) {
              flakyFailuresLeft -= 1;
              throw new BatchFailure(index, retriable('downstream busy'));
            }
            if (text(record) === 'poison') throw new BatchFailure(index, permanent('undecodable'));
            handled.push(text(record));
          }
        },
      });
      await waitUntil(() => handled.includes('d') && deadLetters.length >= 1, 'the records after the poison one');
      await resources.stop(subscription);

      expect(handled).toEqual(['a', 'b', 'flaky', 'c', 'd']);
      expect(deadLetters.map(text)).toEqual(['poison']);
      expect(deadLetters[0]?.headers).toMatchObject({
        [deadLetterHeaders.sourceOffset]: '3',
        [deadLetterHeaders.attempts]: '1',
        [deadLetterHeaders.group]: group,
      });
      expect(deadLetters[0]?.headers[deadLetterHeaders.error]).toContain('undecodable');
      expect(await bus.lag(group, topic)).toEqual([{ partition: 0, committed: 6, end: 6, lag: 0 }]);
    });

    it('never commits past a record a batch handler has not finished, and the next member starts there', async () => {
      const bus = await resources.bus();
      const topic = await harness.uniqueTopic(1);
      const group = `${topic}.batch-commit`;
      await bus.append(['r0', 'r1', 'r2', 'r3', 'r4'].map((value) => request(topic, 'cp-1', value)));
      let attemptsOnR2 = 0;

      const stuck = await resources.subscribe(bus, {
        group,
        topics: [topic],
        from: 'earliest',
        retry: { initialBackoffMs: 5, maxBackoffMs: 20, maxAttempts: Number.POSITIVE_INFINITY },
        batchHandler: async (records) => {
          const index = records.findIndex((record) => text(record) === 'r2');
          if (index >= 0) {
            attemptsOnR2 += 1;
            throw new BatchFailure(index, retriable('archive unavailable'));
          }
        },
      });
      await waitUntil(() => attemptsOnR2 >= 3, 'r2 to be retried');
      await resources.stop(stuck);
      expect(await bus.lag(group, topic)).toEqual([{ partition: 0, committed: 2, end: 5, lag: 3 }]);

      const resumed: string[] = [];
      await resources.subscribe(bus, {
        group,
        topics: [topic],
        from: 'earliest',
        batchHandler: async (records) => {
          resumed.push(...records.map(text));
        },
      });
      await waitUntil(() => resumed.length >= 3, 'the records from r2 on');
      expect(resumed).toEqual(['r2', 'r3', 'r4']);
    });

    it('reports end offsets of every partition and a group lag before and after consuming', async () => {
      const bus = await resources.bus();
      const topic = await harness.uniqueTopic(3);
      const group = `${topic}.lag`;
      const receipts = await bus.append(
        Array.from({ length: 30 }, (_, index) => request(topic, `cp-${index % 7}`, String(index))),
      );
      const counts = countsByPartition(receipts, 3);

      expect(await bus.endOffsets(topic)).toEqual(counts.map((offset, partition) => ({ partition, offset })));
      expect(await bus.lag(group, topic)).toEqual(
        counts.map((end, partition) => ({ partition, committed: -1, end, lag: end })),
      );

      let handled = 0;
      const subscription = await resources.subscribe(bus, {
        group,
        topics: [topic],
        from: 'earliest',
        handler: async () => {
          handled += 1;
        },
      });
      await waitUntil(() => handled >= receipts.length, 'every record');
      await resources.stop(subscription);
      expect(await bus.lag(group, topic)).toEqual(
        counts.map((end, partition) => ({ partition, committed: end, end, lag: 0 })),
      );

      const [late] = await bus.append([request(topic, 'cp-late', 'late')]);
      const lagAfter = await bus.lag(group, topic);
      expect(lagAfter.reduce((sum, partition) => sum + partition.lag, 0)).toBe(1);
      expect(lagAfter.find((partition) => partition.lag === 1)?.partition).toBe(late?.partition);
    });
  });
}
