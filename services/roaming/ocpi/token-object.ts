import { z } from 'zod';
import { countryCode, dateTime, partyId, text } from './common-fields.ts';

export const tokenTypes = ['AD_HOC_USER', 'APP_USER', 'OTHER', 'RFID'] as const;
export type TokenType = (typeof tokenTypes)[number];
export const whitelistTypes = ['ALWAYS', 'ALLOWED', 'ALLOWED_OFFLINE', 'NEVER'] as const;
export type WhitelistType = (typeof whitelistTypes)[number];

/** The OCPI 2.2.1 Token object (module Tokens, object table 12.3.2). */
export const tokenObject = z.strictObject({
  country_code: countryCode,
  party_id: partyId,
  uid: text(36),
  type: z.enum(tokenTypes),
  contract_id: text(36),
  visual_number: text(64).optional(),
  issuer: text(64),
  group_id: text(36).optional(),
  valid: z.boolean(),
  whitelist: z.enum(whitelistTypes),
  language: z.string().length(2, 'expected an ISO 639-1 language code').optional(),
  default_profile_type: z.enum(['CHEAP', 'FAST', 'GREEN', 'REGULAR']).optional(),
  energy_contract: z.strictObject({ supplier_name: text(64), contract_id: text(64).optional() }).optional(),
  last_updated: dateTime.optional(),
});

export type OcpiToken = z.infer<typeof tokenObject> & { readonly last_updated: string };
