import type { CredentialsRole, Partner } from '../../partners/partner.ts';
import { OcpiError, ocpiStatus } from '../../transport/ocpi-status.ts';

/** `country_code/party_id` in upper case (both are CiStrings), the prefix of every roaming record key. */
export type PartyKey = string;

export function partyKeyOf(countryCode: string, partyId: string): PartyKey {
  return `${countryCode.toUpperCase()}/${partyId.toUpperCase()}`;
}

/**
 * The CPO parties a functional request is for: the one its OCPI-to-country-code / OCPI-to-party-id
 * headers name, or all of ours when it names none (a peer-to-peer client need not send them). A party we
 * do not serve is refused with 404, as the transport chapter allows for parties outside the handshake.
 */
export function requestedCpoParties(
  headers: { readonly toCountryCode: string | undefined; readonly toPartyId: string | undefined },
  cpoRoles: readonly CredentialsRole[],
): ReadonlySet<PartyKey> {
  const ours = new Set(cpoRoles.map((role) => partyKeyOf(role.country_code, role.party_id)));
  const { toCountryCode, toPartyId } = headers;
  if (toCountryCode === undefined && toPartyId === undefined) return ours;
  if (toCountryCode === undefined || toPartyId === undefined) {
    throw new OcpiError(ocpiStatus.invalidOrMissingParameters, 400, 'OCPI-to-country-code and OCPI-to-party-id go together');
  }
  const named = partyKeyOf(toCountryCode, toPartyId);
  if (!ours.has(named)) throw new OcpiError(ocpiStatus.genericClientError, 404, `party ${named} is not served here`);
  return new Set([named]);
}

/** The parties a partner acts for (an eMSP with two party ids sees the sessions and CDRs of both). */
export function partnerParties(partner: Partner): ReadonlySet<PartyKey> {
  return new Set(partner.roles.map((role) => partyKeyOf(role.country_code, role.party_id)));
}
