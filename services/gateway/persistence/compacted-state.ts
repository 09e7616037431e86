import type { EventBus } from '../../core/bus/event-bus.ts';
import { followFromStart, type Followed } from '../../core/bus/follow-from-start.ts';
import type { EnvelopeBuilder } from '../../core/events/envelope.ts';
import type { TopicValues } from '../../core/events/generated-types.ts';
import type { Serde } from '../../core/serde/serde.ts';
import type { DurableLogWriter } from '../../edge/server/durable-log-writer.ts';

/** The gateway's state that must outlive a restart, one compacted topic each. */
type StateTopics = Pick<TopicValues, 'switchyard.gateway.observer-positions' | 'switchyard.gateway.held-calls'>;

export type StateTopic = keyof StateTopics;
export type StatePayload<T extends StateTopic> = StateTopics[T]['payload'];

/** Per-key state on a compacted topic, shared by every gateway instance. */
export interface CompactedState<T extends StateTopic> {
  /**
   * Hands every key's value (null: removed) to `apply`, first as stored, then each change as any instance
   * writes it, this one included. Resolves once the stored values are through.
   */
  follow(apply: (key: string, payload: StatePayload<T> | null) => void): Promise<Followed>;
  /** Batched, in the order of the calls; null removes the key (a tombstone). */
  put(key: string, payload: StatePayload<T> | null): void;
}

/**
 * Followed live, so a charger that reconnects to another instance finds its state there. Which instance
 * may change a charger's state is the caller's rule (the one the charger is connected to).
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
    async follow(apply) {
      const followed = await followFromStart({
        bus: deps.bus,
        topic,
        group: `${topic}.${deps.instanceId}`,
        handle: async (record) => {
          try {
            apply(record.key, record.value === null ? null : (await serde.decode(topic, record.value)).payload);
          } catch (error) {
            deps.onFailure(error);
          }
        },
      });
      await followed.ready;
      return followed;
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
