import type { Logger } from 'pino';
import type { EventBus } from '../../core/bus/event-bus.ts';
import type { Serde } from '../../core/serde/serde.ts';
import type { TokenAuthority } from '../../edge/server/token-authority.ts';
import { mirrorCompactedTopic } from '../compacted-mirror.ts';
import { tokenKind } from '../ocpi/token-kind.ts';
import type { OcpiToken } from '../ocpi/token-object.ts';
import { decideToken, type UnknownTokenPolicy } from './token-decision.ts';

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
  const byKey = new Map<string, OcpiToken>();
  const mirror = await mirrorCompactedTopic({
    bus: deps.bus,
    serde: deps.serde,
    topic: tokenKind.topic,
    group: `switchyard.edge.tokens.${deps.instanceId}`,
    apply: (key, value) => {
      if (value === null) byKey.delete(key);
      else byKey.set(key, tokenKind.fromPayload(value.payload));
    },
    onUndecodable: (key, error) => deps.logger.error({ err: error, key }, 'a token record does not decode; it is ignored'),
  });
  const candidatesFor = (value: string, type: string | null): OcpiToken[] =>
    [...byKey.values()].filter((token) => token.uid === value || (type === 'eMAID' && token.contract_id === value));
  return {
    ready: mirror.ready,
    decide: async (_chargerId, idToken) => decideToken(candidatesFor(idToken.value, idToken.type), deps.unknownTokens).decision,
    close: () => mirror.close(),
  };
}
