import type { Clock } from '../../core/clock.ts';
import { SwitchyardError } from '../../core/errors.ts';
import { requirementsOf } from '../../edge/csms/requirements.ts';
import type { JsonObject } from '../../edge/protocol/frame.ts';
import { rpcError, type RpcError, type RpcErrorCode } from '../../edge/protocol/rpc-error.ts';
import type {
  CallAnswer,
  CallHandler,
  ChargerConnection,
  ConnectionCallHandler,
  ConnectionIdentity,
  InboundCall,
} from '../../edge/server/charger-connection.ts';
import type { EncodeDomainEvents } from '../../edge/server/domain-event-records.ts';
import type { EncodedRecord } from '../../edge/server/edge-log.ts';
import type { OcppFrameRecord } from '../../edge/server/edge-records.ts';
import type { CatchUpNote, ObserverMirrors } from '../catch-up/observer-mirrors.ts';
import type { MissedCall } from '../catch-up/missed-call.ts';
import { routeKeyOf, type Upstream } from '../routing/route.ts';
import type { Resolution, RoutedCharger } from '../routing/route-resolution.ts';
import { OutgoingCall, type UpstreamFrame } from '../upstream/outgoing-call.ts';
import type { OpenUpstreamLink, UpstreamCallAnswer, UpstreamLink, UpstreamOutcome } from '../upstream/upstream-link.ts';
import { answerDifference, type ComparedAnswer } from './compared-answer.ts';
import type { GatewayMetrics } from './gateway-metrics.ts';
import type { HeldForPrimary } from './held-for-primary.ts';
import { localAnswerOf } from './local-answer.ts';
import type { MigrationTally } from './migration-tally.ts';
import type { GatewayDecisionFacts, GatewayDecisionKind, RecordDecision } from './gateway-decision.ts';
import { primaryExchangeEvents } from './primary-exchange-events.ts';
import { upstreamCallVerdict } from './upstream-call-policy.ts';

export interface GatewayDeps {
  /** The built-in CSMS: primary or observer when a route names it, the only CSMS when none covers the charger. */
  readonly builtin: CallHandler;
  readonly resolve: (charger: RoutedCharger) => Resolution;
  readonly labelsOf: (chargerId: string) => Readonly<Record<string, string>> | undefined;
  readonly openLink: OpenUpstreamLink;
  readonly connectionOf: (chargerId: string) => ChargerConnection | undefined;
  readonly record: RecordDecision;
  readonly metrics: GatewayMetrics;
  readonly tally: MigrationTally;
  readonly encodeEvents: EncodeDomainEvents;
  /** Observers' positions in each charger's calls, and their catch-ups from the log. */
  readonly mirrors: ObserverMirrors;
  /** Calls answered locally while a primary is unreachable, until they are forwarded. */
  readonly heldForPrimary: HeldForPrimary;
  /** The raw frame log (switchyard.ocpp.frames), for what crosses the upstream links. */
  readonly recordFrame: (frame: OcppFrameRecord) => void;
  readonly clock: Clock;
}

/**
 * The multi-CSMS gateway as the edge's CallHandler: each charger CALL goes where its route says at that
 * moment (so a route change applies to the next message), the charger gets the primary's answer only,
 * observers get copies on their own links and their answers are compared and dropped.
 */
export function createGatewayCallHandler(deps: GatewayDeps): CallHandler {
  return { forConnection: (identity) => connectionGateway(deps, identity, deps.builtin.forConnection(identity)) };
}

interface ActiveLink {
  readonly link: UpstreamLink;
  /** The route's latest word on this upstream (its role can change while the link stays open). */
  upstream: Upstream;
  /** The link went down and has not reopened since: the upstream is unreachable right now. */
  down: boolean;
}

