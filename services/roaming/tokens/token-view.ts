import type { Logger } from 'pino';
import type { EventBus } from '../../core/bus/event-bus.ts';
import type { Serde } from '../../core/serde/serde.ts';
import type { TokenAuthority } from '../../edge/server/token-authority.ts';
import { mirrorCompactedTopic } from '../compacted-mirror.ts';
import { tokenKind } from '../ocpi/token-kind.ts';
import { decideToken, type UnknownTokenPolicy } from './token-decision.ts';
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
  readonly logger: Logger;
}

/**
 * The edge's answer to Authorize: local tokens and eMSP tokens from switchyard.tokens, kept in memory
 * (indexed by uid and, for 2.0.1 eMAID tokens, by contract id) so no charger waits on I/O.
 */
export async function openTokenView(deps: TokenViewDeps): Promise<TokenView> {
  const tokens = new TokenIndex();
  const mirror = await mirrorCompactedTopic({
    bus: deps.bus,
    serde: deps.serde,
    topic: tokenKind.topic,
    group: `switchyard.edge.tokens.${deps.instanceId}`,
    apply: (key, value) => tokens.set(key, value === null ? null : tokenKind.fromPayload(value.payload)),
    onUndecodable: (key, error) => deps.logger.error({ err: error, key }, 'a token record does not decode; it is ignored'),
  });
  // A 2.0.1 eMAID is the contract id; every other token type presents the uid.
  const candidatesFor = (value: string, type: string | null) => (type === 'eMAID' ? tokens.withContractId(value) : tokens.withUid(value));
  return {
    ready: mirror.ready,
    decide: async (_chargerId, idToken) => decideToken(candidatesFor(idToken.value, idToken.type), deps.unknownTokens).decision,
    close: () => mirror.close(),
  };
}
