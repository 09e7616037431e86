import type { ObserverPosition } from '../../core/events/generated-types.ts';
import type { Followed } from '../../core/bus/follow-from-start.ts';
import type { CompactedState } from '../persistence/compacted-state.ts';
import { liveMirror, type MirrorState } from './mirror-state.ts';

/** Where an observer stands on a charger's calls, as saved by some gateway instance: behind, or live again. */
export interface StoredPosition {
  readonly chargerId: string;
  readonly observer: string;
  readonly state: MirrorState;
}

/**
 * Where observers that are behind are kept, so a catch-up survives a gateway restart and follows the
 * charger to another gateway instance.
 */
export interface ObserverPositionStore {
  /** Every observer that is behind, then each change any instance saves. Resolves once the saved ones are through. */
  follow(onPosition: (position: StoredPosition) => void): Promise<Followed>;
  /** Batched and in order; a live state removes the position. */
  save(chargerId: string, observer: string, state: MirrorState): void;
}

export const positionKeyOf = (chargerId: string, observer: string): string => `${chargerId}/${observer}`;

/** Charger ids never hold '/' (charger-id.ts): the first one ends the charger id. */
function fromPositionKey(key: string): { chargerId: string; observer: string } {
  const slash = key.indexOf('/');
  return { chargerId: key.slice(0, slash), observer: key.slice(slash + 1) };
}

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

/** Positions on the compacted switchyard.gateway.observer-positions. */
export function busObserverPositionStore(state: CompactedState<'switchyard.gateway.observer-positions'>): ObserverPositionStore {
  return {
    follow(onPosition) {
      return state.follow((key, wire) => onPosition(wire === null ? { ...fromPositionKey(key), state: liveMirror } : positionFromWire(wire)));
    },
    save(chargerId, observer, mirrorState) {
      state.put(positionKeyOf(chargerId, observer), positionToWire(chargerId, observer, mirrorState));
    },
  };
}
