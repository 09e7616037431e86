import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock, systemClock, type Clock } from '../../clock.ts';
import { SwitchyardError } from '../../errors.ts';
import type { AppendRequest, TopicSpec } from '../event-bus.ts';
import { openEmbeddedEventBus, type EmbeddedEventBus } from './embedded-event-bus.ts';

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const compacted: TopicSpec = { name: 'test.chargers', partitions: 2, cleanupPolicy: 'compact', retentionMs: -1 };
const frames: TopicSpec = { name: 'test.frames', partitions: 3, cleanupPolicy: 'delete', retentionMs: 1_000 };

let directory = '';
const opened: EmbeddedEventBus[] = [];

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'switchyard-embedded-'));
});

afterEach(async () => {
  for (const bus of opened.splice(0)) await bus.close();
  await rm(directory, { recursive: true, force: true });
});

function open(options: { clock?: Clock; catalogue?: readonly TopicSpec[]; defaultPartitions?: number } = {}): EmbeddedEventBus {
  const bus = openEmbeddedEventBus({
    path: join(directory, 'log'),
    catalogue: options.catalogue ?? [compacted, frames],
    clock: options.clock ?? systemClock,
    defaultPartitions: options.defaultPartitions,
  });
  opened.push(bus);
  return bus;
}

async function closeAll(): Promise<void> {
  for (const bus of opened.splice(0)) await bus.close();
}

function record(topic: string, key: string, text: string | null, timestamp?: number): AppendRequest {
  return { topic, key, value: text === null ? null : encoder.encode(text), timestamp };
}

async function rejection(promise: Promise<unknown>): Promise<SwitchyardError> {
  const error: unknown = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof SwitchyardError)) throw new Error(`expected a SwitchyardError, got ${String(error)}`);
  return error;
}

