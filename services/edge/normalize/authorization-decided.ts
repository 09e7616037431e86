import type { TokenDecision } from '../csms/token-decision.ts';
import type { AuthorizationDecided, IdToken } from './domain-events.ts';

/** The token answer the CSMS sent, once each version's idTagInfo/idTokenInfo is read as a TokenDecision. */
export function authorizationDecided(
  token: IdToken,
  decision: TokenDecision,
  requestedBy: AuthorizationDecided['requestedBy'],
  evseId: number | null,
  transactionId: string | null,
): AuthorizationDecided {
  return {
    type: 'AuthorizationDecided',
    idToken: token,
    requestedBy,
    evseId,
    status: decision.status,
    ocppStatus: decision.status,
    expiresAt: decision.expiresAt,
    groupId: decision.groupId,
    transactionId,
    // What the charger was answered says nothing of who decided: the CSMS handler adds the provenance.
    decidedBy: 'local',
    authorizationReference: null,
  };
}
