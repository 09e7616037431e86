import { problemsOf } from '../../../roaming/ocpi/common-fields.ts';
import { tokenObject, tokenTypes, type OcpiToken, type TokenType } from '../../../roaming/ocpi/token-object.ts';
import type { Partner } from '../../partners/partner.ts';
import { invalidOcpiObject, OcpiError, ocpiStatus } from '../../transport/ocpi-status.ts';
import { partnerParties, partyKeyOf } from '../paging/served-parties.ts';

/** `/tokens/{country_code}/{party_id}/{token_uid}[?type=]` as the request names it. */
export interface TokenAddress {
  readonly countryCode: string;
  readonly partyId: string;
  readonly uid: string;
  /** RFID when the query leaves it out. */
  readonly type: TokenType;
}

export function tokenAddressOf(params: { readonly countryCode: string; readonly partyId: string; readonly uid: string }, typeQuery: unknown): TokenAddress {
  const type = typeQuery === undefined ? 'RFID' : typeQuery;
  if (!tokenTypes.some((known) => known === type)) {
    throw new OcpiError(ocpiStatus.invalidOrMissingParameters, 400, `type must be one of ${tokenTypes.join(', ')}`);
  }
  return {
    countryCode: params.countryCode.toUpperCase(),
    partyId: params.partyId.toUpperCase(),
    uid: params.uid,
    type: type as TokenType,
  };
}

/**
 * Tokens are owned by the eMSP: a partner reads and writes only the tokens of the parties it registered
 * with. Other parties' tokens answer 404, as the transport chapter allows, so they cannot be probed.
 */
export function assertOwnParty(partner: Partner, address: TokenAddress): void {
  if (!partnerParties(partner).has(partyKeyOf(address.countryCode, address.partyId))) {
    throw new OcpiError(ocpiStatus.genericClientError, 404, `party ${address.countryCode}/${address.partyId} is not one of this partner's parties`);
  }
}

/** The stored token the address names; the type must match as well as the uid (OCPI keys tokens by both). */
export function storedToken(found: OcpiToken | undefined, address: TokenAddress): OcpiToken {
  if (found === undefined || found.type !== address.type) {
    throw new OcpiError(ocpiStatus.unknownToken, 404, `unknown token ${address.type} ${address.uid}`);
  }
  return found;
}


function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The URL and the object must name the same token (transport chapter: 2001 otherwise). */
function assertSameToken(token: Pick<OcpiToken, 'country_code' | 'party_id' | 'uid' | 'type'>, address: TokenAddress): void {
  const mismatches = [
    token.country_code.toUpperCase() === address.countryCode ? null : 'country_code',
    token.party_id.toUpperCase() === address.partyId ? null : 'party_id',
    token.uid === address.uid ? null : 'uid',
    token.type === address.type ? null : 'type',
  ].filter((field) => field !== null);
  if (mismatches.length > 0) throw invalidOcpiObject(`the URL and the token differ in ${mismatches.join(', ')}`);
}

function validToken(candidate: unknown): OcpiToken {
  const parsed = tokenObject.safeParse(candidate);
  if (!parsed.success) throw invalidOcpiObject(problemsOf(parsed.error).join('; '));
  const { last_updated: lastUpdated } = parsed.data;
  // The eMSP owns the token and its last_updated, which the CPO keeps as sent.
  if (lastUpdated === undefined) throw invalidOcpiObject('last_updated: required');
  return { ...parsed.data, last_updated: lastUpdated };
}

/** PUT: the whole Token object, new or replacing the stored one. */
export function tokenFromPut(address: TokenAddress, body: unknown): OcpiToken {
  const token = validToken(body);
  assertSameToken(token, address);
  return token;
}

/** PATCH: the fields given replace the stored ones; last_updated is required, the identity may not change. */
export function tokenFromPatch(address: TokenAddress, stored: OcpiToken, body: unknown): OcpiToken {
  if (!isObject(body)) throw invalidOcpiObject('the body must be a (partial) Token object');
  if (body['last_updated'] === undefined) throw invalidOcpiObject('last_updated: required in every PATCH');
  const merged = validToken({ ...stored, ...body });
  assertSameToken(merged, address);
  return merged;
}
