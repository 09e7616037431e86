import type { PartyRef } from '../../../core/events/generated-types.ts';
import type { PartnerRequest } from '../../client/partner-client.ts';

/** Reads a request header by name (express's `request.get`). */
export type HeaderOf = (name: string) => string | undefined;

/**
 * The routing headers of the CommandResult POST, a request to the eMSP's commands module (functional, so
 * routed; a hub needs them to find the eMSP): from the CPO party the command was sent to, to the party that
 * sent it, as the command request's OCPI-to / OCPI-from headers named them. A peer-to-peer request without
 * them gets our first party and the partner's first one.
 */
export function commandResultRouting(headerOf: HeaderOf, fallback: { readonly ours: PartyRef | undefined; readonly theirs: PartyRef | null }): PartnerRequest['routing'] {
  const ours = namedParty(headerOf('OCPI-to-country-code'), headerOf('OCPI-to-party-id')) ?? fallback.ours;
  const theirs = namedParty(headerOf('OCPI-from-country-code'), headerOf('OCPI-from-party-id')) ?? fallback.theirs;
  if (ours === undefined || theirs === null) return undefined;
  return { from: { countryCode: ours.country_code, partyId: ours.party_id }, to: { countryCode: theirs.country_code, partyId: theirs.party_id } };
}

function namedParty(countryCode: string | undefined, partyId: string | undefined): PartyRef | null {
  return countryCode === undefined || countryCode === '' || partyId === undefined || partyId === '' ? null : { country_code: countryCode, party_id: partyId };
}
