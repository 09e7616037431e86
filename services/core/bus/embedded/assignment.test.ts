import { describe, expect, it } from 'vitest';
import { assignPartitions, type TopicPartition } from './assignment.ts';

const tp = (topic: string, partition: number): TopicPartition => ({ topic, partition });

describe('assignPartitions', () => {
  const table: ReadonlyArray<
    readonly [string, ReadonlyArray<readonly string[]>, ReadonlyArray<readonly [string, number]>, TopicPartition[][]]
  > = [
    ['one member gets everything', [['a']], [['a', 3]], [[tp('a', 0), tp('a', 1), tp('a', 2)]]],
    [
      'two members share four partitions',
      [['a'], ['a']],
      [['a', 4]],
      [
        [tp('a', 0), tp('a', 2)],
        [tp('a', 1), tp('a', 3)],
      ],
    ],
    ['more members than partitions leaves some idle', [['a'], ['a'], ['a']], [['a', 2]], [[tp('a', 0)], [tp('a', 1)], []]],
    [
      'dealing continues across topics',
      [['a', 'b'], ['a', 'b']],
      [['a', 1], ['b', 1]],
      [[tp('a', 0)], [tp('b', 0)]],
    ],
    [
      'a topic goes only to its subscribers',
      [['a'], ['a', 'b']],
      [['a', 2], ['b', 2]],
      [[tp('a', 0)], [tp('a', 1), tp('b', 0), tp('b', 1)]],
    ],
    ['no members, no assignment', [], [['a', 2]], []],
  ];

  it.each(table)('given %s', (_, members, counts, expected) => {
    expect(assignPartitions(members.map((topics) => new Set(topics)), new Map(counts))).toEqual(expected);
  });
});
