import { describe, expect, it } from 'vitest';
import { storedRecord } from './stored-record-fixture.ts';
import { appendedBatch, byPartition, mergedBatch, type AppendedBatch } from './appended-batch.ts';
import { decodeBatch, type StoredRecord } from './record-codec.ts';

const record = storedRecord;

/** Appends on a compacted topic's partitions 0 and 1, in order, each after the previous one's maximum timestamp. */
function appended(partition: number, records: StoredRecord[], previousMaxTimestamp: number): AppendedBatch {
  return appendedBatch('t', partition, true, records, previousMaxTimestamp).batch;
}

describe('merging held batches for a checkpoint', () => {
  const batches = [
    appended(0, [record(10, 'CP-A', 100), record(11, 'CP-B', 90)], 95),
    appended(1, [record(0, 'CP-C', 50)], -Infinity),
    appended(0, [record(12, 'CP-A', 98, null)], 100),
    appended(0, [record(13, 'CP-B', 120), record(14, 'CP-D', 110)], 100),
  ];

  it('writes one batch per partition holding its records in order, with its last offset', () => {
    const merged = byPartition(batches).map(mergedBatch);

    expect(merged.map((batch) => [batch.partition, batch.baseOffset, batch.lastOffset])).toEqual([
      [0, 10, 14],
      [1, 0, 0],
    ]);
    expect(merged.map((batch) => decodeBatch(batch.baseOffset, batch.bytes).map((stored) => stored.offset))).toEqual([
      [10, 11, 12, 13, 14],
      [0],
    ]);
  });

  it('indexes the first growth of the maximum timestamp under the maximum reached, and the last change of each key', () => {
    const [partition0, partition1] = byPartition(batches).map(mergedBatch);

    expect(partition0?.timeIndex).toEqual([{ maxTimestamp: 120, offset: 10 }]);
    expect(partition1?.timeIndex).toEqual([{ maxTimestamp: 50, offset: 0 }]);
    expect(partition0?.latest).toEqual([
      { key: 'CP-A', offset: undefined },
      { key: 'CP-B', offset: 13 },
      { key: 'CP-D', offset: 14 },
    ]);
  });

  it('indexes nothing for a partition whose maximum timestamp did not grow', () => {
    const merged = mergedBatch([appended(0, [record(20, 'CP-A', 80)], 100), appended(0, [record(21, 'CP-A', 99)], 100)]);

    expect(merged.timeIndex).toEqual([]);
  });
});
