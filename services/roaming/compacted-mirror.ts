import type { EventBus } from '../core/bus/event-bus.ts';
import type { TopicValues } from '../core/events/generated-types.ts';
import type { Serde, SchemaTopic } from '../core/serde/serde.ts';
import { followFromStart, type Followed } from '../core/bus/follow-from-start.ts';

export interface CompactedMirrorDeps<T extends SchemaTopic> {
  readonly bus: EventBus;
  readonly serde: Serde;
  readonly topic: T;
  readonly group: string;
  /** null is a tombstone; `timestamp` is the record's append time. */
  readonly apply: (key: string, value: TopicValues[T] | null, timestamp: number) => void;
  /** A record that does not decode (or whose object does not parse) is skipped, so one bad write cannot keep the mirror from being ready. */
  readonly onUndecodable: (key: string, error: unknown) => void;
}

/** Mirrors a compacted topic into memory: the state is the latest value per key. */
export function mirrorCompactedTopic<T extends SchemaTopic>(deps: CompactedMirrorDeps<T>): Promise<Followed> {
  return followFromStart({
    bus: deps.bus,
    topic: deps.topic,
    group: deps.group,
    handle: async (record) => {
      if (record.value === null) {
        deps.apply(record.key, null, record.timestamp);
        return;
      }
      try {
        deps.apply(record.key, await deps.serde.decode(deps.topic, record.value), record.timestamp);
      } catch (error) {
        deps.onUndecodable(record.key, error);
      }
    },
  });
}
