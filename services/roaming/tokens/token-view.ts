import type { Logger } from 'pino';
import type { EventBus } from '../../core/bus/event-bus.ts';
import type { Serde } from '../../core/serde/serde.ts';
import type { TokenAuthority } from '../../edge/server/token-authority.ts';
import { mirrorCompactedTopic } from '../compacted-mirror.ts';
import { tokenKind } from '../ocpi/token-kind.ts';
import type { OcpiToken } from '../ocpi/token-object.ts';
import type { RealtimeAuthorizer } from './realtime-authorization.ts';
import { planToken, verdictOfAnswer, type RealtimeFallback, type UnknownTokenPolicy } from './token-decision.ts';
import { TokenIndex } from './token-index.ts';

export interface TokenView extends TokenAuthority {
  /** Resolves once every token on the topic at start is in memory. */
  readonly ready: Promise<void>;
  close(): Promise<void>;
}

export interface TokenViewDeps {
  readonly bus: EventBus;
  readonly serde: Serde;
  readonly instanceId: string;
  readonly unknownTokens: UnknownTokenPolicy;
  readonly realtime: {
    readonly authorizer: RealtimeAuthorizer;
    readonly timeoutMs: number;
    readonly fallback: RealtimeFallback;
  };
  readonly logger: Logger;
}

/** The OCPI token type an OCPP id token is asked about as when no list knows it. */
function ocpiTypeOf(ocppType: string | null): OcpiToken['type'] {
  switch (ocppType) {
    case null:
    case 'ISO14443':
    case 'ISO15693':
      return 'RFID';
    case 'Central':
      return 'APP_USER';
    default:
      return 'OTHER';
  }
}

/**
 * The edge's answer to Authorize: local tokens and eMSP tokens from switchyard.tokens, kept in memory
 * (indexed by uid and, for 2.0.1 eMAID tokens, by contract id) so no charger waits on I/O, except for the
 * tokens whose eMSP wants to be asked in real time (whitelist other than ALWAYS), which wait for its
 * answer up to the real-time timeout.
 */
export async function openTokenView(deps: TokenViewDeps): Promise<TokenView> {
  let tokens = TokenIndex.empty;
  const mirror = await mirrorCompactedTopic({
    bus: deps.bus,
    serde: deps.serde,
    topic: tokenKind.topic,
    group: `switchyard.edge.tokens.${deps.instanceId}`,
    apply: (key, value) => {
      tokens = tokens.set(key, value === null ? null : tokenKind.fromPayload(value.payload));
    },
    onUndecodable: (key, error) => deps.logger.error({ err: error, key }, 'a token record does not decode; it is ignored'),
  });
  return {
    ready: mirror.ready,
    async decide(chargerId, idToken) {
      const plan = planToken(tokens.candidatesFor(idToken), deps.unknownTokens, deps.realtime.fallback);
      if (plan.kind === 'decided') return plan.verdict.decision;
      const { token } = plan;
      const answer = await deps.realtime.authorizer.authorize({
        uid: token?.uid ?? idToken.value,
        type: token?.type ?? ocpiTypeOf(idToken.type),
        party: token === null ? null : { country_code: token.country_code, party_id: token.party_id },
        charger_id: chargerId,
        timeout_ms: deps.realtime.timeoutMs,
      });
      const verdict = verdictOfAnswer(plan, answer);
      if (answer.outcome === 'unreachable') deps.logger.warn({ chargerId, reason: verdict.reason }, 'real-time authorization fell back to the token list');
      return verdict.decision;
    },
    close: () => mirror.close(),
  };
}
