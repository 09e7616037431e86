import type { AppendRequest, EventBus } from '../core/bus/event-bus.ts';
import type { Clock } from '../core/clock.ts';
import { SwitchyardError } from '../core/errors.ts';
import type { EnvelopeBuilder } from '../core/events/envelope.ts';
import type { TopicValues } from '../core/events/generated-types.ts';
import type { Serde } from '../core/serde/serde.ts';
import { mirrorCompactedTopic } from './compacted-mirror.ts';
import type { PartyObject, RoamingKind, RoamingTopic } from './ocpi/roaming-kind.ts';

/** The objects of one kind, mirrored from their compacted topic; reads are in memory. */
export interface RoamingStore<O extends PartyObject> {
  readonly ready: Promise<void>;
  list(): O[];
  /** Every party's object with this id (tokens of several eMSPs, or of several types, may share a uid). */
  withId(id: string): O[];
  /** The object the kind's key names (`kind.keyOf`). */
  get(key: string): O | undefined;
  /** Stores the object; returns the one it replaced. */
  put(object: O): Promise<O | undefined>;
  /** Writes a tombstone; returns the removed object, undefined when there was none. */
  remove(key: string): Promise<O | undefined>;
  close(): Promise<void>;
}

export interface RoamingStoreDeps<O extends PartyObject> {
  readonly bus: EventBus;
  readonly serde: Serde;
  readonly envelopeOf: EnvelopeBuilder;
  readonly clock: Clock;
  readonly instanceId: string;
  /** Every change, read back from the topic or written here, by the object's key; `at` is the record's time (epoch ms). */
  readonly onChange: (key: string, object: O | null, at: number) => void;
  readonly onUndecodable: (key: string, error: unknown) => void;
}

export async function openRoamingStore<T extends RoamingTopic, O extends PartyObject>(
  kind: RoamingKind<T, O>,
  deps: RoamingStoreDeps<O>,
): Promise<RoamingStore<O>> {
  const { bus, serde } = deps;
  /** By the kind's key, with the record key it was read from: records of older versions may be keyed otherwise. */
  const objects = new Map<string, { readonly object: O; readonly recordKey: string }>();
  /** Which object each record key last held, so a tombstone removes that object unless a newer key holds it now. */
  const objectKeyOfRecord = new Map<string, string>();
  const changed = (recordKey: string, object: O | null, at: number): void => {
    const key = object === null ? null : kind.keyOf(object);
    const previous = objectKeyOfRecord.get(recordKey);
    if (previous !== undefined && previous !== key && objects.get(previous)?.recordKey === recordKey) {
      objects.delete(previous);
      deps.onChange(previous, null, at);
    }
    if (key === null || object === null) {
      objectKeyOfRecord.delete(recordKey);
      return;
    }
    objectKeyOfRecord.set(recordKey, key);
    objects.set(key, { object, recordKey });
    deps.onChange(key, object, at);
  };
  const mirror = await mirrorCompactedTopic({
    bus,
    serde,
    topic: kind.topic,
    group: `switchyard.roaming.${kind.plural}.${deps.instanceId}`,
    apply: (key, value, timestamp) => changed(key, value === null ? null : kind.fromPayload(value.payload), timestamp),
    onUndecodable: deps.onUndecodable,
  });

  const write = async (records: readonly AppendRequest[]): Promise<void> => {
    try {
      await bus.append(records);
    } catch (error) {
      const keys = records.map((record) => record.key).join(', ');
      throw new SwitchyardError(`roaming.${kind.singular}-write-failed`, `could not store ${kind.singular} ${keys}`, { retriable: true, cause: error });
    }
  };

  return {
    ready: mirror.ready,
    list: () => [...objects.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, { object }]) => object),
    withId: (id) => [...objects.values()].flatMap(({ object }) => (kind.idOf(object) === id ? [object] : [])),
    get: (key) => objects.get(key)?.object,
    async put(object) {
      const key = kind.keyOf(object);
      const before = objects.get(key);
      // The generic parameter ties the payload to the topic; TypeScript cannot narrow the record union from it.
      const record = { envelope: deps.envelopeOf({ key }), payload: kind.toPayload(object) } as TopicValues[T];
      const at = Date.parse(object.last_updated);
      // A record an older version keyed otherwise is tombstoned in the same append, after the new one, so no reader misses the object.
      const staleKey = before !== undefined && before.recordKey !== key ? before.recordKey : null;
      const stale: AppendRequest[] = staleKey === null ? [] : [{ topic: kind.topic, key: staleKey, value: null, timestamp: at }];
      await write([{ topic: kind.topic, key, value: await serde.encode(kind.topic, record), timestamp: at }, ...stale]);
      changed(key, object, at);
      if (staleKey !== null) changed(staleKey, null, at);
      return before?.object;
    },
    async remove(key) {
      const before = objects.get(key);
      if (before === undefined) return undefined;
      const at = deps.clock.now();
      await write([{ topic: kind.topic, key: before.recordKey, value: null, timestamp: at }]);
      changed(before.recordKey, null, at);
      return before.object;
    },
    close: () => mirror.close(),
  };
}
