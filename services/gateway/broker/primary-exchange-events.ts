import type { DomainEvent } from '../../edge/normalize/domain-events.ts';
import { normalizeCall } from '../../edge/normalize/normalize-call.ts';
import type { JsonObject } from '../../edge/protocol/frame.ts';
import { validateCall, validateResult, type SchemaViolation } from '../../edge/protocol/validate.ts';
import type { OcppVersion } from '../../edge/protocol/versions.ts';
import type { InboundCall } from '../../edge/server/charger-connection.ts';

export type PrimaryExchangeEvents =
  | { readonly kind: 'events'; readonly events: readonly DomainEvent[] }
  /** The normalizers read only schema-valid messages; the primary answered anyway, so the charger is not refused. */
  | { readonly kind: 'unreadable'; readonly side: 'request' | 'answer'; readonly violations: readonly SchemaViolation[] };

/**
 * Domain events for a charger call answered by a remote primary: the same normalization as the built-in
 * CSMS, on the charger's request and the primary's answer, so the primary's decisions (its transaction
 * ids, its authorization verdicts) are what projections see. Quirk repairs are the primary's business:
 * a request that is not strictly valid yields no events.
 */
export function primaryExchangeEvents(version: OcppVersion, call: Pick<InboundCall, 'messageId' | 'action' | 'payload' | 'receivedAt'>, chargerId: string, answer: JsonObject): PrimaryExchangeEvents {
  const request = validateCall(version, call.action, call.payload);
  if (!request.ok) return { kind: 'unreadable', side: 'request', violations: request.violations };
  const answered = validateResult(version, call.action, answer);
  if (!answered.ok) return { kind: 'unreadable', side: 'answer', violations: answered.violations };
  const context = { chargerId, messageId: call.messageId, receivedAt: call.receivedAt, quirksApplied: [] };
  return { kind: 'events', events: normalizeCall(context, version, call.action, call.payload, answer) };
}
