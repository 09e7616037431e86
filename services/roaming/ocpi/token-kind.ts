import { problemsOf } from './common-fields.ts';
import { bodySchemaOf, isoOf, ownerOf, type RoamingKind } from './roaming-kind.ts';
import { tokenObject, type OcpiToken } from './token-object.ts';

export const tokenKind: RoamingKind<'switchyard.tokens', OcpiToken> = {
  topic: 'switchyard.tokens',
  singular: 'token',
  plural: 'tokens',
  idField: 'uid',
  bodySchema: bodySchemaOf(tokenObject),
  idOf: (token) => token.uid,
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
