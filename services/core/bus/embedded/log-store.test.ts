import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendedBatch, writeAppendedBatch } from './appended-batch.ts';
import { LogStore } from './log-store.ts';
import { encodeBatch, type StoredRecord } from './record-codec.ts';

let directory = '';
let store: LogStore | undefined;

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'switchyard-log-store-'));
});

afterEach(async () => {
  await store?.close();
  store = undefined;
  await rm(directory, { recursive: true, force: true });
});

const storedRecord = (offset: number): StoredRecord => ({
  offset,
  key: `CP-${offset}`,
  value: new Uint8Array([offset]),
  headers: {},
  timestamp: 1_000 + offset,
});

/** Three appended batches on partition 0: offsets 0-2, 3-5 and 6-8. */
async function openWithThreeBatches(): Promise<LogStore> {
  const opened = LogStore.open(join(directory, 'log'), 'sync');
  store = opened;
  for (const base of [0, 3, 6]) {
    await opened.write((writer) => writer.putRecords('t', 0, base, encodeBatch(base, [base, base + 1, base + 2].map(storedRecord))));
  }
  return opened;
}

describe('log store batches', () => {
  const table: ReadonlyArray<readonly [string, number, number, number, number[]]> = [
    ['everything', 0, 9, 100, [0, 1, 2, 3, 4, 5, 6, 7, 8]],
    ['from the middle of a batch', 4, 9, 100, [4, 5, 6, 7, 8]],
    ['up to the middle of a batch', 0, 4, 100, [0, 1, 2, 3]],
    ['with a limit across batches', 2, 9, 3, [2, 3, 4]],
    ['past the end', 9, 20, 100, []],
  ];
  it.each(table)('given three batches, reading %s', async (_, from, to, limit, expected) => {
    const opened = await openWithThreeBatches();

    expect(opened.readRecords('t', 0, from, to, limit).map((record) => record.offset)).toEqual(expected);
  });

  it('given records removed across batches, reads around the gaps and drops emptied batches', async () => {
    const opened = await openWithThreeBatches();

    await opened.write((writer) => writer.removeRecords('t', 0, new Set([1, 3, 4, 5, 8])));

    expect(opened.readRecords('t', 0, 0, 9, 100).map((record) => [record.offset, record.key])).toEqual([
      [0, 'CP-0'],
      [2, 'CP-2'],
      [6, 'CP-6'],
      [7, 'CP-7'],
    ]);
    expect(opened.readRecords('t', 0, 3, 9, 1).map((record) => record.offset)).toEqual([6]);
    expect(opened.readRecord('t', 0, 4)).toBeUndefined();
    expect(opened.readRecord('t', 0, 7)?.timestamp).toBe(1_007);
    expect(opened.endOfRecords('t', 0)).toBe(8);
    expect(opened.endOfRecords('t', 1)).toBeUndefined();
  });
});

/**
 * lmdb holds offsets 0-5 of a compacted partition (keys CP-0 to CP-5, timestamps 1,000-1,005); the
 * memtable holds a journaled batch 6-8 (CP-0 again, a tombstone for CP-1, a new key CP-10) that moved
 * the maximum timestamp to 1,020.
 */
async function openWithJournaledTail(): Promise<LogStore> {
  const opened = await openWithThreeBatches();
  await opened.write((writer) => {
    writer.removeRecords('t', 0, new Set([6, 7, 8]));
    for (const offset of [0, 1, 2, 3, 4, 5]) writer.putLatest('t', `CP-${offset}`, { partition: 0, offset });
    writer.putTimeIndex('t', 0, 1_000, 0);
    writer.putTimeIndex('t', 0, 1_005, 5);
  });
  const journaled = [
    { ...storedRecord(6), key: 'CP-0', timestamp: 1_020 },
    { ...storedRecord(7), key: 'CP-1', value: null },
    { ...storedRecord(8), key: 'CP-10', timestamp: 1_010 },
  ];
  opened.holdJournaled({ sequence: 1, batches: [appendedBatch('t', 0, true, journaled, 1_005).batch] });
  return opened;
}

