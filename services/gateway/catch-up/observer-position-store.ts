import type { EventBus } from '../../core/bus/event-bus.ts';
import { followFromStart } from '../../core/bus/follow-from-start.ts';
import { topics } from '../../core/bus/topic-catalogue.ts';
import type { EnvelopeBuilder } from '../../core/events/envelope.ts';
import type { ObserverPosition } from '../../core/events/generated-types.ts';
import type { Serde } from '../../core/serde/serde.ts';
import type { DurableLogWriter } from '../../edge/server/durable-log-writer.ts';
import type { MirrorState } from './mirror-state.ts';

/** An observer behind on a charger's calls, as a restarted gateway finds it. */
export interface StoredPosition {
  readonly chargerId: string;
  readonly observer: string;
  readonly state: Extract<MirrorState, { kind: 'behind' }>;
}

/** Where observers that are behind are kept, so a catch-up survives a gateway restart. */
export interface ObserverPositionStore {
  /** Every observer that was behind when the last gateway stopped. */
  load(): Promise<readonly StoredPosition[]>;
  /** Batched and in order; a live state removes the position. */
  save(chargerId: string, observer: string, state: MirrorState): void;
}

export const positionKeyOf = (chargerId: string, observer: string): string => `${chargerId}/${observer}`;

/** Null for a live observer: nothing to keep. A catch-up in progress is kept as behind: it starts again. */
export function positionToWire(chargerId: string, observer: string, state: MirrorState): ObserverPosition | null {
  if (state.kind === 'live') return null;
  return {
    charger_id: chargerId,
    observer,
    from_message_id: state.from.messageId,
    from_received_at: state.from.receivedAt,
    latest_message_id: state.latest.messageId,
    latest_received_at: state.latest.receivedAt,
    missed: state.missed,
  };
}

export function positionFromWire(wire: ObserverPosition): StoredPosition {
  return {
    chargerId: wire.charger_id,
    observer: wire.observer,
    state: {
      kind: 'behind',
      from: { messageId: wire.from_message_id, receivedAt: wire.from_received_at },
      latest: { messageId: wire.latest_message_id, receivedAt: wire.latest_received_at },
      missed: wire.missed,
    },
  };
}

/**
 * Positions on the compacted switchyard.gateway.observer-positions, written through the edge's batched
 * log writer. Read once at start, not followed: this instance's own writes must not come back over newer
 * in-memory states (a charger reconnecting to another instance is not caught up there).
 */
export function busObserverPositionStore(deps: {
  readonly bus: EventBus;
  readonly serde: Serde;
  readonly writer: Pick<DurableLogWriter, 'enqueue'>;
  readonly envelopeOf: EnvelopeBuilder;
  readonly instanceId: string;
  readonly onFailure: (error: unknown) => void;
}): ObserverPositionStore {
  const topic = topics.gatewayObserverPositions;
  // Encoding is asynchronous: one chain keeps a key's writes in the order they were made.
  let chain: Promise<void> = Promise.resolve();
  return {
    async load() {
      const positions = new Map<string, StoredPosition>();
      const followed = await followFromStart({
        bus: deps.bus,
        topic,
        group: `switchyard.gateway.observer-positions.${deps.instanceId}`,
        handle: async (record) => {
          try {
            if (record.value === null) positions.delete(record.key);
            else positions.set(record.key, positionFromWire((await deps.serde.decode(topic, record.value)).payload));
          } catch (error) {
            deps.onFailure(error);
          }
        },
      });
      await followed.ready;
      await followed.close();
      return [...positions.values()];
    },
    save(chargerId, observer, state) {
      const key = positionKeyOf(chargerId, observer);
      const payload = positionToWire(chargerId, observer, state);
      chain = chain
        .then(async () => {
          const value = payload === null ? null : await deps.serde.encode(topic, { envelope: deps.envelopeOf({ key }), payload });
          deps.writer.enqueue([{ request: { topic, key, value }, keepOnFailure: true }]);
        })
        .catch(deps.onFailure);
    },
  };
}
