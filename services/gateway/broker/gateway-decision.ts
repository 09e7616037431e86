import { topics } from '../../core/bus/topic-catalogue.ts';
import type { Clock } from '../../core/clock.ts';
import type { OcppEvent, OcppEventPayloadBranches } from '../../core/events/generated-types.ts';
import { wrapUnion } from '../../core/events/union.ts';
import type { Serde } from '../../core/serde/serde.ts';
import type { EdgeLog } from '../../edge/server/edge-log.ts';
import { edgeEnvelope } from '../../edge/server/envelope.ts';
import type { UpstreamRole } from '../routing/route.ts';

export type GatewayDecisionKind =
  | 'observer_answered'
  | 'answer_differed'
  | 'observer_failed'
  | 'upstream_call_forwarded'
  | 'upstream_call_refused'
  | 'late_answer'
  | 'unknown_answer'
  | 'unreadable_frame'
  | 'link_up'
  | 'link_down'
  | 'primary_unreachable'
  /** A remote primary answered a call the normalizers cannot read (not schema-valid): no domain events. */
  | 'events_not_derived'
  /** Observer catch-up: replay of the calls it missed started, finished, or gave up on calls not in the log. */
  | 'catch_up_started'
  | 'caught_up'
  | 'catch_up_gap'
  /** An observer with the skip policy resumed with live copies; the ones it missed are not sent. */
  | 'observer_skipped'
  /** Heartbeat or StatusNotification answered by the gateway while the primary was unreachable; then forwarded to it. */
  | 'answered_locally'
  | 'forwarded_after_local_answer';

export interface GatewayDecisionFacts {
  readonly chargerId: string;
  readonly connectionId: string;
  readonly decision: GatewayDecisionKind;
  readonly upstream: string;
  readonly role: UpstreamRole;
  readonly action: string | null;
  readonly messageId: string | null;
  readonly detail: unknown;
}

/** Where the gateway's decisions go: events on switchyard.ocpp.events, batched like every edge record. */
export type RecordDecision = (facts: GatewayDecisionFacts) => void;

export function decisionRecorder(deps: {
  readonly serde: Serde;
  readonly log: Pick<EdgeLog, 'recordEncoded'>;
  readonly clock: Clock;
  readonly instanceId: string;
  readonly newId: () => string;
  readonly onEncodeFailure: (error: unknown) => void;
  readonly counted: (decision: GatewayDecisionKind) => void;
}): RecordDecision {
  return (facts) => {
    deps.counted(facts.decision);
    const at = deps.clock.now();
    const event: OcppEvent = {
      envelope: edgeEnvelope({ eventId: deps.newId(), key: facts.chargerId, recordedAt: at, instanceId: deps.instanceId, connectionId: facts.connectionId }),
      payload: wrapUnion<OcppEventPayloadBranches, 'io.switchyard.ocpp.GatewayDecision'>('io.switchyard.ocpp.GatewayDecision', {
        decision: facts.decision,
        upstream: facts.upstream,
        role: facts.role,
        action: facts.action,
        message_id: facts.messageId,
        detail_json: facts.detail === null || facts.detail === undefined ? null : JSON.stringify(facts.detail),
      }),
    };
    const recordValue = (value: Buffer): void => deps.log.recordEncoded([{ topic: topics.ocppEvents, key: facts.chargerId, value }], at);
    // Observers answer every call: most decisions are encoded at once, without a promise each.
    let encodedNow: Buffer | undefined;
    try {
      encodedNow = deps.serde.encodeNow(topics.ocppEvents, event);
    } catch (error) {
      deps.onEncodeFailure(error);
      return;
    }
    if (encodedNow !== undefined) recordValue(encodedNow);
    else deps.serde.encode(topics.ocppEvents, event).then(recordValue).catch(deps.onEncodeFailure);
  };
}
