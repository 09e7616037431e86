import type { EventBus, Subscription } from '../core/bus/event-bus.ts';
import type { TopicValues } from '../core/events/generated-types.ts';
import type { Serde, SchemaTopic } from '../core/serde/serde.ts';

export interface CompactedMirror {
  /** Resolves once every record present at start has been applied. */
  readonly ready: Promise<void>;
  close(): Promise<void>;
}

export interface CompactedMirrorDeps<T extends SchemaTopic> {
  readonly bus: EventBus;
  readonly serde: Serde;
  readonly topic: T;
  /** Read from offset 0 at every start under this group: each reader gets the whole topic. */
  readonly group: string;
  /** null is a tombstone. */
  readonly apply: (key: string, value: TopicValues[T] | null, timestamp: number) => void;
  /** A record that does not decode is skipped, so one bad write cannot keep the mirror from being ready. */
  readonly onUndecodable: (key: string, error: unknown) => void;
}

/** Mirrors a compacted topic into memory: the state is the latest value per key. */
export async function mirrorCompactedTopic<T extends SchemaTopic>(deps: CompactedMirrorDeps<T>): Promise<CompactedMirror> {
  const { bus, serde, topic } = deps;
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
  const subscription: Subscription = await bus.subscribe({
    group: deps.group,
    topics: [topic],
    from: 'earliest',
    handler: async (record) => {
      if (record.value === null) deps.apply(record.key, null, record.timestamp);
      else {
        try {
          deps.apply(record.key, await serde.decode(topic, record.value), record.timestamp);
        } catch (error) {
          deps.onUndecodable(record.key, error);
        }
      }
      const end = remaining.get(record.partition);
      if (end !== undefined && record.offset + 1 >= end) remaining.delete(record.partition);
      checkCaughtUp();
    },
  });
  checkCaughtUp();
  return { ready, close: () => subscription.stop() };
}