const knownErrorCodes: ReadonlySet<string> = new Set<RpcErrorCode>([
  'NotImplemented', 'NotSupported', 'InternalError', 'ProtocolError', 'SecurityError', 'FormationViolation', 'FormatViolation',
  'PropertyConstraintViolation', 'OccurenceConstraintViolation', 'OccurrenceConstraintViolation', 'TypeConstraintViolation',
  'GenericError', 'MessageTypeNotSupported', 'RpcFrameworkError',
]);

function asRpcError(errorCode: string, description: string, details: JsonObject): RpcError {
  return { code: knownErrorCodes.has(errorCode) ? (errorCode as RpcErrorCode) : 'GenericError', description, details };
}

const linkKeys = new WeakMap<Upstream, string>();

/**
 * Same upstream, same link: a change of url, credentials or timeouts opens a new link. Asked for every
 * upstream of every call: kept per Upstream object, which the route book replaces when the route changes.
 */
function linkKeyOf(upstream: Upstream): string {
  let key = linkKeys.get(upstream);
  if (key === undefined) {
    key = JSON.stringify([upstream.name, upstream.target, upstream.timeouts]);
    linkKeys.set(upstream, key);
  }
  return key;
}

const comparedOf = (outcome: UpstreamOutcome): ComparedAnswer => (outcome.kind === 'result' ? outcome : { kind: 'error', errorCode: outcome.errorCode });

const unreachableWhileHeld = (upstream: Upstream): SwitchyardError =>
  new SwitchyardError('gateway.upstream-unreachable', `calls answered locally could not be forwarded to ${upstream.name} yet`, { retriable: true });

function catchUpDecision(note: CatchUpNote): { readonly decision: GatewayDecisionKind; readonly call: MissedCall | null; readonly detail: unknown } {
  switch (note.kind) {
    case 'started':
      return { decision: 'catch_up_started', call: null, detail: { fromMessageId: note.from.messageId, fromReceivedAt: note.from.receivedAt, missed: note.missed } };
    case 'failed':
      return { decision: 'observer_failed', call: note.call, detail: { reason: note.reason, replayed: true } };
    case 'caughtUp':
      return { decision: 'caught_up', call: null, detail: { replayed: note.replayed } };
    case 'abandoned':
      return { decision: 'catch_up_gap', call: null, detail: { replayed: note.replayed, missing: note.missing } };
    default: {
      const unknown: never = note;
      throw new Error(`unknown catch-up note ${JSON.stringify(unknown)}`);
    }
  }
}

