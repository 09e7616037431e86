import type { BusRecord, EventBus } from './event-bus.ts';

export interface Followed {
  /** Resolves once every record present at start has been handled. */
  readonly ready: Promise<void>;
  close(): Promise<void>;
}

/**
 * Reads a topic from offset 0 at every start (the group is this reader's own), then follows it live.
 * In-memory views are rebuilt this way instead of restoring a snapshot. The handler must not throw.
 */
export async function followFromStart(deps: {
  readonly bus: EventBus;
  readonly topic: string;
  readonly group: string;
  readonly handle: (record: BusRecord) => Promise<void>;
}): Promise<Followed> {
  const { bus, topic } = deps;
  const endAtStart = await bus.endOffsets(topic);
  const remaining = new Map(endAtStart.filter((end) => end.offset > 0).map((end) => [end.partition, end.offset]));
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });
  const checkCaughtUp = (): void => {
    if (remaining.size === 0) markReady();
  };
  await bus.seekGroup(deps.group, topic, { kind: 'earliest' });
  const subscription = await bus.subscribe({
    group: deps.group,
    topics: [topic],
    from: 'earliest',
    handler: async (record) => {
      await deps.handle(record);
      const end = remaining.get(record.partition);
      if (end !== undefined && record.offset + 1 >= end) remaining.delete(record.partition);
      checkCaughtUp();
    },
  });
  checkCaughtUp();
  return { ready, close: () => subscription.stop() };
}
