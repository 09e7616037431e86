import type { BusRecord, EventBus, PartitionOffset } from '../core/bus/event-bus.ts';
import type { ReadRange, TimeWindow } from './replay-window.ts';
import { rangesBetween } from './replay-window.ts';

/**
 * Replays read through a group of their own (one per job), positioned by offsets: live groups never see
 * them, and the records read are exactly the ranges pinned in the job's checkpoint.
 */
export function replayGroupOf(jobId: string): string {
  return `switchyard.replay.${jobId}`;
}

/** The offset ranges holding the window, found with the bus's seek by timestamp. */
export async function findWindowRanges(bus: EventBus, group: string, topic: string, window: TimeWindow): Promise<ReadRange[]> {
  const starts = await offsetsAt(bus, group, topic, window.fromMs);
  const ends = await offsetsAt(bus, group, topic, window.toMs);
  return rangesBetween(starts, ends);
}

/**
 * Every partition from its first record at or after `fromMs` (0: its first record) to its end now, empty
 * ranges included: what a job must have read to be caught up with the topic as it was when it started.
 */
export async function rangesToEnd(bus: EventBus, group: string, topic: string, fromMs: number): Promise<ReadRange[]> {
  const ends = new Map((await bus.endOffsets(topic)).map(({ partition, offset }) => [partition, offset]));
  const starts = await offsetsAt(bus, group, topic, fromMs);
  return starts.map(({ partition, offset }) => ({ partition, start: offset, end: Math.max(offset, ends.get(partition) ?? offset) }));
}

async function offsetsAt(bus: EventBus, group: string, topic: string, timestamp: number): Promise<PartitionOffset[]> {
  await bus.seekGroup(group, topic, { kind: 'timestamp', timestamp });
  return (await bus.lag(group, topic)).map(({ partition, committed }) => ({ partition, offset: committed }));
}

export type ReadOutcome = { readonly kind: 'completed' } | { readonly kind: 'interrupted' } | { readonly kind: 'failed'; readonly error: unknown };

/**
 * Hands every record of the ranges to onRecord, in log order per partition. The handler never throws
 * into the bus: a thrown handler would be retried and dead-lettered, and a replay writes to no topic.
 */
export async function readRanges(options: {
  readonly bus: EventBus;
  readonly group: string;
  readonly topic: string;
  readonly ranges: readonly ReadRange[];
  readonly onRecord: (record: BusRecord) => Promise<void>;
  readonly signal: AbortSignal;
}): Promise<ReadOutcome> {
  const { bus, group, topic, signal } = options;
  const remaining = new Map(options.ranges.filter((range) => range.start < range.end).map((range) => [range.partition, range]));
  if (remaining.size === 0) return { kind: 'completed' };
  if (signal.aborted) return { kind: 'interrupted' };
  const ends = await bus.endOffsets(topic);
  await bus.seekGroup(group, topic, {
    kind: 'offsets',
    offsets: ends.map(({ partition, offset }) => ({ partition, offset: remaining.get(partition)?.start ?? offset })),
  });

  let finish: (outcome: ReadOutcome) => void = () => undefined;
  const finished = new Promise<ReadOutcome>((resolve) => {
    finish = resolve;
  });
  let outcome: ReadOutcome | undefined;
  const settle = (result: ReadOutcome) => {
    outcome ??= result;
    finish(outcome);
  };
  const onAbort = () => settle({ kind: 'interrupted' });
  signal.addEventListener('abort', onAbort, { once: true });

  const subscription = await bus.subscribe({
    group,
    topics: [topic],
    from: 'latest',
    handler: async (record) => {
      const range = remaining.get(record.partition);
      if (outcome !== undefined || range === undefined || record.offset < range.start || record.offset >= range.end) return;
      try {
        await options.onRecord(record);
      } catch (error) {
        settle({ kind: 'failed', error });
        return;
      }
      if (record.offset + 1 >= range.end) remaining.delete(record.partition);
      if (remaining.size === 0) settle({ kind: 'completed' });
    },
  });
  try {
    return await finished;
  } finally {
    signal.removeEventListener('abort', onAbort);
    await subscription.stop();
  }
}
