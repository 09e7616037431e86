import type { TokenDecision } from '../../edge/csms/token-decision.ts';
import type { OcpiToken } from '../ocpi/token-object.ts';

/** What happens to a token no local list and no eMSP knows: refused (default), or free vend. */
export type UnknownTokenPolicy = 'reject' | 'accept';

export interface TokenVerdict {
  readonly decision: TokenDecision;
  /** The token the verdict rests on, null for an unknown token. */
  readonly token: OcpiToken | null;
  readonly reason: string;
}

const refused = (status: TokenDecision['status']): TokenDecision => ({ status, expiresAt: null, groupId: null });

/**
 * One token's verdict from the local view alone. This build has no real-time authorization with the
 * eMSP, so the view is the only authority: whitelist ALWAYS, ALLOWED and ALLOWED_OFFLINE tokens are
 * accepted from it (OCPI lets a CPO use the list when the eMSP cannot be asked), NEVER tokens cannot be
 * authorized without the eMSP and are refused. A token the eMSP marked invalid is blocked.
 */
export function verdictOfToken(token: OcpiToken): TokenVerdict {
  if (!token.valid) return { decision: refused('Blocked'), token, reason: 'token is not valid' };
  switch (token.whitelist) {
    case 'ALWAYS':
    case 'ALLOWED':
    case 'ALLOWED_OFFLINE':
      return { decision: { status: 'Accepted', expiresAt: null, groupId: token.group_id ?? null }, token, reason: `whitelist ${token.whitelist}` };
    case 'NEVER':
      return { decision: refused('Invalid'), token, reason: 'whitelist NEVER needs real-time authorization by the eMSP' };
    default: {
      const unreachable: never = token.whitelist;
      return unreachable;
    }
  }
}

/**
 * Tokens of several eMSPs may share a uid: any one that authorizes wins; otherwise the first refusal in
 * party order, so the answer does not depend on the order the tokens arrived in.
 */
export function decideToken(candidates: readonly OcpiToken[], unknownTokens: UnknownTokenPolicy): TokenVerdict {
  if (candidates.length === 0) {
    switch (unknownTokens) {
      case 'reject':
        return { decision: refused('Invalid'), token: null, reason: 'unknown token' };
      case 'accept':
        return { decision: { status: 'Accepted', expiresAt: null, groupId: null }, token: null, reason: 'unknown token, free vend' };
      default: {
        const unreachable: never = unknownTokens;
        return unreachable;
      }
    }
  }
  const verdicts = [...candidates]
    .sort((a, b) => `${a.country_code}/${a.party_id}`.localeCompare(`${b.country_code}/${b.party_id}`))
    .map(verdictOfToken);
  const accepted = verdicts.find((verdict) => verdict.decision.status === 'Accepted');
  return accepted ?? (verdicts[0] as TokenVerdict);
}
