import type { JsonObject } from '../protocol/frame.ts';
import type { OcppVersion } from '../protocol/versions.ts';
import type { DomainEvent } from './domain-events.ts';
import { normalizers16 } from './normalize-16.ts';
import { normalizers201 } from './normalize-201.ts';
import type { ActionNormalizer } from './normalizer.ts';

export interface CallContext {
  readonly chargerId: string;
  readonly messageId: string;
  /** Clock time the edge received the frame (epoch ms); the fallback when a payload has no timestamp. */
  readonly receivedAt: number;
  readonly quirksApplied: readonly string[];
}

const normalizersByVersion: Readonly<Record<OcppVersion, Readonly<Record<string, ActionNormalizer>>>> = {
  'ocpp1.6': normalizers16,
  'ocpp2.0.1': normalizers201,
};

/**
 * Domain events for one answered charger call: `payload` is the validated request (after quirks) and
 * `answer` the CALLRESULT payload the CSMS sent. Calls answered with a CALLERROR produce no events,
 * nor do actions without a normalizer (their raw frame is still on the frames topic).
 */
export function normalizeCall(
  context: CallContext,
  version: OcppVersion,
  action: string,
  payload: JsonObject,
  answer: JsonObject,
): DomainEvent[] {
  const normalizers = normalizersByVersion[version];
  const normalize = Object.hasOwn(normalizers, action) ? normalizers[action] : undefined;
  if (normalize === undefined) return [];
  const header = {
    chargerId: context.chargerId,
    ocppVersion: version,
    action,
    messageId: context.messageId,
    receivedAt: context.receivedAt,
    quirksApplied: context.quirksApplied,
  };
  return normalize(payload, answer, context.receivedAt).map((body) => ({ header, body }));
}
