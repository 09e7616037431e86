import type { PartyRef } from '../../core/events/generated-types.ts';
import { problemsOf } from './common-fields.ts';
import { bodySchemaOf, isoOf, ownerOf, roamingKey, type RoamingKind } from './roaming-kind.ts';
import { tokenObject, tokenTypes, type OcpiToken, type TokenType } from './token-object.ts';

/**
 * OCPI names a token by its party, uid and type, so an eMSP's RFID card and app user may share a uid:
 * country_code/party_id/uid/type. Records written before the type was part of the key (country_code/
 * party_id/uid) still read: the value carries the type, and the store tombstones the old key when it
 * next writes that token.
 */
export function tokenKey(owner: PartyRef, uid: string, type: TokenType): string {
  return `${roamingKey(owner, uid)}/${type}`;
}

export const tokenKeyOf = (token: OcpiToken): string => tokenKey(ownerOf(token), token.uid, token.type);

export const tokenKind: RoamingKind<'switchyard.tokens', OcpiToken> = {
  topic: 'switchyard.tokens',
  singular: 'token',
  plural: 'tokens',
  idField: 'uid',
  bodySchema: bodySchemaOf(tokenObject),
  idOf: (token) => token.uid,
  keyOf: tokenKeyOf,
  qualifier: {
    field: 'type',
    values: tokenTypes,
    defaultValue: 'RFID',
    description: 'The token type: a uid may name tokens of several types (OCPI names a token by uid and type)',
    of: (token) => token.type,
  },
  accept(body, at) {
    const parsed = tokenObject.safeParse(body);
    if (!parsed.success) return { ok: false, problems: problemsOf(parsed.error) };
    return { ok: true, object: { ...parsed.data, last_updated: isoOf(at) } };
  },
  toPayload: (token) => ({
    owner: ownerOf(token),
    uid: token.uid,
    type: token.type,
    contract_id: token.contract_id,
    visual_number: token.visual_number ?? null,
    issuer: token.issuer,
    group_id: token.group_id ?? null,
    valid: token.valid,
    whitelist: token.whitelist,
    last_updated: Date.parse(token.last_updated),
    object_json: JSON.stringify(token),
  }),
  fromPayload: (payload) => JSON.parse(payload.object_json) as OcpiToken,
};
