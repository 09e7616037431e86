import { describe, expect, it } from 'vitest';
import { storedRecord } from './stored-record-fixture.ts';
import { appendedBatch } from './appended-batch.ts';
import { Memtable, type MemtableEntry } from './memtable.ts';

const record = storedRecord;

/** Sequence 1: offsets 10-12 (timestamps 100, 90, 110); sequence 2: 13-14 (a tombstone for CP-A, then CP-C at 120). */
function heldEntries(): MemtableEntry[] {
  const first = appendedBatch('t', 0, true, [record(10, 'CP-A', 100), record(11, 'CP-B', 90), record(12, 'CP-B', 110)], 95);
  const second = appendedBatch('t', 0, true, [record(13, 'CP-A', 105, null), record(14, 'CP-C', 120)], first.maxTimestamp);
  return [
    { sequence: 1, batches: [first.batch] },
    { sequence: 2, batches: [second.batch] },
  ];
}

function memtableWith(entries: readonly MemtableEntry[]): Memtable {
  const memtable = new Memtable();
  for (const entry of entries) memtable.hold(entry);
  return memtable;
}

function offsetsRead(memtable: Memtable, from: number, to: number, limit: number): number[] {
  const read: number[] = [];
  memtable.readRecords('t', 0, from, (offset) => offset < to && read.length < limit, (offset) => offset, read);
  return read;
}

describe('memtable', () => {
  const reads: ReadonlyArray<readonly [string, number, number, number, number[]]> = [
    ['everything', 0, 100, 100, [10, 11, 12, 13, 14]],
    ['from the middle of the first batch', 11, 100, 100, [11, 12, 13, 14]],
    ['up to the middle of the second batch', 10, 14, 100, [10, 11, 12, 13]],
    ['with a limit across batches', 12, 100, 2, [12, 13]],
    ['past the end', 15, 100, 100, []],
  ];
  it.each(reads)('given two held entries, reading %s', (_, from, to, limit, expected) => {
    expect(offsetsRead(memtableWith(heldEntries()), from, to, limit)).toEqual(expected);
  });

  it('given two held entries, answers the partition end, the time index and the latest positions', () => {
    const memtable = memtableWith(heldEntries());

    expect(memtable.firstOffset('t', 0)).toBe(10);
    expect(memtable.endOfRecords('t', 0)).toBe(15);
    expect(memtable.maxTimestamp('t', 0)).toBe(120);
    expect([90, 100, 101, 111, 120, 121].map((timestamp) => memtable.offsetForTimestamp('t', 0, timestamp))).toEqual([
      10,
      10,
      12,
      14,
      14,
      undefined,
    ]);
    expect(memtable.latestPosition('t', 'CP-A')).toBeNull();
    expect(memtable.latestPosition('t', 'CP-B')).toEqual({ partition: 0, offset: 12 });
    expect(memtable.latestPosition('t', 'CP-Z')).toBeUndefined();
    expect(memtable.firstOffset('t', 1)).toBeUndefined();
  });

  const drops: ReadonlyArray<readonly [string, number, number | undefined, number[], number | undefined]> = [
    ['nothing', 0, 10, [10, 11, 12, 13, 14], 120],
    ['the first entry', 1, 13, [13, 14], 120],
    ['both entries', 2, undefined, [], undefined],
  ];
  it.each(drops)('given two held entries, dropping %s', (_, through, firstOffset, readable, maxTimestamp) => {
    const entries = heldEntries();
    const memtable = memtableWith(entries);

    memtable.dropThrough(through);

    expect(memtable.firstOffset('t', 0)).toBe(firstOffset);
    expect(offsetsRead(memtable, 0, 100, 100)).toEqual(readable);
    expect(memtable.entriesAfter(0).map((entry) => entry.sequence)).toEqual([1, 2].filter((sequence) => sequence > through));
    expect(memtable.maxTimestamp('t', 0)).toBe(maxTimestamp);
    const keptBytes = entries.filter((entry) => entry.sequence > through).flatMap((entry) => entry.batches.map((batch) => batch.bytes.length));
    expect(memtable.bytes).toBe(keptBytes.reduce((sum, bytes) => sum + bytes, 0));
    expect(memtable.latestChanges('t').size).toBe(through === 2 ? 0 : 3 - through);
  });

  it('given a key changed by both entries, keeps the later change when the first entry is dropped', () => {
    const memtable = memtableWith(heldEntries());

    memtable.dropThrough(1);

    expect([...memtable.latestChanges('t')]).toEqual([
      ['CP-A', null],
      ['CP-C', { partition: 0, offset: 14 }],
    ]);
  });
});