describe('log store with journaled records not yet checkpointed', () => {
  const table: ReadonlyArray<readonly [string, number, number, number, number[]]> = [
    ['across the boundary', 4, 9, 100, [4, 5, 6, 7, 8]],
    ['lmdb only', 0, 3, 100, [0, 1, 2]],
    ['the journaled records only', 7, 9, 100, [7, 8]],
    ['with a limit reached in lmdb', 4, 9, 2, [4, 5]],
    ['with a limit reached in the journaled records', 5, 9, 2, [5, 6]],
  ];
  it.each(table)('reads %s', async (_, from, to, limit, expected) => {
    const opened = await openWithJournaledTail();

    expect(opened.readRecords('t', 0, from, to, limit).map((record) => record.offset)).toEqual(expected);
  });

  it('answers the end, the time index and the latest positions from both', async () => {
    const opened = await openWithJournaledTail();

    expect(opened.endOfRecords('t', 0)).toBe(9);
    expect(opened.maxTimestamp('t', 0)).toBe(1_020);
    expect([1_004, 1_006, 1_020, 1_021].map((timestamp) => opened.offsetForTimestamp('t', 0, timestamp))).toEqual([5, 6, 6, undefined]);
    expect(opened.latestPosition('t', 'CP-0')).toEqual({ partition: 0, offset: 6 });
    expect(opened.latestPosition('t', 'CP-1')).toBeUndefined();
    expect(opened.latestPosition('t', 'CP-2')).toEqual({ partition: 0, offset: 2 });
    expect(opened.latestPositions('t').map(({ key, position }) => [key, position.offset])).toEqual([
      ['CP-0', 6],
      ['CP-10', 8],
      ['CP-2', 2],
      ['CP-3', 3],
      ['CP-4', 4],
      ['CP-5', 5],
    ]);
  });

  it('leaves the cleaner only what lmdb holds, and reads the same once the records are dropped after a checkpoint', async () => {
    const opened = await openWithJournaledTail();
    const before = opened.readRecords('t', 0, 0, 9, 100);

    expect(opened.checkpointedEnd('t', 0, 9)).toBe(6);
    await opened.writeFlushed((writer) => {
      for (const entry of opened.journaledAfter(0)) for (const batch of entry.batches) writeAppendedBatch(writer, batch);
      writer.putJournalSequence(1);
    });
    opened.dropJournaledThrough(1);

    expect(opened.journalSequence()).toBe(1);
    expect(opened.journaledBytes).toBe(0);
    expect(opened.checkpointedEnd('t', 0, 9)).toBe(9);
    expect(opened.readRecords('t', 0, 0, 9, 100)).toEqual(before);
    expect(opened.latestPositions('t').map(({ key }) => key)).toEqual(['CP-0', 'CP-10', 'CP-2', 'CP-3', 'CP-4', 'CP-5']);
  });
});

describe('log store seek by timestamp over a checkpoint', () => {
  const table: ReadonlyArray<readonly [number, number | undefined]> = [
    [0, 0],
    [995, 0],
    [1_001, 2],
    [1_011, 4],
    [1_020, 4],
    [1_021, undefined],
  ];
  it.each(table)('given one index entry for a batch with out-of-order timestamps, finds the first record at or after %s', async (target, expected) => {
    const opened = LogStore.open(join(directory, 'log'), 'sync');
    store = opened;
    const timestamps = [1_000, 990, 1_010, 1_005, 1_020];
    const records = timestamps.map((timestamp, offset) => ({ ...storedRecord(offset), timestamp }));
    await opened.write((writer) => {
      writer.putRecords('t', 0, 0, encodeBatch(0, records));
      writer.putTimeIndex('t', 0, 1_020, 0);
    });

    expect(opened.offsetForTimestamp('t', 0, target)).toBe(expected);
  });
});
