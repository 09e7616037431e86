import type { Logger } from 'pino';
import type { Clock } from '../../core/clock.ts';
import type { Serde } from '../../core/serde/serde.ts';
import { actionTriggeredBy, refuseBeforeAcceptance } from '../csms/boot-gate.ts';
import type { BootTimings } from '../csms/boot-decision.ts';
import type { DataTransferHandlers } from '../csms/data-transfer.ts';
import { decideCall } from '../csms/decide-call.ts';
import { requirementsOf } from '../csms/requirements.ts';
import type { TokenProvenance } from '../csms/token-decision.ts';
import type { DomainEvent, RegistrationStatus } from '../normalize/domain-events.ts';
import { normalizeCall } from '../normalize/normalize-call.ts';
import { rpcError } from '../protocol/rpc-error.ts';
import { validateResult } from '../protocol/validate.ts';
import { prepareCall } from '../quirks/prepare-message.ts';
import type { QuirkRuleName } from '../quirks/rule-catalogue.ts';
import { enabledQuirkRules, identityFromBoot, type ChargerIdentity } from '../quirks/vendor-profiles.ts';
import type { ChargerRegistration } from '../registry/charger-registration.ts';
import type { CallAnswer, CallHandler, ConnectionCallHandler, ConnectionIdentity, InboundCall } from './charger-connection.ts';
import { domainEventEncoder, type EncodeDomainEvents } from './domain-event-records.ts';
import type { TokenAuthority } from './token-authority.ts';
import type { TransactionIdAllocator } from './transaction-id-allocator.ts';

export interface CsmsCallHandlerDeps {
  readonly lookup: (chargerId: string) => ChargerRegistration | undefined;
  readonly tokens: TokenAuthority;
  readonly transactionIds: TransactionIdAllocator;
  readonly serde: Serde;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly newId: () => string;
  readonly instanceId: string;
  readonly timings: BootTimings;
  readonly dataTransferHandlers: DataTransferHandlers;
}

const noQuirkRules: readonly QuirkRuleName[] = [];

/** The token answer read back from the charger's reply cannot say who decided; the decision itself can. */
function withTokenProvenance(events: DomainEvent[], provenance: TokenProvenance | undefined): DomainEvent[] {
  if (provenance === undefined) return events;
  return events.map((event) =>
    event.body.type === 'AuthorizationDecided'
      ? { ...event, body: { ...event.body, decidedBy: provenance.decidedBy, authorizationReference: provenance.authorizationReference } }
      : event,
  );
}

function isRegistrationStatus(value: unknown): value is RegistrationStatus {
  return value === 'Accepted' || value === 'Pending' || value === 'Rejected';
}

/**
 * The built-in CSMS behind each socket: admits the call (2.0.1 boot gate), makes it valid (strict schema,
 * then the charger's quirk rules), resolves what the pure decision needs (token, transaction id),
 * decides, and turns the exchange into domain events for the log.
 */
export function createCsmsCallHandler(deps: CsmsCallHandlerDeps): CallHandler {
  const encodeEvents = domainEventEncoder(deps);
  return { forConnection: (identity) => connectionHandler(deps, encodeEvents, identity) };
}

function connectionHandler(deps: CsmsCallHandlerDeps, encodeEvents: EncodeDomainEvents, identity: ConnectionIdentity): ConnectionCallHandler {
  const { version, chargerId } = identity;
  // What this connection told us: who the charger is (selects quirk rules) and how its boot was answered.
  let chargerIdentity: ChargerIdentity | null = null;
  let registration: RegistrationStatus | null = null;
  const triggered = new Set<string>();
  // Rule selection runs the vendor patterns: redo it only when the boot or the registration changed.
  let selected: { identity: ChargerIdentity | null; enable: readonly QuirkRuleName[]; rules: ReadonlySet<QuirkRuleName> } | undefined;
  const enabledRules = (enable: readonly QuirkRuleName[]): ReadonlySet<QuirkRuleName> => {
    if (selected?.identity !== chargerIdentity || selected.enable !== enable) {
      selected = { identity: chargerIdentity, enable, rules: enabledQuirkRules(chargerIdentity, { enable, disable: [] }) };
    }
    return selected.rules;
  };

  const answer = async (call: InboundCall): Promise<CallAnswer> => {
    const refusal = refuseBeforeAcceptance(version, call.action, registration, triggered);
    if (refusal !== null) return { kind: 'error', error: refusal, quirksApplied: [] };
    triggered.delete(call.action);

    if (call.action === 'BootNotification') chargerIdentity = identityFromBoot(version, call.payload) ?? chargerIdentity;
    const registered = deps.lookup(chargerId);
    const prepared = prepareCall({
      version,
      action: call.action,
      payload: call.payload,
      enabledRules: enabledRules(registered?.quirkRules ?? noQuirkRules),
      receivedAt: call.receivedAt,
    });
    if (!prepared.ok) return { kind: 'error', error: prepared.error, quirksApplied: [] };
    const { payload, quirksApplied } = prepared;

    const requirements = requirementsOf(version, call.action, payload);
    const tokenDecision = requirements.idToken === null ? null : await deps.tokens.decide(chargerId, requirements.idToken);
    const transactionId = requirements.needsTransactionId ? await deps.transactionIds.next() : null;
    const decision = decideCall({
      version,
      action: call.action,
      payload,
      now: deps.clock.now(),
      bootPolicy: registered?.bootPolicy ?? 'accept',
      timings: deps.timings,
      tokenDecision,
      transactionId,
      dataTransferHandlers: deps.dataTransferHandlers,
    });
    if (decision.kind === 'error') return { kind: 'error', error: decision.error, quirksApplied };

    const answerCheck = validateResult(version, call.action, decision.payload);
    if (!answerCheck.ok) {
      // Our own answer breaks the schema: a bug here, and the charger must not get a malformed reply.
      deps.logger.error({ chargerId, action: call.action, violations: answerCheck.violations }, 'CSMS answer fails its schema');
      return { kind: 'error', error: rpcError(version, 'internal', 'the CSMS produced an invalid answer'), quirksApplied };
    }
    if (call.action === 'BootNotification') {
      const status = decision.payload['status'];
      if (isRegistrationStatus(status)) registration = status;
    }

    const events = withTokenProvenance(
      normalizeCall({ chargerId, messageId: call.messageId, receivedAt: call.receivedAt, quirksApplied }, version, call.action, payload, decision.payload),
      tokenDecision?.provenance,
    );
    const derived = await encodeEvents(identity, events);
    return { kind: 'result', payload: decision.payload, quirksApplied, derived, durableBeforeAnswer: requirements.awaitsDurableAppend };
  };

  return {
    answer,
    noteSentCall(action, payload) {
      const provoked = actionTriggeredBy(action, payload);
      if (provoked !== null) triggered.add(provoked);
    },
  };
}
