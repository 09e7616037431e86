import type { TokenDecision } from '../csms/token-decision.ts';
import type { IdToken } from '../normalize/domain-events.ts';

/** Answers whether a token may charge at a charger (a token list, an OCPI partner, a routed CSMS...). */
export interface TokenAuthority {
  decide(chargerId: string, idToken: IdToken): Promise<TokenDecision>;
}

/** Free vend: every token may charge. For test benches and sites that do not check tokens. */
export const acceptEveryToken: TokenAuthority = {
  decide: async () => ({ status: 'Accepted', expiresAt: null, groupId: null }),
};
