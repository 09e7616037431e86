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
import type { EncodedRecord } from '../../edge/server/edge-log.ts';
import { routeKeyOf, type Upstream } from '../routing/route.ts';
import type { Resolution, RoutedCharger } from '../routing/route-resolution.ts';
import type { OpenUpstreamLink, UpstreamCallAnswer, UpstreamLink, UpstreamOutcome } from '../upstream/upstream-link.ts';
import { answerDifference, type ComparedAnswer } from './compared-answer.ts';
import type { GatewayMetrics } from './gateway-metrics.ts';
import type { MigrationTally } from './migration-tally.ts';
import type { GatewayDecisionFacts, RecordDecision } from './gateway-decision.ts';
import { primaryExchangeEvents, type EncodeDomainEvents } from './primary-exchange-events.ts';
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
  /** Copies this link missed since it last took one: its share of the observer lag gauge. */
  missedCopies: number;
}

const knownErrorCodes: ReadonlySet<string> = new Set<RpcErrorCode>([
  'NotImplemented', 'NotSupported', 'InternalError', 'ProtocolError', 'SecurityError', 'FormationViolation', 'FormatViolation',
  'PropertyConstraintViolation', 'OccurenceConstraintViolation', 'OccurrenceConstraintViolation', 'TypeConstraintViolation',
  'GenericError', 'MessageTypeNotSupported', 'RpcFrameworkError',
]);

function asRpcError(errorCode: string, description: string, details: JsonObject): RpcError {
  return { code: knownErrorCodes.has(errorCode) ? (errorCode as RpcErrorCode) : 'GenericError', description, details };
}

/** Same upstream, same link: a change of url, credentials or timeouts opens a new link. */
const linkKeyOf = (upstream: Upstream): string => JSON.stringify([upstream.name, upstream.target, upstream.timeouts]);

