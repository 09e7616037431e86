import type { AuthorizationSource, AuthorizationStatus } from '../normalize/domain-events.ts';

/** What the token lookup port answered for one id token; the caller resolves it before deciding. */
export interface TokenDecision {
  readonly status: AuthorizationStatus;
  readonly expiresAt: number | null;
  readonly groupId: string | null;
  /** Set when an eMSP was asked in real time; absent when the local list alone decided. */
  readonly provenance?: TokenProvenance;
}

export interface TokenProvenance {
  readonly decidedBy: AuthorizationSource;
  readonly authorizationReference: string | null;
}

export type IdTagInfo16 = { status: 'Accepted' | 'Blocked' | 'Expired' | 'Invalid' | 'ConcurrentTx'; expiryDate?: string; parentIdTag?: string };

export type IdTokenInfo201 = {
  status: AuthorizationStatus;
  cacheExpiryDateTime?: string;
  groupIdToken?: { idToken: string; type: 'Central' };
};

/** 1.6 knows five statuses; the finer 2.0.1 refusals all read as Invalid to a 1.6 charger. */
function statusFor16(status: AuthorizationStatus): IdTagInfo16['status'] {
  switch (status) {
    case 'Accepted':
    case 'Blocked':
    case 'Expired':
    case 'Invalid':
    case 'ConcurrentTx':
      return status;
    case 'NoCredit':
    case 'NotAllowedTypeEVSE':
    case 'NotAtThisLocation':
    case 'NotAtThisTime':
    case 'Unknown':
      return 'Invalid';
    default: {
      const unreachable: never = status;
      return unreachable;
    }
  }
}

/** 1.6 caps parentIdTag at 20 characters (IdToken = CiString20); a longer group id is not sent. */
const maxIdTag16Length = 20;

export function toIdTagInfo(decision: TokenDecision): IdTagInfo16 {
  return {
    status: statusFor16(decision.status),
    ...(decision.expiresAt === null ? {} : { expiryDate: new Date(decision.expiresAt).toISOString() }),
    ...(decision.groupId === null || decision.groupId.length > maxIdTag16Length ? {} : { parentIdTag: decision.groupId }),
  };
}

/** 2.0.1 caps IdToken at 36 characters. */
const maxIdToken201Length = 36;

export function toIdTokenInfo(decision: TokenDecision): IdTokenInfo201 {
  return {
    status: decision.status,
    ...(decision.expiresAt === null ? {} : { cacheExpiryDateTime: new Date(decision.expiresAt).toISOString() }),
    ...(decision.groupId === null || decision.groupId.length > maxIdToken201Length
      ? {}
      : { groupIdToken: { idToken: decision.groupId, type: 'Central' } }),
  };
}
