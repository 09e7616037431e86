import type { ObserverPosition } from '../../core/events/generated-types.ts';
import type { CompactedState } from '../persistence/compacted-state.ts';
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

/** Positions on the compacted switchyard.gateway.observer-positions. */
export function busObserverPositionStore(state: CompactedState<'switchyard.gateway.observer-positions'>): ObserverPositionStore {
  return {
    async load() {
      return [...(await state.load()).values()].map(positionFromWire);
    },
    save(chargerId, observer, mirrorState) {
      state.put(positionKeyOf(chargerId, observer), positionToWire(chargerId, observer, mirrorState));
    },
  };
}
