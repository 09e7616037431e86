import type { HeldCall } from '../../core/events/generated-types.ts';
import { isJsonObject } from '../../edge/protocol/frame.ts';
import type { MissedCall } from '../catch-up/missed-call.ts';
import type { CompactedState } from '../persistence/compacted-state.ts';
import type { HeldCallStore, StoredHeldCall } from './held-for-primary.ts';

/** One key per held call: a charger may reuse a message id after a reboot, never at the same instant. */
export const heldCallKeyOf = (chargerId: string, call: MissedCall): string => `${chargerId}/${call.receivedAt}/${call.messageId}`;

export function heldCallToWire(chargerId: string, call: MissedCall): HeldCall {
  return { charger_id: chargerId, message_id: call.messageId, received_at: call.receivedAt, action: call.action, payload_json: JSON.stringify(call.payload) };
}

/** Null when the stored payload is not a JSON object: nothing an OCPP CALL could carry. */
export function heldCallFromWire(wire: HeldCall): StoredHeldCall | null {
  let payload: unknown;
  try {
    payload = JSON.parse(wire.payload_json);
  } catch {
    return null;
  }
  if (!isJsonObject(payload)) return null;
  return { chargerId: wire.charger_id, call: { messageId: wire.message_id, receivedAt: wire.received_at, action: wire.action, payload } };
}

/** Held calls on the compacted switchyard.gateway.held-calls: a tombstone once the primary answered. */
export function busHeldCallStore(state: CompactedState<'switchyard.gateway.held-calls'>, onUnreadable: (key: string) => void): HeldCallStore {
  return {
    async load() {
      const stored: StoredHeldCall[] = [];
      for (const [key, wire] of await state.load()) {
        const held = heldCallFromWire(wire);
        if (held === null) onUnreadable(key);
        else stored.push(held);
      }
      return stored;
    },
    held: (chargerId, call) => state.put(heldCallKeyOf(chargerId, call), heldCallToWire(chargerId, call)),
    forwarded: (chargerId, call) => state.put(heldCallKeyOf(chargerId, call), null),
  };
}