function connectionGateway(deps: GatewayDeps, identity: ConnectionIdentity, builtin: ConnectionCallHandler): ConnectionCallHandler {
  const { chargerId, connectionId, version } = identity;
  const links = new Map<string, ActiveLink>();
  let releaseHooked = false;
  let released = false;

  const record = (facts: Omit<GatewayDecisionFacts, 'chargerId' | 'connectionId'>): void => deps.record({ chargerId, connectionId, ...facts });
  const resolveNow = (): Resolution => deps.resolve({ chargerId, labels: deps.labelsOf(chargerId) ?? {} });
  const ownConnection = (): ChargerConnection | undefined => {
    const connection = deps.connectionOf(chargerId);
    return connection?.identity.connectionId === connectionId ? connection : undefined;
  };

  const closeLink = (key: string, active: ActiveLink): void => {
    active.link.close();
    links.delete(key);
  };

  const releaseAll = (): void => {
    released = true;
    for (const [key, active] of links) closeLink(key, active);
  };

  const linkFor = (upstream: Upstream): UpstreamLink => {
    const key = linkKeyOf(upstream);
    const existing = links.get(key);
    if (existing !== undefined) {
      existing.upstream = upstream;
      return existing.link;
    }
    // A catch-up or a forward outliving the charger's socket must not open links nobody will close.
    if (released) throw new SwitchyardError('gateway.upstream-unreachable', `${chargerId} is no longer connected here`, { retriable: true });
    if (!releaseHooked) {
      // Links live as long as the charger's socket; it is attached before its first frame arrives.
      ownConnection()?.closed.then(releaseAll, releaseAll);
      releaseHooked = true;
    }
    const latest = (): Upstream => links.get(key)?.upstream ?? upstream;
    const noted = (decision: 'link_up' | 'link_down' | 'late_answer' | 'unknown_answer' | 'unreadable_frame', messageId: string | null, detail: unknown): void =>
      record({ decision, upstream: latest().name, role: latest().role, action: null, messageId, detail });
    const markDown = (down: boolean): void => {
      const active = links.get(key);
      if (active !== undefined) active.down = down;
    };
    const link = deps.openLink(
      { chargerId, version, upstream },
      {
        onCall: (action, payload) => forwardUpstreamCall(key, action, payload),
        onAnomaly: (kind, messageId) => noted(kind, messageId, null),
        onOpen: () => {
          markDown(false);
          noted('link_up', null, null);
          linkReopened(latest());
        },
        onDown: (reason) => {
          markDown(true);
          noted('link_down', null, { reason });
        },
        onFrame: (frame) => {
          // A live copy's CALL and CALLRESULT are listed on the charger's answer frame; a CALLERROR may say more than the charger is told.
          const at = deps.clock.now();
          const listed = frame.relayedFor !== null && frame.messageType !== 'callError' && frame.relayedFor.coversFrame({ upstream: latest().name, frame, at });
          if (!listed) recordLinkFrame({ upstream: latest().name, frame, at });
        },
      },
    );
    links.set(key, { link, upstream, down: false });
    return link;
  };

  const recordLinkFrame = ({ upstream, frame, at }: UpstreamFrame): void =>
    deps.recordFrame({
      chargerId,
      connectionId,
      version,
      direction: frame.direction,
      text: frame.text,
      at,
      messageType: frame.messageType,
      messageId: frame.messageId,
      action: frame.action,
      verdict: notValidated,
      quirksApplied: [],
      upstream,
      relayedAs: [],
    });

  /** An observer back: caught up or skipped per its policy. A primary back: what was answered for it goes first. */
  const linkReopened = (upstream: Upstream): void => {
    if (upstream.role === 'primary') {
      void forwardHeld(upstream);
      return;
    }
    const verdict = deps.mirrors.linkOpened(chargerId, upstream);
    switch (verdict.kind) {
      case 'none':
        return;
      case 'startCatchUp':
        startCatchUp(upstream);
        return;
      case 'skipped':
        record({ decision: 'observer_skipped', upstream: upstream.name, role: 'observer', action: null, messageId: null, detail: { skipped: verdict.skipped } });
        return;
      default: {
        const unknown: never = verdict;
        throw new Error(`unknown open verdict ${JSON.stringify(unknown)}`);
      }
    }
  };

  const routeKeyNow = (): string => {
    const { matched } = resolveNow();
    return matched === null ? '' : routeKeyOf(matched);
  };

  const startCatchUp = (observer: Upstream): void => {
    deps.mirrors
      .catchUp(chargerId, observer, {
        send: async (missed) => {
          const observed = comparedOf(await timed(observer, new OutgoingCall(missed.action, missed.payload, 'ownFrames')));
          record({ decision: 'observer_answered', upstream: observer.name, role: 'observer', action: missed.action, messageId: missed.messageId, detail: { ...observed, replayed: true } });
          deps.tally.mirrored(routeKeyNow(), chargerId);
        },
        note: (note) => {
          const { decision, call, detail } = catchUpDecision(note);
          record({ decision, upstream: observer.name, role: 'observer', action: call?.action ?? null, messageId: call?.messageId ?? null, detail });
        },
      })
      .catch((error: unknown) => record({ decision: 'observer_failed', upstream: observer.name, role: 'observer', action: null, messageId: null, detail: { reason: failureReason(error) } }));
  };

  /**
   * Links to upstreams the route no longer names are closed; the others stay open across changes. An
   * upstream that is no longer an observer will never be caught up.
   */
  const retireUnrouted = (resolution: Resolution): void => {
    const routes = (key: string): boolean =>
      (resolution.primary.target.kind === 'remote' && linkKeyOf(resolution.primary) === key) ||
      resolution.observers.some((observer) => observer.target.kind === 'remote' && linkKeyOf(observer) === key);
    for (const [key, active] of links) {
      if (!resolution.observers.some((observer) => observer.name === active.upstream.name)) deps.mirrors.forget(chargerId, active.upstream.name);
      if (!routes(key)) closeLink(key, active);
    }
  };

  const forwardUpstreamCall = async (linkKey: string, action: string, payload: JsonObject): Promise<UpstreamCallAnswer> => {
    const resolution = resolveNow();
    const current = [resolution.primary, ...resolution.observers].find((upstream) => linkKeyOf(upstream) === linkKey);
    const name = current?.name ?? links.get(linkKey)?.upstream.name ?? 'unrouted';
    const role = current?.role ?? 'observer';
    const verdict = upstreamCallVerdict(version, current, action);
    if (verdict.kind === 'refuse') {
      record({ decision: 'upstream_call_refused', upstream: name, role, action, messageId: null, detail: { code: verdict.error.code, reason: verdict.error.description } });
      return { kind: 'error', error: verdict.error };
    }
    const connection = ownConnection();
    if (connection === undefined) return { kind: 'error', error: rpcError(version, 'generic', 'the charger is not connected') };
    try {
      // Through the charger's own queue: one CALL outstanding, whoever sent it (primary, commands).
      const outcome = await connection.call(action, payload, {
        timeoutMs: current?.timeouts.callMs ?? 30_000,
        onSent: (messageId) => record({ decision: 'upstream_call_forwarded', upstream: name, role, action, messageId, detail: null }),
      });
      return outcome.kind === 'result' ? outcome : { kind: 'error', error: asRpcError(outcome.errorCode, outcome.errorDescription, outcome.errorDetails) };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return { kind: 'error', error: rpcError(version, 'internal', `the charger did not answer: ${reason}`) };
    }
  };

  const timed = async (upstream: Upstream, call: OutgoingCall): Promise<UpstreamOutcome> => {
    const started = performance.now();
    try {
      return await linkFor(upstream).call(call);
    } finally {
      deps.metrics.upstreamLatency.observe({ upstream: upstream.name, role: upstream.role }, (performance.now() - started) / 1_000);
    }
  };

  /** The primary's answer is the decision of record: projections see its transaction ids and verdicts. */
  const derivedFrom = (upstream: Upstream, call: InboundCall, answer: JsonObject): Promise<readonly EncodedRecord[]> => {
    const exchange = primaryExchangeEvents(version, call, chargerId, answer);
    if (exchange.kind === 'events') return deps.encodeEvents(identity, exchange.events);
    record({ decision: 'events_not_derived', upstream: upstream.name, role: 'primary', action: call.action, messageId: call.messageId, detail: { side: exchange.side, violations: exchange.violations } });
    return Promise.resolve([]);
  };

  const failureReason = (error: unknown): string => (error instanceof SwitchyardError ? error.code : 'error');

  /** The calls answered for the primary while it was down go to it, in order, before any newer call. */
  const forwardHeld = (primary: Upstream): Promise<boolean> =>
    deps.heldForPrimary.flush(chargerId, async (held: MissedCall) => {
      const outcome = await linkFor(primary).call(new OutgoingCall(held.action, held.payload, 'ownFrames'));
      record({ decision: 'forwarded_after_local_answer', upstream: primary.name, role: 'primary', action: held.action, messageId: held.messageId, detail: comparedOf(outcome) });
    });

  const primaryIsDown = (primary: Upstream): boolean => {
    const active = links.get(linkKeyOf(primary));
    return active !== undefined && active.down && !active.link.isOpen;
  };

  /** Null when the charger already has too many calls held: it then gets the default treatment. */
  const answerLocally = async (primary: Upstream, call: InboundCall, payload: JsonObject): Promise<CallAnswer | null> => {
    const held = deps.heldForPrimary.hold(chargerId, { messageId: call.messageId, receivedAt: call.receivedAt, action: call.action, payload: call.payload });
    if (!held) return null;
    record({ decision: 'answered_locally', upstream: primary.name, role: 'primary', action: call.action, messageId: call.messageId, detail: payload });
    return { kind: 'result', payload, quirksApplied: [], derived: await derivedFrom(primary, call, payload), durableBeforeAnswer: false };
  };

  /**
   * Held while the link reconnects, up to the route's grace period; then the charger is disconnected so it
   * keeps its messages in its own offline queue. Only Heartbeat and StatusNotification may be answered in
   * the primary's name, when the route says so, and they are forwarded to it once it is back.
   */
  const askRemotePrimary = async (resolution: Resolution, call: InboundCall, outgoing: OutgoingCall): Promise<CallAnswer> => {
    const { primary: upstream, primaryGraceMs: graceMs } = resolution;
    const local = resolution.localAnswersWhilePrimaryDown ? localAnswerOf(call.action, deps.clock.now()) : null;
    if (local !== null && primaryIsDown(upstream)) {
      const answered = await answerLocally(upstream, call, local);
      if (answered !== null) return answered;
    }
    const deadline = deps.clock.now() + graceMs;
    const durableBeforeAnswer = requirementsOf(version, call.action, call.payload).awaitsDurableAppend;
    // The durable append overlaps the upstream round trip; the connection sends the answer after both.
    if (durableBeforeAnswer) void call.appendFrameDurablyNow();
    for (;;) {
      let outcome: UpstreamOutcome;
      try {
        // Nothing held is the rule: no flush, and no promise to wait for, per call.
        if (deps.heldForPrimary.isHolding(chargerId) && !(await forwardHeld(upstream))) throw unreachableWhileHeld(upstream);
        outcome = await timed(upstream, outgoing);
      } catch (error) {
        const reason = failureReason(error);
        deps.metrics.upstreamFailures.inc({ upstream: upstream.name, reason });
        if (reason === 'gateway.upstream-unreachable' && local !== null) {
          const answered = await answerLocally(upstream, call, local);
          if (answered !== null) return answered;
        }
        // A closed charger socket fails at once, and its answer would go nowhere: no retry.
        if (reason === 'gateway.upstream-unreachable' && !released && deps.clock.now() < deadline) continue;
        if (reason === 'gateway.upstream-unreachable') {
          record({ decision: 'primary_unreachable', upstream: upstream.name, role: 'primary', action: call.action, messageId: call.messageId, detail: { graceMs } });
          ownConnection()?.close(1013, 'primary CSMS unreachable, try again later', 'server');
        }
        return { kind: 'error', error: rpcError(version, 'internal', `the CSMS did not answer ${call.action}`), quirksApplied: [] };
      }
      if (outcome.kind === 'error') {
        return { kind: 'error', error: asRpcError(outcome.errorCode, outcome.errorDescription, outcome.errorDetails), quirksApplied: [] };
      }
      return { kind: 'result', payload: outcome.payload, quirksApplied: [], derived: await derivedFrom(upstream, call, outcome.payload), durableBeforeAnswer };
    }
  };

  const observe = async (upstream: Upstream, call: InboundCall, outgoing: OutgoingCall): Promise<ComparedAnswer | null> => {
    try {
      if (upstream.target.kind === 'builtin') {
        const answer = await builtin.answer(call);
        return answer.kind === 'result' ? { kind: 'result', payload: answer.payload } : { kind: 'error', errorCode: answer.error.code };
      }
      const outcome = await timed(upstream, outgoing);
      deps.mirrors.copyAnswered(chargerId, upstream, call);
      return comparedOf(outcome);
    } catch (error) {
      deps.mirrors.copyFailed(chargerId, upstream, call);
      deps.metrics.upstreamFailures.inc({ upstream: upstream.name, reason: failureReason(error) });
      record({ decision: 'observer_failed', upstream: upstream.name, role: 'observer', action: call.action, messageId: call.messageId, detail: { reason: failureReason(error) } });
      return null;
    }
  };

  /** A remote observer's copy goes out live, or is held while the observer is behind and caught up from the log. */
  const copyFor = (upstream: Upstream, call: InboundCall, outgoing: OutgoingCall): Promise<ComparedAnswer | null> | null => {
    if (upstream.target.kind === 'builtin') return observe(upstream, call, outgoing);
    const verdict = deps.mirrors.offer(chargerId, upstream, call, linkFor(upstream).isOpen);
    switch (verdict.kind) {
      case 'send':
        return observe(upstream, call, outgoing);
      case 'hold':
        return null;
      case 'startCatchUp':
        startCatchUp(upstream);
        return null;
      case 'skipAndSend':
        record({ decision: 'observer_skipped', upstream: upstream.name, role: 'observer', action: null, messageId: null, detail: { skipped: verdict.skipped } });
        return observe(upstream, call, outgoing);
      default: {
        const unknown: never = verdict;
        throw new Error(`unknown offer verdict ${JSON.stringify(unknown)}`);
      }
    }
  };

  const compare = (routeKey: string, call: InboundCall, upstream: Upstream, primary: ComparedAnswer, observed: ComparedAnswer): void => {
    record({ decision: 'observer_answered', upstream: upstream.name, role: 'observer', action: call.action, messageId: call.messageId, detail: observed });
    deps.tally.mirrored(routeKey, chargerId);
    const difference = answerDifference(call.action, primary, observed);
    if (difference === null) return;
    deps.tally.differed(routeKey, call.action);
    deps.metrics.answerDifferences.inc({ action: call.action, upstream: upstream.name });
    record({ decision: 'answer_differed', upstream: upstream.name, role: 'observer', action: call.action, messageId: call.messageId, detail: difference });
  };

  return {
    async answer(call) {
      const resolution = resolveNow();
      retireUnrouted(resolution);
      // Observers start first so the copy leaves at once; the charger waits only for the primary.
      const outgoing = new OutgoingCall(call.action, call.payload, 'withChargerAnswer');
      const observed = resolution.observers.flatMap((upstream) => {
        const copy = copyFor(upstream, call, outgoing);
        return copy === null ? [] : [{ upstream, answer: copy }];
      });
      const answer = resolution.primary.target.kind === 'builtin' ? await builtin.answer(call) : await askRemotePrimary(resolution, call, outgoing);
      const primaryCompared: ComparedAnswer = answer.kind === 'result' ? { kind: 'result', payload: answer.payload } : { kind: 'error', errorCode: answer.error.code };
      // Observers exist only on a matched route.
      const routeKey = resolution.matched === null ? '' : routeKeyOf(resolution.matched);
      for (const { upstream, answer: pending } of observed) {
        pending.then((observedAnswer) => {
          if (observedAnswer !== null) compare(routeKey, call, upstream, primaryCompared, observedAnswer);
        }, () => undefined);
      }
      const copies = outgoing.answerCharger();
      if (copies.length === 0) return answer;
      const relayedAs = copies.map((copy) => ({ ...copy, role: copy.upstream === resolution.primary.name ? ('primary' as const) : ('observer' as const) }));
      const answerFrameWritten = (written: boolean): void => {
        if (written) outgoing.answerWritten();
        else for (const relayed of outgoing.answerLost()) recordLinkFrame(relayed);
      };
      return { ...answer, relayedAs, answerFrameWritten };
    },
    noteSentCall(action, payload) {
      builtin.noteSentCall(action, payload);
    },
  };
}

/** Frames the gateway writes are its own: recorded without a verdict, like the edge's. */
const notValidated = { status: 'notValidated', errorCode: null, errorDescription: null } as const;
