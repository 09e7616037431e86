import { isJsonObject, type JsonObject } from '../../edge/protocol/frame.ts';
import { messageTypeIds } from '../../edge/protocol/versions.ts';

/** A frame from an upstream CSMS, read just enough to route it; the charger validates what reaches it. */
export type UpstreamFrame =
  | { readonly kind: 'call'; readonly messageId: string; readonly action: string; readonly payload: JsonObject }
  | { readonly kind: 'callResult'; readonly messageId: string; readonly payload: JsonObject }
  | { readonly kind: 'callError'; readonly messageId: string; readonly errorCode: string; readonly errorDescription: string; readonly errorDetails: JsonObject }
  | { readonly kind: 'unreadable'; readonly messageId: string | null };

export function parseUpstreamFrame(text: string): UpstreamFrame {
  let frame: unknown;
  try {
    frame = JSON.parse(text);
  } catch {
    return { kind: 'unreadable', messageId: null };
  }
  if (!Array.isArray(frame) || typeof frame[1] !== 'string' || frame[1] === '') return { kind: 'unreadable', messageId: null };
  const [typeId, messageId, third, fourth, fifth = {}] = frame as [unknown, string, unknown, unknown, unknown];
  if (typeId === messageTypeIds.call && frame.length === 4 && typeof third === 'string' && isJsonObject(fourth)) {
    return { kind: 'call', messageId, action: third, payload: fourth };
  }
  if (typeId === messageTypeIds.callResult && frame.length === 3 && isJsonObject(third)) return { kind: 'callResult', messageId, payload: third };
  if (typeId === messageTypeIds.callError && (frame.length === 4 || frame.length === 5) && typeof third === 'string' && typeof fourth === 'string' && isJsonObject(fifth)) {
    return { kind: 'callError', messageId, errorCode: third, errorDescription: fourth, errorDetails: fifth };
  }
  return { kind: 'unreadable', messageId };
}
