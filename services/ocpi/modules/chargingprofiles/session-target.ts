import { createHash } from 'node:crypto';
import type { OcpiLocation } from '../../../roaming/ocpi/location-object.ts';
import type { RunningSession } from '../commands/running-sessions.ts';
import { resolveTarget } from '../commands/command-target.ts';
import { partyKeyOf, type PartyKey } from '../paging/served-parties.ts';

/** Where a session's charging profile goes: the charger, the OCPP EVSE, the transaction, and the profile id it gets there. */
export interface SessionTarget {
  readonly chargerId: string;
  readonly evseId: number;
  readonly transactionId: string;
  readonly profileId: number;
}

export interface SessionTargetContext {
  /** The requesting partner's parties: an eMSP reaches only sessions of its own tokens. */
  readonly partnerParties: ReadonlySet<PartyKey>;
  /** Our CPO parties the request is addressed to (OCPI-to). */
  readonly ourParties: ReadonlySet<PartyKey>;
  sessionOf(sessionId: string): RunningSession | undefined;
  locationOf(owner: PartyKey, locationId: string): OcpiLocation | undefined;
}

export type SessionTargetResolution =
  | { readonly ok: true; readonly target: SessionTarget }
  | { readonly ok: false; readonly result: 'UNKNOWN_SESSION' | 'REJECTED'; readonly message: string };

/**
 * The charger's profile id for an eMSP's profile on a session: always the same for that session, so a
 * PUT replaces the profile the previous PUT set and a DELETE clears exactly it; the party is hashed in so
 * that parties cannot reach each other's profiles.
 */
export function chargerProfileId(party: PartyKey, sessionId: string): number {
  return createHash('sha256').update(`chargingprofile/${party}/${sessionId}`).digest().readUInt32BE(0) & 0x7fffffff;
}

/**
 * Finds the running session and the EVSE it charges on. A session of another eMSP is reported as unknown
 * (its existence is not the caller's business); a session whose EVSE is no longer in its Location is refused.
 */
export function resolveSessionTarget(sessionId: string, context: SessionTargetContext): SessionTargetResolution {
  const session = context.sessionOf(sessionId);
  const owner = session === undefined ? undefined : partyKeyOf(session.owner.country_code, session.owner.party_id);
  if (session === undefined || owner === undefined || !context.partnerParties.has(session.tokenParty) || !context.ourParties.has(owner)) {
    return { ok: false, result: 'UNKNOWN_SESSION', message: `no running session ${sessionId} of yours` };
  }
  const resolved = resolveTarget(context.locationOf(owner, session.locationId), session.evseUid, undefined);
  if (!resolved.ok || resolved.target.evseId === null || resolved.target.chargerId !== session.chargerId) {
    return { ok: false, result: 'REJECTED', message: `the EVSE of session ${sessionId} is not known` };
  }
  return {
    ok: true,
    target: { chargerId: session.chargerId, evseId: resolved.target.evseId, transactionId: session.transactionId, profileId: chargerProfileId(session.tokenParty, sessionId) },
  };
}
