import type { OcpiPartner } from '../../core/events/generated-types.ts';
import type { BusinessDetails, CredentialsRole, OcpiRole, OcpiVersionId, Partner } from './partner.ts';

const versions: readonly OcpiVersionId[] = ['2.2.1', '2.1.1'];
const roles: readonly OcpiRole[] = ['CPO', 'EMSP', 'HUB', 'NAP', 'NSP', 'OTHER', 'SCSP'];

export function partnerToPayload(partner: Partner): OcpiPartner {
  return {
    id: partner.id,
    status: partner.status,
    incoming_token_hash: partner.incomingTokenHash,
    outgoing_token: partner.outgoingToken,
    versions_url: partner.versionsUrl,
    version: partner.version,
    endpoints: partner.endpoints.map((endpoint) => ({ ...endpoint })),
    roles: partner.roles.map((role) => ({
      role: role.role,
      country_code: role.country_code,
      party_id: role.party_id,
      business_details_json: JSON.stringify(role.business_details),
    })),
    created_at: partner.createdAt,
    updated_at: partner.updatedAt,
  };
}

/** Values outside today's enums (written by a newer build) read as unknown rather than failing the mirror. */
export function partnerFromPayload(payload: OcpiPartner): Partner {
  return {
    id: payload.id,
    status: payload.status,
    incomingTokenHash: payload.incoming_token_hash,
    outgoingToken: payload.outgoing_token,
    versionsUrl: payload.versions_url,
    version: versions.find((version) => version === payload.version) ?? null,
    endpoints: payload.endpoints.map((endpoint) => ({ ...endpoint })),
    roles: payload.roles.map(
      (role): CredentialsRole => ({
        role: roles.find((known) => known === role.role) ?? 'OTHER',
        country_code: role.country_code,
        party_id: role.party_id,
        business_details: JSON.parse(role.business_details_json) as BusinessDetails,
      }),
    ),
    createdAt: payload.created_at,
    updatedAt: payload.updated_at,
  };
}
