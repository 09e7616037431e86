import type { TokenDecision } from '../../edge/csms/token-decision.ts';
import type { AuthorizationStatus } from '../../edge/normalize/domain-events.ts';
import type { OcpiToken } from '../ocpi/token-object.ts';
import type { AllowedType, RealtimeAnswer } from './realtime-authorization.ts';

/**
 * What happens to a token no local list knows: refused (default), free vend, or asked of every eMSP that
 * offers real-time authorization (`realtime`; refused when none knows it or none answers in time).
 */
export type UnknownTokenPolicy = 'reject' | 'accept' | 'realtime';

/** What a token that needs its eMSP's word gets when the eMSP does not answer in time (whitelist NEVER). */
export type RealtimeFallback = 'reject' | 'accept';

export interface TokenVerdict {
  readonly decision: TokenDecision;
  /** The token the verdict rests on, null for an unknown token. */
  readonly token: OcpiToken | null;
  readonly reason: string;
}

/**
 * Either the list decides alone, or the token's eMSP is asked (for an unknown token under the `realtime`
 * policy: every eMSP) and `whenUnreachable` stands if it does not answer.
 */
export type TokenPlan =
  | { readonly kind: 'decided'; readonly verdict: TokenVerdict }
  | { readonly kind: 'ask'; readonly token: OcpiToken | null; readonly whenUnreachable: TokenVerdict };

const refused = (status: TokenDecision['status']): TokenDecision => ({ status, expiresAt: null, groupId: null });

const accepted = (token: OcpiToken): TokenDecision => ({ status: 'Accepted', expiresAt: null, groupId: token.group_id ?? null });

/** The list's own verdict on a token, as used when the eMSP is not (or cannot be) asked. */
function listVerdict(token: OcpiToken, fallback: RealtimeFallback): TokenVerdict {
  if (!token.valid) return { decision: refused('Blocked'), token, reason: 'token is not valid' };
  if (token.whitelist === 'NEVER' && fallback === 'reject') {
    return { decision: refused('Invalid'), token, reason: 'whitelist NEVER needs real-time authorization by the eMSP' };
  }
  return { decision: accepted(token), token, reason: `whitelist ${token.whitelist}` };
}

/**
 * One token's plan. Whitelist ALWAYS: the list alone (real-time authorization is not allowed). ALLOWED:
 * the eMSP is asked, the list stands when it does not answer. ALLOWED_OFFLINE: the eMSP is asked, and the
 * token may charge when it does not answer. NEVER: the eMSP is asked, and the configured fallback stands
 * when it does not answer. An invalid token is asked about too (its state may have changed, says the
 * spec), and stays blocked without an answer.
 */
function planOfToken(token: OcpiToken, fallback: RealtimeFallback): TokenPlan {
  switch (token.whitelist) {
    case 'ALWAYS':
      return { kind: 'decided', verdict: listVerdict(token, fallback) };
    case 'ALLOWED':
    case 'ALLOWED_OFFLINE':
    case 'NEVER':
      return { kind: 'ask', token, whenUnreachable: listVerdict(token, fallback) };
    default: {
      const unreachable: never = token.whitelist;
      return unreachable;
    }
  }
}

const orderKeyOf = (token: OcpiToken): string => `${token.country_code}/${token.party_id}/${token.type === 'RFID' ? '0' : '1'}${token.type}`;

/**
 * Tokens of several eMSPs, or of one eMSP's several token types, may share a uid: one the list accepts
 * without asking (valid, whitelist ALWAYS) wins; otherwise the first in order the eMSP is asked about;
 * otherwise the first in order. The order is by party, then an RFID card before the party's other types
 * (a uid shown to a charger is most often a card's), then by type. So the answer does not depend on the
 * order the tokens arrived in, and the projectors, which name the token's eMSP in Sessions and CDRs, pick
 * the token the edge's decision rested on.
 */
export function decidingToken(candidates: readonly OcpiToken[]): OcpiToken | undefined {
  const inOrder = [...candidates].sort((a, b) => orderKeyOf(a).localeCompare(orderKeyOf(b)));
  return (
    inOrder.find((token) => token.whitelist === 'ALWAYS' && token.valid) ??
    inOrder.find((token) => token.whitelist !== 'ALWAYS') ??
    inOrder[0]
  );
}

export function planToken(candidates: readonly OcpiToken[], unknownTokens: UnknownTokenPolicy, fallback: RealtimeFallback): TokenPlan {
  const token = decidingToken(candidates);
  if (token === undefined) {
    switch (unknownTokens) {
      case 'reject':
        return { kind: 'decided', verdict: { decision: refused('Invalid'), token: null, reason: 'unknown token' } };
      case 'accept':
        return { kind: 'decided', verdict: { decision: { status: 'Accepted', expiresAt: null, groupId: null }, token: null, reason: 'unknown token, free vend' } };
      case 'realtime':
        return { kind: 'ask', token: null, whenUnreachable: { decision: refused('Invalid'), token: null, reason: 'unknown token, no eMSP answered' } };
      default: {
        const unreachable: never = unknownTokens;
        return unreachable;
      }
    }
  }
  return planOfToken(token, fallback);
}

const statusOfAllowed: Readonly<Record<AllowedType, AuthorizationStatus>> = {
  ALLOWED: 'Accepted',
  BLOCKED: 'Blocked',
  EXPIRED: 'Expired',
  NO_CREDIT: 'NoCredit',
  NOT_ALLOWED: 'NotAtThisLocation',
};

/** The verdict once the eMSP was asked: its answer, or the plan's fallback when it gave none. */
export function verdictOfAnswer(plan: Extract<TokenPlan, { kind: 'ask' }>, answer: RealtimeAnswer): TokenVerdict {
  switch (answer.outcome) {
    case 'answered':
      return {
        decision: {
          status: statusOfAllowed[answer.allowed],
          expiresAt: null,
          groupId: answer.group_id ?? plan.token?.group_id ?? null,
          provenance: { decidedBy: 'emsp', authorizationReference: answer.authorization_reference },
        },
        token: plan.token,
        reason: `the eMSP answered ${answer.allowed}`,
      };
    case 'unknown_token':
      return { decision: { ...refused('Invalid'), provenance: { decidedBy: 'emsp', authorizationReference: null } }, token: plan.token, reason: 'the eMSP does not know the token' };
    case 'unreachable':
      return {
        decision: { ...plan.whenUnreachable.decision, provenance: { decidedBy: 'emsp_unreachable', authorizationReference: null } },
        token: plan.token,
        reason: `${plan.whenUnreachable.reason} (${answer.reason})`,
      };
    default: {
      const unreachable: never = answer;
      return unreachable;
    }
  }
}
