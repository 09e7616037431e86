import type { CommandGrant } from '../../core/events/generated-types.ts';
import type { RealtimeAnswer } from '../../roaming/tokens/realtime-authorization.ts';
import { isLive } from '../state/expiry.ts';

/** A token an eMSP sent in a START_SESSION or RESERVE_NOW, and the charger the command went to. */
export interface GrantedToken {
  readonly uid: string;
  readonly type: string;
  readonly chargerId: string;
  readonly authorizationReference: string | null;
  readonly groupId: string | null;
}

/** What a real-time question is about: a token at a charger. */
export interface TokenAtCharger {
  readonly uid: string;
  readonly type: string;
  readonly charger_id: string;
}

/**
 * The eMSP authorized a command's token itself: when the charger asks about it (OCPP Authorize,
 * StartTransaction) within the window, it is ALLOWED with the command's authorization_reference without
 * asking the eMSP again. One grant per token and charger; a newer command replaces it.
 */
export const grantKeyOf = (question: TokenAtCharger): string => `${question.charger_id}/${question.type}/${question.uid}`;

export function commandGrant(token: GrantedToken, at: number, windowMs: number): CommandGrant {
  return {
    charger_id: token.chargerId,
    uid: token.uid,
    type: token.type,
    authorization_reference: token.authorizationReference,
    group_id: token.groupId,
    granted_at: at,
    expires_at: at + windowMs,
  };
}

/** The answer a grant gives, or undefined when there is none (any more). */
export function answerFromGrant(grant: CommandGrant | undefined, now: number): RealtimeAnswer | undefined {
  if (grant === undefined || !isLive(grant, now)) return undefined;
  return { outcome: 'answered', allowed: 'ALLOWED', authorization_reference: grant.authorization_reference, group_id: grant.group_id };
}
