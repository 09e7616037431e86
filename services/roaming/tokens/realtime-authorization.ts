import { z } from 'zod';
import { countryCode, partyId, text } from '../ocpi/common-fields.ts';
import { tokenTypes } from '../ocpi/token-object.ts';

/**
 * Real-time authorization: the edge asks the OCPI service (`POST /api/ocpi/authorize` on its admin API,
 * over HTTP even when both run in one process, so there is one code path), which asks the token's eMSP
 * (`POST {tokens}/{uid}/authorize`). These schemas are that admin call's body and answer.
 */
export const allowedTypes = ['ALLOWED', 'BLOCKED', 'EXPIRED', 'NO_CREDIT', 'NOT_ALLOWED'] as const;
export type AllowedType = (typeof allowedTypes)[number];

export const realtimeAuthorizationRequest = z.strictObject({
  uid: text(36),
  type: z.enum(tokenTypes),
  /** The eMSP that issued the token; null for a token no list knows (every eMSP that can be asked is). */
  party: z.strictObject({ country_code: countryCode, party_id: partyId }).nullable(),
  /** Where the token was presented: the OCPI service turns it into LocationReferences. */
  charger_id: text(48),
  /** The eMSP's answer is awaited this long; after that the edge's fallback applies. */
  timeout_ms: z.number().int().positive().max(30_000),
});
export type RealtimeAuthorizationRequest = z.infer<typeof realtimeAuthorizationRequest>;

export const realtimeAnswer = z.discriminatedUnion('outcome', [
  z.strictObject({
    outcome: z.literal('answered'),
    allowed: z.enum(allowedTypes),
    authorization_reference: text(36).nullable(),
    /** The group_id of the Token the eMSP returned, when it has one. */
    group_id: text(36).nullable(),
  }),
  /** The eMSP does not know the token (HTTP 404 / 2004). */
  z.strictObject({ outcome: z.literal('unknown_token') }),
  /** No eMSP answered (down, too slow, no tokens endpoint, not registered). */
  z.strictObject({ outcome: z.literal('unreachable'), reason: z.string() }),
]);
export type RealtimeAnswer = z.infer<typeof realtimeAnswer>;

export interface RealtimeAuthorizer {
  /** Never rejects: a failure to get an answer is the `unreachable` outcome. */
  authorize(request: RealtimeAuthorizationRequest): Promise<RealtimeAnswer>;
}
