import type { PartnerStatus } from '../partners/partner.ts';

export type CredentialsMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export type CredentialsDecision = 'register' | 'update' | 'unregister' | 'show' | 'method-not-allowed';

/**
 * The credentials chapter's rules, for a caller whose token authenticated it (unregistered partners'
 * tokens are void, so they never get here): POST registers once, PUT and DELETE need a registration,
 * GET shows our credentials to anyone holding a live token.
 */
export function credentialsDecision(method: CredentialsMethod, status: Exclude<PartnerStatus, 'UNREGISTERED'>): CredentialsDecision {
  switch (method) {
    case 'GET':
      return 'show';
    case 'POST':
      return status === 'PENDING' ? 'register' : 'method-not-allowed';
    case 'PUT':
      return status === 'REGISTERED' ? 'update' : 'method-not-allowed';
    case 'DELETE':
      return status === 'REGISTERED' ? 'unregister' : 'method-not-allowed';
    default: {
      const unreachable: never = method;
      return unreachable;
    }
  }
}
