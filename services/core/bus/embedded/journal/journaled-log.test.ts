import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../clock.ts';
import { SwitchyardError } from '../../../errors.ts';
import type { AppendReceipt, AppendRequest, BusRecord, EventBus, TopicSpec } from '../../event-bus.ts';
import { openEmbeddedEventBus, type EmbeddedEventBus } from '../embedded-event-bus.ts';

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const chargers: TopicSpec = { name: 'test.chargers', partitions: 2, cleanupPolicy: 'compact', retentionMs: -1 };
const frames: TopicSpec = { name: 'test.frames', partitions: 2, cleanupPolicy: 'delete', retentionMs: -1 };
/** Long enough that no checkpoint runs during a test: lmdb stays behind, the memtable serves the reads. */
const heldCheckpoints = 60 * 60 * 1000;

let directory = '';
const opened: EmbeddedEventBus[] = [];

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'switchyard-journal-'));
});

afterEach(async () => {
  for (const bus of opened.splice(0)) await bus.close();
  await rm(directory, { recursive: true, force: true });
});

function open(checkpointIntervalMs?: number): EmbeddedEventBus {
  const bus = openEmbeddedEventBus({ path: join(directory, 'log'), catalogue: [chargers, frames], clock: systemClock, checkpointIntervalMs });
  opened.push(bus);
  return bus;
}

async function close(bus: EmbeddedEventBus): Promise<void> {
  opened.splice(opened.indexOf(bus), 1);
  await bus.close();
}

function request(topic: string, key: string, text: string | null, timestamp?: number): AppendRequest {
  return { topic, key, value: text === null ? null : encoder.encode(text), timestamp };
}

const textOf = (record: BusRecord): string | null => (record.value === null ? null : decoder.decode(record.value));

/** Every record a new group reads from `from` until it has `count`, as "partition/offset key=text". */
async function readAll(bus: EventBus, topic: string, count: number, group = 'reader'): Promise<string[]> {
  const read: string[] = [];
  const subscription = await bus.subscribe({
    group,
    topics: [topic],
    from: 'earliest',
    handler: async (record) => {
      read.push(`${record.partition}/${record.offset} ${record.key}=${String(textOf(record))}`);
    },
  });
  const deadline = Date.now() + 10_000;
  while (read.length < count && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
  await subscription.stop();
  return read.sort();
}

describe('embedded log journal', () => {
  it('serves records that are journaled but not yet in lmdb to consumers, compacted reads and seeks, merged with lmdb', async () => {
    const first = open();
    await first.append([request(chargers.name, 'CP-1', 'v1'), request(chargers.name, 'CP-2', 'v1'), request(chargers.name, 'CP-3', 'v1')]);
    const old = [1, 2, 3, 4].map((index) => request(frames.name, `CP-${index}`, 'old', 1_000 + index));
    const oldReceipts = await first.append(old);
    await close(first);

    const bus = open(heldCheckpoints);
    await bus.append([request(chargers.name, 'CP-1', 'v2'), request(chargers.name, 'CP-2', null), request(chargers.name, 'CP-4', 'v1')]);
    const recent = [1, 2, 3, 4].map((index) => request(frames.name, `CP-${index}`, 'new', 2_000 + index));
    const recentReceipts = await bus.append(recent);

    const latest = (await bus.readLatestByKey(chargers.name)).map((record) => `${record.key}=${String(textOf(record))}`);
    expect(latest).toEqual(['CP-1=v2', 'CP-3=v1', 'CP-4=v1']);
    expect(await bus.getLatest(chargers.name, 'CP-2')).toBeUndefined();
    const charger = await bus.getLatest(chargers.name, 'CP-1');
    expect(charger === undefined ? undefined : textOf(charger)).toBe('v2');

    const lineOf = (appended: AppendRequest, receipt: AppendReceipt | undefined): string =>
      `${receipt?.partition}/${receipt?.offset} ${appended.key}=${decoder.decode(appended.value ?? undefined)}`;
    const expected = [...old.map((appended, index) => lineOf(appended, oldReceipts[index])), ...recent.map((appended, index) => lineOf(appended, recentReceipts[index]))];
    expect(await readAll(bus, frames.name, 8)).toEqual(expected.sort());
    const ends = await bus.endOffsets(frames.name);
    expect(ends.reduce((sum, end) => sum + end.offset, 0)).toBe(8);

    await bus.seekGroup('replayer', frames.name, { kind: 'timestamp', timestamp: 2_000 });
    const lag = await bus.lag('replayer', frames.name);
    expect(lag.reduce((sum, partition) => sum + partition.lag, 0)).toBe(4);
    const replayed = await readAll(bus, frames.name, 4, 'replayer');
    expect(replayed.every((line) => line.includes('=new'))).toBe(true);
  });

  it('compacts only after a checkpoint, and keeps the journaled latest record of every key', async () => {
    const bus = open(heldCheckpoints);
    await bus.append([request(chargers.name, 'CP-1', 'v1'), request(chargers.name, 'CP-1', 'v2'), request(chargers.name, 'CP-1', 'v3')]);

    expect(await bus.runCleaner()).toBe(2);
    expect((await bus.readLatestByKey(chargers.name)).map(textOf)).toEqual(['v3']);
  });

  it('fails an append whose journal write fails, retriably and without publishing it, then goes on', async () => {
    const bus = open();
    await bus.ensureTopics([frames]);
    const journal = join(directory, 'log', 'journal');
    // A file where the journal directory was: creating the first segment fails for real.
    await rm(journal, { recursive: true });
    await writeFile(journal, 'not a directory');

    const error: unknown = await bus.append([request(frames.name, 'CP-1', 'lost')]).catch((reason: unknown) => reason);

    expect(error).toBeInstanceOf(SwitchyardError);
    expect((error as SwitchyardError).retriable).toBe(true);
    expect((await bus.endOffsets(frames.name)).map((end) => end.offset)).toEqual([0, 0]);

    await rm(journal);
    await mkdir(journal);
    const [receipt] = await bus.append([request(frames.name, 'CP-1', 'kept')]);
    expect(receipt?.offset).toBe(0);
    await close(bus);
    expect(await readAll(open(), frames.name, 1)).toEqual([`${receipt?.partition}/0 CP-1=kept`]);
  });
});
