import type { TopicPartitionOffsetAndMetadata } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../clock.ts';
import { HandledOffsets } from './handled-offsets.ts';

const intervalMs = 1_000;

describe('HandledOffsets', () => {
  // given a partition whose first record was handled this long ago (and not committed since), then a commit is due or not
  const table: ReadonlyArray<readonly [number, boolean]> = [
    [0, false],
    [999, false],
    [1_000, true],
    [5_000, true],
  ];
  for (const [sinceFirstHandledMs, due] of table) {
    it(`${sinceFirstHandledMs} ms after the first handled record a commit is ${due ? '' : 'not '}due`, () => {
      const clock = fixedClock(0);
      const offsets = new HandledOffsets(clock, intervalMs);
      offsets.handled('t', 0, 1);
      clock.advance(sinceFirstHandledMs);
      offsets.handled('t', 0, 2);

      expect(offsets.commitDue('t', 0)).toBe(due);
    });
  }

  it('restarts the interval at each commit and owes nothing for a partition without handled records', async () => {
    const clock = fixedClock(0);
    const offsets = new HandledOffsets(clock, intervalMs);
    offsets.handled('t', 0, 1);
    clock.advance(intervalMs);
    await offsets.commitPartition('t', 0, async () => undefined);
    offsets.handled('t', 0, 2);

    expect(offsets.commitDue('t', 0)).toBe(false);
    expect(offsets.commitDue('t', 1)).toBe(false);
  });

  it('sends commits one after the other, each with the latest handled offsets at its turn', async () => {
    const offsets = new HandledOffsets(fixedClock(0), intervalMs);
    const sent: TopicPartitionOffsetAndMetadata[][] = [];
    let releaseFirst: () => void = () => undefined;
    const firstInFlight = new Promise<void>((resolve) => {
      releaseFirst = resolve;
    });
    offsets.handled('t', 0, 5);
    const first = offsets.commitPartition('t', 0, async (taken) => {
      sent.push(taken);
      await firstInFlight;
    });
    await Promise.resolve();
    offsets.handled('t', 0, 7);
    offsets.handled('t', 1, 3);
    const second = offsets.commitAll(async (taken) => {
      sent.push(taken);
    });
    offsets.handled('t', 0, 9);
    releaseFirst();
    await Promise.all([first, second]);

    expect(sent).toEqual([
      [{ topic: 't', partition: 0, offset: '5' }],
      [
        { topic: 't', partition: 0, offset: '9' },
        { topic: 't', partition: 1, offset: '3' },
      ],
    ]);
  });

  it('commits nothing it handled before a rebalance, and goes on after a failed commit', async () => {
    const offsets = new HandledOffsets(fixedClock(0), intervalMs);
    const sent: TopicPartitionOffsetAndMetadata[][] = [];
    offsets.handled('t', 0, 5);
    offsets.forget();
    await offsets.commitAll(async (taken) => {
      sent.push(taken);
    });
    offsets.handled('t', 0, 6);
    await expect(offsets.commitAll(async () => Promise.reject(new Error('coordinator moved')))).rejects.toThrow('coordinator moved');
    offsets.handled('t', 0, 8);
    await offsets.commitAll(async (taken) => {
      sent.push(taken);
    });

    expect(sent).toEqual([[{ topic: 't', partition: 0, offset: '8' }]]);
  });
});
