import { describe, expect, it } from 'vitest';
import { murmur2, partitionForKey } from './partitioner.ts';

describe('murmur2', () => {
  // Vectors from Kafka's own UtilsTest, so a match means the Java client hashes identically.
  const table: ReadonlyArray<readonly [string, number]> = [
    ['21', -973932308],
    ['foobar', -790332482],
    ['a-little-bit-long-string', -985981536],
    ['a-little-bit-longer-string', -1486304829],
    ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971],
    ['abc', 479470107],
  ];
  it.each(table)('given %j, hashes to %i', (text, expected) => {
    expect(murmur2(new TextEncoder().encode(text))).toBe(expected);
  });
});

describe('partitionForKey', () => {
  const table: ReadonlyArray<readonly [key: string, partitions: number, expected: number]> = [
    ['', 12, 9],
    ['CP-0001', 12, 8],
    ['Zürich-7', 12, 3],
    ['Zürich-7', 4, 3],
    ['EVB-P1234567', 4, 1],
    ['anything', 1, 0],
  ];
  it.each(table)('given key %j and %i partitions, picks partition %i', (key, partitions, expected) => {
    expect(partitionForKey(key, partitions)).toBe(expected);
  });
});