describe('embedded event bus', () => {
  it('continues offsets and keeps partition counts after a reopen, whatever the catalogue says then', async () => {
    const first = open();
    await first.append([record(frames.name, 'CP-1', 'a'), record(frames.name, 'CP-1', 'b')]);
    await closeAll();

    const reopened = open({ catalogue: [{ ...frames, partitions: 7 }] });
    const [receipt] = await reopened.append([record(frames.name, 'CP-1', 'c')]);

    expect(receipt?.offset).toBe(2);
    expect(await reopened.endOffsets(frames.name)).toHaveLength(3);
  });

  it('auto-creates an unknown topic with the default partition count', async () => {
    const bus = open({ defaultPartitions: 2 });

    await bus.append([record('test.unplanned', 'CP-1', 'x')]);

    expect(await bus.endOffsets('test.unplanned')).toHaveLength(2);
  });

  it('serves the latest value per key of a compacted topic; tombstones delete, also after a reopen', async () => {
    const bus = open();
    await bus.append([
      record(compacted.name, 'CP-1', 'v1'),
      record(compacted.name, 'CP-2', 'v1'),
      record(compacted.name, 'CP-3', 'v1'),
    ]);
    await bus.append([record(compacted.name, 'CP-1', 'v2'), record(compacted.name, 'CP-2', null)]);
    await closeAll();

    const reopened = open();
    const latest = await reopened.readLatestByKey(compacted.name);

    expect(latest.map((entry) => [entry.key, decoder.decode(entry.value ?? undefined)])).toEqual([
      ['CP-1', 'v2'],
      ['CP-3', 'v1'],
    ]);
    expect(await reopened.getLatest(compacted.name, 'CP-2')).toBeUndefined();
    expect(decoder.decode((await reopened.getLatest(compacted.name, 'CP-3'))?.value ?? undefined)).toBe('v1');
    expect((await rejection(reopened.readLatestByKey(frames.name))).code).toBe('bus.not-compacted');
  });

  it('compacts superseded records and expired tombstones, keeps gaps in offsets and the last record', async () => {
    const clock = fixedClock(5_000_000);
    const bus = openEmbeddedEventBus({
      path: join(directory, 'log'),
      catalogue: [{ ...compacted, partitions: 1 }],
      clock,
      tombstoneRetentionMs: 1_000,
    });
    opened.push(bus);
    await bus.append([
      record(compacted.name, 'CP-1', 'v1'),
      record(compacted.name, 'CP-2', 'v1'),
      record(compacted.name, 'CP-1', 'v2'),
      record(compacted.name, 'CP-2', null),
      record(compacted.name, 'CP-3', 'v1'),
      record(compacted.name, 'CP-3', null),
    ]);

    expect(await bus.runCleaner()).toBe(3);
    clock.advance(1_001);
    expect(await bus.runCleaner()).toBe(1);

    const seen: Array<[number, string | null]> = [];
    const subscription = await bus.subscribe({
      group: 'rebuild',
      topics: [compacted.name],
      from: 'earliest',
      handler: async (received) => {
        seen.push([received.offset, received.value === null ? null : decoder.decode(received.value)]);
      },
    });
    const deadline = Date.now() + 10_000;
    while ((await bus.lag('rebuild', compacted.name))[0]?.lag !== 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await subscription.stop();
    await closeAll();

    expect(seen).toEqual([
      [2, 'v2'],
      [5, null],
    ]);
    const [receipt] = await open({ catalogue: [{ ...compacted, partitions: 1 }] }).append([record(compacted.name, 'CP-4', 'v1')]);
    expect(receipt?.offset).toBe(6);
  });

  describe('seeking to a timestamp finds the earliest offset whose timestamp is at or after it', () => {
    // Out-of-order timestamps on one partition, offsets 0..4.
    const timestamps = [1_000, 3_000, 2_000, 4_000, 4_000];
    const table: ReadonlyArray<readonly [target: number, expectedOffset: number]> = [
      [500, 0],
      [1_000, 0],
      [1_500, 1],
      [2_000, 1],
      [3_500, 3],
      [4_000, 3],
      [4_001, 5],
    ];
    it.each(table)('given target %i, seeks to offset %i', async (target, expectedOffset) => {
      const bus = open({ catalogue: [{ ...frames, partitions: 1, retentionMs: -1 }] });
      await bus.append(timestamps.map((timestamp, index) => record(frames.name, 'CP-1', String(index), timestamp)));

      await bus.seekGroup('replayer', frames.name, { kind: 'timestamp', timestamp: target });

      expect((await bus.lag('replayer', frames.name))[0]?.committed).toBe(expectedOffset);
    });
  });

  it('deletes records past retention, moves the log start and keeps end offsets', async () => {
    const clock = fixedClock(1_000_000);
    const bus = open({ clock, catalogue: [{ ...frames, partitions: 1 }] });
    await bus.append([record(frames.name, 'CP-1', 'old-1'), record(frames.name, 'CP-1', 'old-2')]);
    clock.advance(600);
    await bus.append([record(frames.name, 'CP-1', 'recent')]);
    clock.advance(600);

    expect(await bus.runCleaner()).toBe(2);
    expect(await bus.runCleaner()).toBe(0);
    expect(await bus.endOffsets(frames.name)).toEqual([{ partition: 0, offset: 3 }]);
    expect(await bus.lag('fresh', frames.name)).toEqual([{ partition: 0, committed: -1, end: 3, lag: 1 }]);
    await bus.seekGroup('fresh', frames.name, { kind: 'earliest' });
    expect((await bus.lag('fresh', frames.name))[0]?.committed).toBe(2);
    await closeAll();

    const reopened = open({ clock, catalogue: [{ ...frames, partitions: 1 }] });
    const seen: string[] = [];
    const subscription = await reopened.subscribe({
      group: 'from-start',
      topics: [frames.name],
      from: 'earliest',
      handler: async (received) => {
        seen.push(decoder.decode(received.value ?? undefined));
      },
    });
    await reopened.append([record(frames.name, 'CP-1', 'new')]);
    const deadline = Date.now() + 10_000;
    while (seen.length < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    await subscription.stop();
    expect(seen).toEqual(['recent', 'new']);
  });

  it('runs the cleaner on its own when given an interval', async () => {
    const clock = fixedClock(1_000_000);
    const bus = openEmbeddedEventBus({
      path: join(directory, 'log'),
      catalogue: [{ ...frames, partitions: 1 }],
      clock,
      cleanerIntervalMs: 10,
    });
    opened.push(bus);
    await bus.append([record(frames.name, 'CP-1', 'expiring')]);
    clock.advance(frames.retentionMs + 1);

    const deadline = Date.now() + 10_000;
    while ((await bus.lag('observer', frames.name))[0]?.lag !== 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }

    expect(await bus.lag('observer', frames.name)).toEqual([{ partition: 0, committed: -1, end: 1, lag: 0 }]);
  });

  it("pins a new group's 'latest' start position, so records appended while it was stopped are not skipped", async () => {
    const bus = open();
    await bus.append([record(frames.name, 'CP-1', 'before')]);
    const handled: string[] = [];
    const subscribe = () =>
      bus.subscribe({
        group: 'late-joiner',
        topics: [frames.name],
        from: 'latest',
        handler: async (received) => {
          handled.push(decoder.decode(received.value ?? undefined));
        },
      });
    await (await subscribe()).stop();
    await bus.append([record(frames.name, 'CP-1', 'while stopped')]);

    const second = await subscribe();
    const deadline = Date.now() + 10_000;
    while (handled.length < 1 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    await second.stop();

    expect(handled).toEqual(['while stopped']);
  });

  it('refuses to seek a group that has running members', async () => {
    const bus = open();
    const subscription = await bus.subscribe({ group: 'busy', topics: [frames.name], from: 'earliest', handler: async () => {} });

    const error = await rejection(bus.seekGroup('busy', frames.name, { kind: 'earliest' }));
    await subscription.stop();

    expect(error.code).toBe('bus.group-active');
    expect(error.retriable).toBe(false);
    await bus.seekGroup('busy', frames.name, { kind: 'earliest' });
  });

  it('refuses to seek a partition the topic does not have', async () => {
    const bus = open();

    const error = await rejection(
      bus.seekGroup('replayer', frames.name, { kind: 'offsets', offsets: [{ partition: frames.partitions, offset: 0 }] }),
    );

    expect(error.code).toBe('bus.unknown-partition');
  });

  it('rejects a whole append with an illegal record and writes none of it', async () => {
    const bus = open();

    const error = await rejection(bus.append([record(compacted.name, 'CP-1', 'fine'), record(compacted.name, 'CP\u0000', 'bad')]));

    expect(error.code).toBe('bus.invalid-record');
    expect(error.retriable).toBe(false);
    expect(await bus.readLatestByKey(compacted.name)).toEqual([]);
    expect((await rejection(bus.append([record('no spaces allowed', 'k', 'v')]))).code).toBe('bus.invalid-topic');
  });

  it('never hands one partition to two members at once while rebalancing under load', async () => {
    const bus = open({ catalogue: [{ ...frames, partitions: 4, retentionMs: -1 }] });
    const inFlight = new Set<number>();
    let overlaps = 0;
    const handledCount = new Map<string, number>();
    const member = () =>
      bus.subscribe({
        group: 'shared',
        topics: [frames.name],
        from: 'earliest',
        handler: async (received) => {
          if (inFlight.has(received.partition)) overlaps += 1;
          inFlight.add(received.partition);
          await new Promise((resolve) => setTimeout(resolve, 1));
          inFlight.delete(received.partition);
          const text = decoder.decode(received.value ?? undefined);
          handledCount.set(text, (handledCount.get(text) ?? 0) + 1);
        },
      });
    const keys = Array.from({ length: 200 }, (_, index) => `CP-${index}`);
    await bus.append(keys.map((key) => record(frames.name, key, key)));

    const first = await member();
    const second = await member();
    const third = await member();
    await second.stop();
    const deadline = Date.now() + 30_000;
    while (handledCount.size < keys.length && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    await Promise.all([first.stop(), third.stop()]);

    expect(overlaps).toBe(0);
    expect(handledCount.size).toBe(keys.length);
    expect([...handledCount.values()].every((count) => count === 1)).toBe(true);
  });

  it('fails appends after close with a non-retriable error', async () => {
    const bus = open();
    await bus.close();

    const error = await rejection(bus.append([record(frames.name, 'CP-1', 'late')]));

    expect(error.code).toBe('bus.closed');
    expect(error.retriable).toBe(false);
  });
});
