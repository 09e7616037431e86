import type { HeldCall } from '../../core/events/generated-types.ts';
import { isJsonObject } from '../../edge/protocol/frame.ts';
import type { MissedCall } from '../catch-up/missed-call.ts';
import type { CompactedState } from '../persistence/compacted-state.ts';
import type { HeldCallChange, HeldCallStore } from './held-for-primary.ts';

/** One key per held call: a charger may reuse a message id after a reboot, never at the same instant. */
export const heldCallKeyOf = (chargerId: string, call: MissedCall): string => `${chargerId}/${call.receivedAt}/${call.messageId}`;

export function heldCallToWire(chargerId: string, call: MissedCall): HeldCall {
  return { charger_id: chargerId, message_id: call.messageId, received_at: call.receivedAt, action: call.action, payload_json: JSON.stringify(call.payload) };
}

/** Charger ids never hold '/' (charger-id.ts), nor does a timestamp: the message id is the rest. */
function fromHeldCallKey(key: string): Extract<HeldCallChange, { kind: 'forwarded' }> | null {
  const [chargerId, receivedAt] = key.split('/', 2);
  if (chargerId === undefined || receivedAt === undefined) return null;
  const messageId = key.slice(chargerId.length + receivedAt.length + 2);
  return { kind: 'forwarded', chargerId, call: { receivedAt: Number(receivedAt), messageId } };
}

/** Null when the stored payload is not a JSON object: nothing an OCPP CALL could carry. */
export function heldCallFromWire(wire: HeldCall): Extract<HeldCallChange, { kind: 'held' }> | null {
  let payload: unknown;
  try {
    payload = JSON.parse(wire.payload_json);
  } catch {
    return null;
  }
  if (!isJsonObject(payload)) return null;
  return { kind: 'held', chargerId: wire.charger_id, call: { messageId: wire.message_id, receivedAt: wire.received_at, action: wire.action, payload } };
}

/** A stored held call, or (a tombstone) the call its key names forwarded; null when unreadable. */
export function heldCallChangeOf(key: string, wire: HeldCall | null): HeldCallChange | null {
  return wire === null ? fromHeldCallKey(key) : heldCallFromWire(wire);
}

/** Held calls on the compacted switchyard.gateway.held-calls: a tombstone once the primary answered. */
export function busHeldCallStore(state: CompactedState<'switchyard.gateway.held-calls'>, onUnreadable: (key: string) => void): HeldCallStore {
  return {
    follow(onChange) {
      return state.follow((key, wire) => {
        const change = heldCallChangeOf(key, wire);
        if (change === null) onUnreadable(key);
        else onChange(change);
      });
    },
    held: (chargerId, call) => state.put(heldCallKeyOf(chargerId, call), heldCallToWire(chargerId, call)),
    forwarded: (chargerId, call) => state.put(heldCallKeyOf(chargerId, call), null),
  };
}
