import { copyFile, mkdtemp, open, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../services/core/clock.ts';
import { openEmbeddedEventBus, type EmbeddedEventBus } from '../../services/core/bus/embedded/embedded-event-bus.ts';
import { decodeJournalSegment, encodeJournalEntry } from '../../services/core/bus/embedded/journal/journal-entry.ts';
import { encodeBatch } from '../../services/core/bus/embedded/record-codec.ts';
import type { AppendRequest, TopicSpec } from '../../services/core/bus/event-bus.ts';
import { readWholeLog } from './read-whole-log.ts';

const chargers: TopicSpec = { name: 'power.chargers', partitions: 3, cleanupPolicy: 'compact', retentionMs: -1 };
const frames: TopicSpec = { name: 'power.frames', partitions: 4, cleanupPolicy: 'delete', retentionMs: -1 };
const encoder = new TextEncoder();
const decoder = new TextDecoder();

let directory = '';
const opened: EmbeddedEventBus[] = [];

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'switchyard-power-loss-'));
});

afterEach(async () => {
  for (const bus of opened.splice(0)) await bus.close();
  await rm(directory, { recursive: true, force: true });
});

const logPath = (): string => join(directory, 'log');

function openLog(checkpointIntervalMs?: number): EmbeddedEventBus {
  const bus = openEmbeddedEventBus({ path: logPath(), catalogue: [chargers, frames], clock: systemClock, checkpointIntervalMs });
  opened.push(bus);
  return bus;
}

async function closeLog(bus: EmbeddedEventBus): Promise<void> {
  opened.splice(opened.indexOf(bus), 1);
  await bus.close();
}

/** What the appends acknowledged: frames by position, and the latest text per charger key (null: deleted). */
class Acknowledged {
  readonly frames = new Map<string, string>();
  readonly chargers = new Map<string, string | null>();

  async append(bus: EmbeddedEventBus, requests: readonly AppendRequest[]): Promise<void> {
    const receipts = await bus.append(requests);
    requests.forEach((request, index) => {
      const receipt = receipts[index];
      const text = request.value === null ? null : decoder.decode(request.value);
      if (request.topic === chargers.name) this.chargers.set(request.key, text);
      else this.frames.set(`${receipt?.partition}/${receipt?.offset}`, `${request.key}=${String(text)}`);
    });
  }
}

const frame = (key: string, text: string): AppendRequest => ({ topic: frames.name, key, value: encoder.encode(text) });
const charger = (key: string, text: string | null): AppendRequest => ({
  topic: chargers.name,
  key,
  value: text === null ? null : encoder.encode(text),
});

/** Appends a half-written entry after the journal's newest one, as a power loss during its write leaves it. */
async function tearJournalTail(): Promise<void> {
  const journal = join(logPath(), 'journal');
  const segments = await Promise.all(
    (await readdir(journal)).map(async (name) => {
      const decoded = decodeJournalSegment(await readFile(join(journal, name)));
      return { name, end: decoded.end, last: decoded.entries.at(-1)?.sequence ?? 0 };
    }),
  );
  const newest = segments.sort((first, second) => second.last - first.last)[0];
  if (newest === undefined) throw new Error('the journal has no segment');
  const torn = encodeJournalEntry({
    sequence: newest.last + 1,
    batches: [{ topic: frames.name, partition: 0, baseOffset: 1_000, bytes: encodeBatch(1_000, [{ offset: 1_000, key: 'torn', value: null, headers: {}, timestamp: 1 }]) }],
  });
  const file = await open(join(journal, newest.name), 'r+');
  try {
    await file.write(torn, 0, Math.floor(torn.length / 2), newest.end);
  } finally {
    await file.close();
  }
}

describe('embedded log power loss', () => {
  it('re-applies from the journal what lmdb lost, in order and at the same offsets, ignoring a torn journal tail', async () => {
    const acknowledged = new Acknowledged();
    const first = openLog();
    await acknowledged.append(first, Array.from({ length: 10 }, (_, index) => charger(`CP-${index}`, 'installed')));
    await acknowledged.append(first, Array.from({ length: 100 }, (_, index) => frame(`CP-${index % 10}`, `before ${index}`)));
    await closeLog(first);
    // lmdb as a checkpoint left it: what it will be after the power loss.
    await copyFile(join(logPath(), 'data.mdb'), join(directory, 'checkpointed.mdb'));

    const second = openLog(60 * 60 * 1000);
    for (let index = 0; index < 50; index += 1) await acknowledged.append(second, [frame(`CP-${index % 10}`, `single ${index}`)]);
    await acknowledged.append(second, [charger('CP-1', 'moved'), charger('CP-2', null), charger('CP-11', 'new'), charger('CP-1', 'moved again')]);
    await Promise.all(
      Array.from({ length: 20 }, (_, batch) =>
        acknowledged.append(second, Array.from({ length: 5 }, (_, index) => frame(`CP-${(batch + index) % 10}`, `concurrent ${batch}.${index}`))),
      ),
    );
    await acknowledged.append(second, [charger('CP-3', null), charger('CP-2', 'back')]);
    await closeLog(second);

    await copyFile(join(directory, 'checkpointed.mdb'), join(logPath(), 'data.mdb'));
    await tearJournalTail();

    const reopened = openLog();
    const { ends, records } = await readWholeLog(reopened, frames.name, 'power-check');
    const read = new Map(records.map((record) => [`${record.partition}/${record.offset}`, `${record.key}=${decoder.decode(record.value ?? undefined)}`]));
    expect(read).toEqual(acknowledged.frames);
    expect(ends.reduce((sum, end) => sum + end.offset, 0)).toBe(acknowledged.frames.size);

    const latest = await reopened.readLatestByKey(chargers.name);
    const expectedChargers = [...acknowledged.chargers].flatMap(([key, text]) => (text === null ? [] : [`${key}=${text}`]));
    expect(latest.map((record) => `${record.key}=${decoder.decode(record.value ?? undefined)}`).sort()).toEqual(expectedChargers.sort());

    const [next] = await reopened.append([frame('CP-0', 'after')]);
    expect(next?.offset).toBe(ends.find((end) => end.partition === next?.partition)?.offset);
  });
});
