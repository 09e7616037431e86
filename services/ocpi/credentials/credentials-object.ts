import { z } from 'zod';
import type { OcpiConfig } from '../ocpi-config.ts';
import type { CredentialsRole, OcpiVersionId } from '../partners/partner.ts';
import { invalidOcpiObject } from '../transport/ocpi-status.ts';

/** A partner's credentials as we keep them, whichever version sent them. */
export interface PartnerCredentials {
  readonly token: string;
  readonly url: string;
  readonly roles: readonly CredentialsRole[];
}

const token = z.string().regex(/^[\x21-\x7e]{1,64}$/, 'printable ASCII without spaces, at most 64 characters');
const businessDetails = z.looseObject({
  name: z.string().min(1).max(100),
  website: z.string().optional(),
  logo: z.looseObject({ url: z.string(), thumbnail: z.string().optional(), category: z.string(), type: z.string(), width: z.number().optional(), height: z.number().optional() }).optional(),
});
const party = { party_id: z.string().length(3).transform((value) => value.toUpperCase()), country_code: z.string().length(2).transform((value) => value.toUpperCase()) };
const role = z.enum(['CPO', 'EMSP', 'HUB', 'NAP', 'NSP', 'OTHER', 'SCSP']);

const credentials221 = z.object({
  token,
  url: z.url(),
  roles: z.array(z.object({ role, business_details: businessDetails, ...party })).min(1),
});

/** 2.1.1 has one party per connection; its role is implied by the other side being a CPO. */
const credentials211 = z.object({ token, url: z.url(), business_details: businessDetails, ...party });

/** Parses a credentials object of this version; anything invalid is 2001 (HTTP 200: it is valid JSON). */
export function parseCredentials(version: OcpiVersionId, body: unknown): PartnerCredentials {
  const parsed = version === '2.2.1' ? credentials221.safeParse(body) : credentials211.safeParse(body);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`).join('; ');
    throw invalidOcpiObject(`invalid credentials object: ${problems}`);
  }
  const data = parsed.data;
  if ('roles' in data) return { token: data.token, url: data.url, roles: data.roles };
  return { token: data.token, url: data.url, roles: [{ role: 'EMSP', business_details: data.business_details, party_id: data.party_id, country_code: data.country_code }] };
}

/** Our credentials object in the shape of this version (2.1.1 carries our first CPO party only). */
export function ourCredentials(config: Pick<OcpiConfig, 'publicUrl' | 'cpoRoles'>, version: OcpiVersionId, tokenForPartner: string): unknown {
  const url = `${config.publicUrl}/ocpi/versions`;
  if (version === '2.2.1') return { token: tokenForPartner, url, roles: config.cpoRoles };
  const [first] = config.cpoRoles;
  if (first === undefined) throw new Error('the OCPI configuration has no CPO party');
  return { token: tokenForPartner, url, business_details: first.business_details, party_id: first.party_id, country_code: first.country_code };
}
