import type { EventBus } from '../../core/bus/event-bus.ts';
import { followFromStart } from '../../core/bus/follow-from-start.ts';
import type { EnvelopeBuilder } from '../../core/events/envelope.ts';
import type { TopicValues } from '../../core/events/generated-types.ts';
import type { Serde } from '../../core/serde/serde.ts';
import type { DurableLogWriter } from '../../edge/server/durable-log-writer.ts';

/** The gateway's state that must outlive a restart, one compacted topic each. */
type StateTopics = Pick<TopicValues, 'switchyard.gateway.observer-positions' | 'switchyard.gateway.held-calls'>;

export type StateTopic = keyof StateTopics;
export type StatePayload<T extends StateTopic> = StateTopics[T]['payload'];

/** Per-key state on a compacted topic: read once at start, written through the edge's batched writer. */
export interface CompactedState<T extends StateTopic> {
  /** The live value of every key, as the last gateway instance left them. */
  load(): Promise<ReadonlyMap<string, StatePayload<T>>>;
  /** Batched, in the order of the calls; null removes the key (a tombstone). */
  put(key: string, payload: StatePayload<T> | null): void;
}

/**
 * Read once at start, not followed: this instance's own writes must not come back over newer in-memory
 * state (a charger reconnecting to another instance does not take its state along).
 */
export function compactedState<T extends StateTopic>(deps: {
  readonly topic: T;
  readonly bus: EventBus;
  readonly serde: Serde;
  readonly writer: Pick<DurableLogWriter, 'enqueue'>;
  readonly envelopeOf: EnvelopeBuilder;
  readonly instanceId: string;
  readonly onFailure: (error: unknown) => void;
}): CompactedState<T> {
  const { topic, serde } = deps;
  // Encoding is asynchronous: one chain keeps a key's writes in the order they were made.
  let chain: Promise<void> = Promise.resolve();
  return {
    async load() {
      const state = new Map<string, StatePayload<T>>();
      const followed = await followFromStart({
        bus: deps.bus,
        topic,
        group: `${topic}.${deps.instanceId}`,
        handle: async (record) => {
          try {
            if (record.value === null) state.delete(record.key);
            else state.set(record.key, (await serde.decode(topic, record.value)).payload);
          } catch (error) {
            deps.onFailure(error);
          }
        },
      });
      await followed.ready;
      await followed.close();
      return state;
    },
    put(key, payload) {
      chain = chain
        .then(async () => {
          // Every state topic's value is {envelope, payload}; TypeScript cannot follow that through T.
          const value = payload === null ? null : await serde.encode(topic, { envelope: deps.envelopeOf({ key }), payload } as TopicValues[T]);
          deps.writer.enqueue([{ request: { topic, key, value }, keepOnFailure: true }]);
        })
        .catch(deps.onFailure);
    },
  };
}
