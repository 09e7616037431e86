import { describe, expect, it } from 'vitest';
import { decodeJournalSegment, encodeJournalEntry, type JournalEntry } from './journal-entry.ts';

const entry = (sequence: number, topic = 'meter.values'): JournalEntry => ({
  sequence,
  batches: [
    { topic, partition: 3, baseOffset: 40 + sequence, bytes: Buffer.from([sequence, 1, 2]) },
    { topic: 'ünïcode.topic', partition: 0, baseOffset: 2 ** 40, bytes: Buffer.alloc(0) },
  ],
});

/** A segment of `size` zero bytes holding `entries` one after the other from `at`. */
function segmentWith(entries: readonly Buffer[], size = 4096, at = 0): Buffer {
  const segment = Buffer.alloc(size);
  let position = at;
  for (const encoded of entries) {
    encoded.copy(segment, position);
    position += encoded.length;
  }
  return segment;
}

const sequencesOf = (segment: Buffer): number[] => decodeJournalSegment(segment).entries.map((decoded) => decoded.sequence);

describe('journal entries', () => {
  it('given an entry, decodes what was encoded and ends right after it', () => {
    const encoded = encodeJournalEntry(entry(7));

    const decoded = decodeJournalSegment(segmentWith([encoded]));

    expect(decoded.entries).toEqual([entry(7)]);
    expect(decoded.end).toBe(encoded.length);
  });

  const [first, second, third] = [1, 2, 3].map((sequence) => encodeJournalEntry(entry(sequence)));
  if (first === undefined || second === undefined || third === undefined) throw new Error('entries missing');
  const flipped = (encoded: Buffer, at: number): Buffer => {
    const copy = Buffer.from(encoded);
    copy[at] = (copy[at] ?? 0) ^ 0xff;
    return copy;
  };
  const table: ReadonlyArray<readonly [string, Buffer, number[]]> = [
    ['a zeroed segment', segmentWith([]), []],
    ['three consecutive entries', segmentWith([first, second, third]), [1, 2, 3]],
    ['a torn tail (the last entry half written)', segmentWith([first, second, third.subarray(0, Math.floor(third.length / 2))]), [1, 2]],
    ['a flipped payload byte in the last entry', segmentWith([first, second, flipped(third, third.length - 1)]), [1, 2]],
    ['a flipped sequence byte', segmentWith([first, flipped(second, 9), third]), [1]],
    ['a length running past the segment', segmentWith([first, second], first.length + second.length - 1), [1]],
    [
      'a reused segment: new entries, then an older use',
      segmentWith([encodeJournalEntry(entry(50)), encodeJournalEntry(entry(51)), third]),
      [50, 51],
    ],
  ];
  it.each(table)('given %s, decodes the valid chain from the start', (_, segment, expected) => {
    expect(sequencesOf(segment)).toEqual(expected);
  });
});
