import type { Logger } from 'pino';
import { topics } from '../../core/bus/topic-catalogue.ts';
import type { Clock } from '../../core/clock.ts';
import type { Serde } from '../../core/serde/serde.ts';
import type { BootTimings } from '../csms/boot-decision.ts';
import type { DataTransferHandlers } from '../csms/data-transfer.ts';
import { decideCall } from '../csms/decide-call.ts';
import { requirementsOf } from '../csms/requirements.ts';
import { normalizeCall } from '../normalize/normalize-call.ts';
import { rpcError } from '../protocol/rpc-error.ts';
import { validateCall, validateResult } from '../protocol/validate.ts';
import type { ChargerRegistration } from '../registry/charger-registration.ts';
import type { CallAnswer, CallHandler } from './charger-connection.ts';
import { domainEventToWire } from './domain-event-wire.ts';
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

/**
 * The built-in CSMS behind the socket: validates a charger's CALL, resolves what the pure decision needs
 * (token, transaction id), decides, and turns the exchange into domain events for the log.
 */
export function createCsmsCallHandler(deps: CsmsCallHandlerDeps): CallHandler {
  return {
    async answer(call, identity): Promise<CallAnswer> {
      const { version, chargerId } = identity;
      const validation = validateCall(version, call.action, call.payload);
      if (!validation.ok) return { kind: 'error', error: validation.error, quirksApplied: [] };
      const quirksApplied: readonly string[] = [];
      const payload = call.payload;

      const requirements = requirementsOf(version, call.action, payload);
      const tokenDecision = requirements.idToken === null ? null : await deps.tokens.decide(chargerId, requirements.idToken);
      const transactionId = requirements.needsTransactionId ? await deps.transactionIds.next() : null;
      const decision = decideCall({
        version,
        action: call.action,
        payload,
        now: deps.clock.now(),
        bootPolicy: deps.lookup(chargerId)?.bootPolicy ?? 'accept',
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

      const events = normalizeCall(
        { chargerId, messageId: call.messageId, receivedAt: call.receivedAt, quirksApplied },
        version,
        call.action,
        payload,
        decision.payload,
      );
      const derived = await Promise.all(
        events.flatMap((event) => domainEventToWire(event, { instanceId: deps.instanceId, connectionId: identity.connectionId, newId: deps.newId })).map(
          async (wire) => ({ topic: topics.ocppEvents, key: chargerId, value: await deps.serde.encode(topics.ocppEvents, wire) }),
        ),
      );
      return { kind: 'result', payload: decision.payload, quirksApplied, derived, durableBeforeAnswer: requirements.awaitsDurableAppend };
    },
  };
}
