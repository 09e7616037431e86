import type { EventBus } from '../core/bus/event-bus.ts';
import type { Clock } from '../core/clock.ts';
import { SwitchyardError } from '../core/errors.ts';
import type { EnvelopeBuilder } from '../core/events/envelope.ts';
import type { PartyRef, TopicValues } from '../core/events/generated-types.ts';
import type { Serde } from '../core/serde/serde.ts';
import { mirrorCompactedTopic } from './compacted-mirror.ts';
import { ownerOf, roamingKey, type PartyObject, type RoamingKind, type RoamingTopic } from './ocpi/roaming-kind.ts';

/** The objects of one kind, mirrored from their compacted topic; reads are in memory. */
export interface RoamingStore<O extends PartyObject> {
  readonly ready: Promise<void>;
  list(): O[];
  /** Every party's object with this id (tokens of several eMSPs may share a uid). */
  withId(id: string): O[];
  get(owner: PartyRef, id: string): O | undefined;
  /** Stores the object; returns the one it replaced. */
  put(object: O): Promise<O | undefined>;
  /** Writes a tombstone; returns the removed object, undefined when there was none. */
  remove(owner: PartyRef, id: string): Promise<O | undefined>;
  close(): Promise<void>;
}

export interface RoamingStoreDeps<O extends PartyObject> {
  readonly bus: EventBus;
  readonly serde: Serde;
  readonly envelopeOf: EnvelopeBuilder;
  readonly clock: Clock;
  readonly instanceId: string;
  /** Every change, read back from the topic or written here; `at` is the record's time (epoch ms). */
  readonly onChange: (key: string, object: O | null, at: number) => void;
  readonly onUndecodable: (key: string, error: unknown) => void;
}

export async function openRoamingStore<T extends RoamingTopic, O extends PartyObject>(
  kind: RoamingKind<T, O>,
  deps: RoamingStoreDeps<O>,
): Promise<RoamingStore<O>> {
  const { bus, serde } = deps;
  const objects = new Map<string, O>();
  const changed = (key: string, object: O | null, at: number): void => {
    if (object === null) objects.delete(key);
    else objects.set(key, object);
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

  const write = async (key: string, value: Uint8Array | null, timestamp: number): Promise<void> => {
    try {
      await bus.append([{ topic: kind.topic, key, value, timestamp }]);
    } catch (error) {
      throw new SwitchyardError(`roaming.${kind.singular}-write-failed`, `could not store ${kind.singular} ${key}`, { retriable: true, cause: error });
    }
  };

  return {
    ready: mirror.ready,
    list: () => [...objects.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, object]) => object),
    withId: (id) => [...objects.values()].filter((object) => kind.idOf(object) === id),
    get: (owner, id) => objects.get(roamingKey(owner, id)),
    async put(object) {
      const key = roamingKey(ownerOf(object), kind.idOf(object));
      const before = objects.get(key);
      // The generic parameter ties the payload to the topic; TypeScript cannot narrow the record union from it.
      const record = { envelope: deps.envelopeOf({ key }), payload: kind.toPayload(object) } as TopicValues[T];
      const at = Date.parse(object.last_updated);
      await write(key, await serde.encode(kind.topic, record), at);
      changed(key, object, at);
      return before;
    },
    async remove(owner, id) {
      const key = roamingKey(owner, id);
      const before = objects.get(key);
      if (before === undefined) return undefined;
      const at = deps.clock.now();
      await write(key, null, at);
      changed(key, null, at);
      return before;
    },
    close: () => mirror.close(),
  };
}
