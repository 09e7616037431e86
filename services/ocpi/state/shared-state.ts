import type { AppendReceipt, BusRecord, EventBus, PartitionOffset } from '../../core/bus/event-bus.ts';
import { followFromStart } from '../../core/bus/follow-from-start.ts';
import { SwitchyardError } from '../../core/errors.ts';
import type { EnvelopeBuilder } from '../../core/events/envelope.ts';
import type { TopicValues } from '../../core/events/generated-types.ts';
import type { Serde } from '../../core/serde/serde.ts';

/** The OCPI service's state that every instance shares and that outlives a restart, one compacted topic each. */
type SharedTopics = Pick<TopicValues, 'switchyard.ocpi.reservations' | 'switchyard.ocpi.command-grants' | 'switchyard.ocpi.evse-status-deliveries'>;

export type SharedTopic = keyof SharedTopics;
export type SharedPayload<T extends SharedTopic> = SharedTopics[T]['payload'];

/** The latest payload per key of a compacted topic, as every OCPI instance sees it. */
export interface SharedState<T extends SharedTopic> {
  get(key: string): SharedPayload<T> | undefined;
  entries(): (readonly [string, SharedPayload<T>])[];
  /** Durable once it resolves, and applied here at once; null removes the key (a tombstone). */
  put(key: string, payload: SharedPayload<T> | null): Promise<void>;
  /** Resolves once everything the topic held when it was called has been applied: another instance's write is then visible. */
  upToDate(): Promise<void>;
  close(): Promise<void>;
}

export interface SharedStateDeps<T extends SharedTopic> {
  readonly bus: EventBus;
  readonly serde: Serde;
  readonly envelopeOf: EnvelopeBuilder;
  readonly topic: T;
  /** This instance's own reader group: the topic is read from its start at every start. */
  readonly group: string;
  readonly onUndecodable: (key: string, error: unknown) => void;
}

interface Waiter {
  readonly ends: readonly PartitionOffset[];
  readonly resolve: () => void;
}

/**
 * Follows a compacted topic from its start (resolves once the stored values are applied) and writes
 * through it. Our own write applies at once; reading it back must not briefly undo it, so until it is
 * read back, older records of its key are skipped.
 */
export async function openSharedState<T extends SharedTopic>(deps: SharedStateDeps<T>): Promise<SharedState<T>> {
  const { bus, serde, topic } = deps;
  const values = new Map<string, SharedPayload<T>>();
  /** Per partition, the next offset to apply. */
  const applied = new Map<number, number>();
  const unreadOwnWrites = new Map<string, AppendReceipt>();
  const writes = new Map<string, Promise<void>>();
  let waiters: Waiter[] = [];

  const set = (key: string, payload: SharedPayload<T> | null): void => {
    if (payload === null) values.delete(key);
    else values.set(key, payload);
  };
  const reached = (ends: readonly PartitionOffset[]): boolean => ends.every((end) => (applied.get(end.partition) ?? 0) >= end.offset);
  const wakeWaiters = (): void => {
    waiters = waiters.filter((waiter) => {
      if (!reached(waiter.ends)) return true;
      waiter.resolve();
      return false;
    });
  };

  const apply = async (record: BusRecord): Promise<void> => {
    const own = unreadOwnWrites.get(record.key);
    if (own !== undefined && own.partition === record.partition) {
      if (record.offset < own.offset) return;
      unreadOwnWrites.delete(record.key);
      if (record.offset === own.offset) return;
    }
    if (record.value === null) {
      set(record.key, null);
      return;
    }
    try {
      // Every shared topic's value is {envelope, payload}; TypeScript cannot follow that through T.
      set(record.key, (await serde.decode(topic, record.value)).payload as SharedPayload<T>);
    } catch (error) {
      deps.onUndecodable(record.key, error);
    }
  };

  const followed = await followFromStart({
    bus,
    topic,
    group: deps.group,
    handle: async (record) => {
      await apply(record);
      applied.set(record.partition, record.offset + 1);
      wakeWaiters();
    },
  });
  await followed.ready;

  const write = async (key: string, payload: SharedPayload<T> | null): Promise<void> => {
    const value = payload === null ? null : await serde.encode(topic, { envelope: deps.envelopeOf({ key }), payload } as TopicValues[T]);
    let receipt: AppendReceipt | undefined;
    try {
      [receipt] = await bus.append([{ topic, key, value }]);
    } catch (error) {
      throw new SwitchyardError('ocpi.state-write-failed', `could not write ${key} to ${topic}`, { retriable: true, cause: error });
    }
    // Already read back: a later record of the key may have been applied since, which must stay.
    if (receipt === undefined || (applied.get(receipt.partition) ?? 0) > receipt.offset) return;
    set(key, payload);
    unreadOwnWrites.set(key, receipt);
  };

  return {
    get: (key) => values.get(key),
    entries: () => [...values.entries()],
    put(key, payload) {
      // One key's writes are appended in the order they were made; a failed one was reported to its own caller.
      const next = (writes.get(key) ?? Promise.resolve()).catch(() => undefined).then(() => write(key, payload));
      writes.set(key, next);
      const forget = (): void => {
        if (writes.get(key) === next) writes.delete(key);
      };
      void next.then(forget, forget);
      return next;
    },
    async upToDate() {
      const ends = await bus.endOffsets(topic);
      if (reached(ends)) return;
      await new Promise<void>((resolve) => waiters.push({ ends, resolve }));
    },
    async close() {
      await followed.close();
      for (const waiter of waiters.splice(0)) waiter.resolve();
    },
  };
}
