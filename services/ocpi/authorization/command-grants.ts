import type { RealtimeAnswer } from '../../roaming/tokens/realtime-authorization.ts';

export interface CommandGrant {
  readonly uid: string;
  readonly type: string;
  readonly chargerId: string;
  readonly authorizationReference: string | null;
  readonly groupId: string | null;
}

/**
 * Tokens an eMSP just sent in a START_SESSION or RESERVE_NOW: it authorized them itself, so when the
 * charger asks about them (OCPP Authorize, StartTransaction) within the window, they are ALLOWED with the
 * command's authorization_reference without asking the eMSP again. Kept in memory, per charger.
 */
export class CommandGrants {
  private readonly grants = new Map<string, { readonly until: number; readonly grant: CommandGrant }>();

  constructor(private readonly windowMs: number) {}

  granted(grant: CommandGrant, at: number): void {
    for (const [key, entry] of this.grants) if (entry.until <= at) this.grants.delete(key);
    this.grants.set(keyOf(grant.uid, grant.type, grant.chargerId), { until: at + this.windowMs, grant });
  }

  /** The answer a grant gives, or undefined when there is none (any more). */
  answerFor(request: { readonly uid: string; readonly type: string; readonly charger_id: string }, now: number): RealtimeAnswer | undefined {
    const entry = this.grants.get(keyOf(request.uid, request.type, request.charger_id));
    if (entry === undefined || entry.until <= now) return undefined;
    return { outcome: 'answered', allowed: 'ALLOWED', authorization_reference: entry.grant.authorizationReference, group_id: entry.grant.groupId };
  }
}

const keyOf = (uid: string, type: string, chargerId: string): string => JSON.stringify([uid, type, chargerId]);