function connectionGateway(deps: GatewayDeps, identity: ConnectionIdentity, builtin: ConnectionCallHandler): ConnectionCallHandler {
  const { chargerId, connectionId, version } = identity;
  const links = new Map<string, ActiveLink>();
  let releaseHooked = false;

  const record = (facts: Omit<GatewayDecisionFacts, 'chargerId' | 'connectionId'>): void => deps.record({ chargerId, connectionId, ...facts });
  const resolveNow = (): Resolution => deps.resolve({ chargerId, labels: deps.labelsOf(chargerId) ?? {} });
  const ownConnection = (): ChargerConnection | undefined => {
    const connection = deps.connectionOf(chargerId);
    return connection?.identity.connectionId === connectionId ? connection : undefined;
  };

  const clearLag = (active: ActiveLink | undefined): void => {
    if (active === undefined || active.missedCopies === 0) return;
    deps.metrics.observerLag.dec({ upstream: active.upstream.name }, active.missedCopies);
    active.missedCopies = 0;
  };

  const closeLink = (key: string, active: ActiveLink): void => {
    clearLag(active);
    active.link.close();
    links.delete(key);
  };

  const releaseAll = (): void => {
    for (const [key, active] of links) closeLink(key, active);
  };

  const linkFor = (upstream: Upstream): UpstreamLink => {
    const key = linkKeyOf(upstream);
    const existing = links.get(key);
    if (existing !== undefined) {
      existing.upstream = upstream;
      return existing.link;
    }
    if (!releaseHooked) {
      // Links live as long as the charger's socket; it is attached before its first frame arrives.
      ownConnection()?.closed.then(releaseAll, releaseAll);
      releaseHooked = true;
    }
    const latest = (): Upstream => links.get(key)?.upstream ?? upstream;
    const noted = (decision: 'link_up' | 'link_down' | 'late_answer' | 'unknown_answer' | 'unreadable_frame', messageId: string | null, detail: unknown): void =>
      record({ decision, upstream: latest().name, role: latest().role, action: null, messageId, detail });
    const link = deps.openLink(
      { chargerId, version, upstream },
      {
        onCall: (action, payload) => forwardUpstreamCall(key, action, payload),
        onAnomaly: (kind, messageId) => noted(kind, messageId, null),
        onOpen: () => {
          clearLag(links.get(key));
          noted('link_up', null, null);
        },
        onDown: (reason) => noted('link_down', null, { reason }),
      },
    );
    links.set(key, { link, upstream, missedCopies: 0 });
    return link;
  };

  /** Links to upstreams the route no longer names are closed; the others stay open across changes. */
  const retireUnrouted = (resolution: Resolution): void => {
    const routed = new Set([resolution.primary, ...resolution.observers].filter((u) => u.target.kind === 'remote').map(linkKeyOf));
    for (const [key, active] of links) {
      if (!routed.has(key)) closeLink(key, active);
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

  const timed = async (upstream: Upstream, call: InboundCall): Promise<UpstreamOutcome> => {
    const started = performance.now();
    try {
      return await linkFor(upstream).call(call.action, call.payload);
    } finally {
      deps.metrics.upstreamLatency.observe({ upstream: upstream.name, role: upstream.role }, (performance.now() - started) / 1_000);
    }
  };

  /** The primary's answer is the decision of record: projections see its transaction ids and verdicts. */
  const derivedFrom = async (upstream: Upstream, call: InboundCall, answer: JsonObject): Promise<readonly EncodedRecord[]> => {
    const exchange = primaryExchangeEvents(version, call, chargerId, answer);
    if (exchange.kind === 'events') return deps.encodeEvents(identity, exchange.events);
    record({ decision: 'events_not_derived', upstream: upstream.name, role: 'primary', action: call.action, messageId: call.messageId, detail: { side: exchange.side, violations: exchange.violations } });
    return [];
  };

  const failureReason = (error: unknown): string => (error instanceof SwitchyardError ? error.code : 'error');

  /**
   * Held while the link reconnects, up to the route's grace period; then the charger is disconnected so it
   * keeps its messages in its own offline queue. Nothing is ever answered in the primary's name.
   */
  const askRemotePrimary = async (upstream: Upstream, graceMs: number, call: InboundCall): Promise<CallAnswer> => {
    const deadline = deps.clock.now() + graceMs;
    const durableBeforeAnswer = requirementsOf(version, call.action, call.payload).awaitsDurableAppend;
    // The durable append overlaps the upstream round trip; the connection sends the answer after both.
    if (durableBeforeAnswer) void call.appendFrameDurablyNow();
    for (;;) {
      let outcome: UpstreamOutcome;
      try {
        outcome = await timed(upstream, call);
      } catch (error) {
        const reason = failureReason(error);
        deps.metrics.upstreamFailures.inc({ upstream: upstream.name, reason });
        if (reason === 'gateway.upstream-unreachable' && deps.clock.now() < deadline) continue;
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

  const observe = async (upstream: Upstream, call: InboundCall): Promise<ComparedAnswer | null> => {
    try {
      if (upstream.target.kind === 'builtin') {
        const answer = await builtin.answer(call);
        return answer.kind === 'result' ? { kind: 'result', payload: answer.payload } : { kind: 'error', errorCode: answer.error.code };
      }
      const outcome = await timed(upstream, call);
      clearLag(links.get(linkKeyOf(upstream)));
      return outcome.kind === 'result' ? outcome : { kind: 'error', errorCode: outcome.errorCode };
    } catch (error) {
      const active = links.get(linkKeyOf(upstream));
      if (active !== undefined) {
        active.missedCopies += 1;
        deps.metrics.observerLag.inc({ upstream: upstream.name });
      }
      deps.metrics.upstreamFailures.inc({ upstream: upstream.name, reason: failureReason(error) });
      record({ decision: 'observer_failed', upstream: upstream.name, role: 'observer', action: call.action, messageId: call.messageId, detail: { reason: failureReason(error) } });
      return null;
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
      const observed = resolution.observers.map((upstream) => ({ upstream, answer: observe(upstream, call) }));
      const { primary } = resolution;
      const answer = primary.target.kind === 'builtin' ? await builtin.answer(call) : await askRemotePrimary(primary, resolution.primaryGraceMs, call);
      const primaryCompared: ComparedAnswer = answer.kind === 'result' ? { kind: 'result', payload: answer.payload } : { kind: 'error', errorCode: answer.error.code };
      // Observers exist only on a matched route.
      const routeKey = resolution.matched === null ? '' : routeKeyOf(resolution.matched);
      for (const { upstream, answer: pending } of observed) {
        pending.then((observedAnswer) => {
          if (observedAnswer !== null) compare(routeKey, call, upstream, primaryCompared, observedAnswer);
        }, () => undefined);
      }
      return answer;
    },
    noteSentCall(action, payload) {
      builtin.noteSentCall(action, payload);
    },
  };
}
