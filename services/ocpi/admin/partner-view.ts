import type { Partner } from '../partners/partner.ts';
import { partnerPushHealthSchema } from '../push/push-health.ts';

/** A partner as the admin API shows it: everything but tokens and token hashes. */
export function partnerView(partner: Partner, push: unknown) {
  return {
    id: partner.id,
    status: partner.status,
    version: partner.version,
    versions_url: partner.versionsUrl,
    roles: partner.roles,
    endpoints: partner.endpoints,
    created_at: new Date(partner.createdAt).toISOString(),
    updated_at: new Date(partner.updatedAt).toISOString(),
    push,
  };
}

export const partnerViewSchema = {
  type: 'object',
  required: ['id', 'status', 'version', 'versions_url', 'roles', 'endpoints', 'created_at', 'updated_at'],
  properties: {
    id: { type: 'string' },
    status: { type: 'string', enum: ['PENDING', 'REGISTERED', 'UNREGISTERED'] },
    version: { type: ['string', 'null'], enum: ['2.2.1', '2.1.1', null] },
    versions_url: { type: ['string', 'null'] },
    roles: { type: 'array', items: { type: 'object', description: 'OCPI CredentialsRole' } },
    endpoints: {
      type: 'array',
      items: { type: 'object', properties: { identifier: { type: 'string' }, role: { type: 'string', enum: ['SENDER', 'RECEIVER'] }, url: { type: 'string' } } },
    },
    created_at: { type: 'string', format: 'date-time' },
    updated_at: { type: 'string', format: 'date-time' },
    push: partnerPushHealthSchema,
  },
} as const;
