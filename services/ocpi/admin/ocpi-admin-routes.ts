import type { Request } from 'express';
import { z } from 'zod';
import type { Clock } from '../../core/clock.ts';
import { SwitchyardError } from '../../core/errors.ts';
import type { AdminRouteRegistrar } from '../../core/http/admin-api.ts';
import { ApiError } from '../../core/http/api-error.ts';
import type { JsonSchema, OpenApiParameter } from '../../core/http/openapi.ts';
import type { OcpiConfig } from '../ocpi-config.ts';
import { hashCredentialsToken, newCredentialsToken } from '../partners/credentials-token.ts';
import type { PartnerDirectory } from '../partners/partner-directory.ts';
import type { Partner } from '../partners/partner.ts';
import type { PartnerRegistration } from '../registration/partner-registration.ts';
import { OcpiError } from '../transport/ocpi-status.ts';
import { partnerView, partnerViewSchema } from './partner-view.ts';

export interface OcpiAdminRoutesDeps {
  readonly config: Pick<OcpiConfig, 'publicUrl'>;
  readonly clock: Clock;
  readonly directory: PartnerDirectory;
  readonly registration: PartnerRegistration;
  readonly newPartnerId: () => string;
  /** Push health of one partner (H4's push state), shown next to it. */
  readonly pushHealth: (partnerId: string) => unknown;
}

const json = (schema: JsonSchema) => ({ 'application/json': { schema } });
const idParameter: OpenApiParameter = { name: 'id', in: 'path', required: true, description: 'Partner id', schema: { type: 'string' } };
const registrationBody = z.object({ versions_url: z.url({ protocol: /^https?$/ }), token: z.string().regex(/^[\x21-\x7e]{1,64}$/) });
const partnerFailure = { '502': { description: 'The partner refused or could not be used (OCPI status 3001/3002/3003 or its own error)' } };

/** Partners and registrations on the admin API under /api/ocpi. */
export function registerOcpiAdminRoutes(admin: AdminRouteRegistrar, deps: OcpiAdminRoutesDeps): void {
  const { directory, clock } = deps;
  const view = (partner: Partner) => partnerView(partner, deps.pushHealth(partner.id));
  const found = (request: Request): Partner => {
    const id = request.params['id'];
    const partner = typeof id === 'string' ? directory.byId(id) : undefined;
    if (partner === undefined) throw new ApiError(404, 'unknown_partner', `no OCPI partner ${String(id)}`);
    return partner;
  };

  admin.register({
    method: 'post',
    path: '/ocpi/token-a',
    operation: {
      operationId: 'issueOcpiTokenA',
      summary: 'Issue a token A: a new partner registers with it at our versions URL',
      description: 'The token is shown once; only its hash is stored. It works on versions and credentials until the partner registers, then it is void.',
      tags: ['ocpi'],
      responses: {
        '201': {
          description: 'The pending partner and its token A',
          content: json({ type: 'object', properties: { partner_id: { type: 'string' }, token: { type: 'string' }, versions_url: { type: 'string' } } }),
        },
      },
    },
    handler: async (_request, response) => {
      const token = newCredentialsToken();
      const now = clock.now();
      const partner: Partner = {
        id: deps.newPartnerId(),
        status: 'PENDING',
        incomingTokenHash: hashCredentialsToken(token),
        outgoingToken: null,
        versionsUrl: null,
        version: null,
        endpoints: [],
        roles: [],
        createdAt: now,
        updatedAt: now,
      };
      await directory.put(partner);
      response.status(201).json({ partner_id: partner.id, token, versions_url: `${deps.config.publicUrl}/ocpi/versions` });
    },
  });

  admin.register({
    method: 'post',
    path: '/ocpi/registrations',
    operation: {
      operationId: 'registerWithOcpiPartner',
      summary: 'Register with a partner from its versions URL and the token A it gave us',
      description: 'Reads its versions (2.2.1, else 2.1.1) and details, POSTs our credentials with a new token, and stores the token it answers.',
      tags: ['ocpi'],
      requestBody: {
        required: true,
        content: json({ type: 'object', required: ['versions_url', 'token'], properties: { versions_url: { type: 'string', format: 'uri' }, token: { type: 'string' } } }),
      },
      responses: { '201': { description: 'Registered', content: json(partnerViewSchema) }, '400': { description: 'Invalid body' }, ...partnerFailure },
    },
    handler: async (request, response) => {
      const body = registrationBody.safeParse(request.body);
      if (!body.success) throw new ApiError(400, 'invalid_registration', body.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '));
      const partner = await partnerCall(() => deps.registration.register({ versionsUrl: body.data.versions_url, token: body.data.token }));
      response.status(201).json(view(partner));
    },
  });

  admin.register({
    method: 'get',
    path: '/ocpi/partners',
    operation: {
      operationId: 'listOcpiPartners',
      summary: 'Every OCPI partner: status, version, roles, endpoints and push health (never tokens)',
      tags: ['ocpi'],
      responses: { '200': { description: 'Partners, oldest first', content: json({ type: 'array', items: partnerViewSchema }) } },
    },
    handler: (_request, response) => {
      response.json(directory.list().map(view));
    },
  });

  admin.register({
    method: 'get',
    path: '/ocpi/partners/{id}',
    operation: {
      operationId: 'getOcpiPartner',
      summary: 'One OCPI partner',
      tags: ['ocpi'],
      parameters: [idParameter],
      responses: { '200': { description: 'The partner', content: json(partnerViewSchema) }, '404': { description: 'Unknown' } },
    },
    handler: (request, response) => {
      response.json(view(found(request)));
    },
  });

  admin.register({
    method: 'delete',
    path: '/ocpi/partners/{id}',
    operation: {
      operationId: 'unregisterOcpiPartner',
      summary: 'Unregister: DELETE on the partner\'s credentials (best effort), then its tokens are void',
      tags: ['ocpi'],
      parameters: [idParameter],
      responses: {
        '200': {
          description: 'Unregistered; `remote` says whether the partner acknowledged',
          content: json({ type: 'object', properties: { partner: partnerViewSchema, remote: { type: 'object', properties: { kind: { type: 'string', enum: ['acknowledged', 'skipped', 'failed'] }, reason: { type: 'string' } } } } }),
        },
        '404': { description: 'Unknown' },
      },
    },
    handler: async (request, response) => {
      const { partner, remote } = await deps.registration.unregister(found(request));
      response.json({ partner: view(partner), remote });
    },
  });

  admin.register({
    method: 'post',
    path: '/ocpi/partners/{id}/rotate',
    operation: {
      operationId: 'rotateOcpiPartnerToken',
      summary: 'Rotate: a new token for the partner to call us with, sent by PUT on its credentials',
      tags: ['ocpi'],
      parameters: [idParameter],
      responses: { '200': { description: 'Rotated', content: json(partnerViewSchema) }, '404': { description: 'Unknown' }, '409': { description: 'Not registered' }, ...partnerFailure },
    },
    handler: async (request, response) => {
      const partner = found(request);
      if (partner.status !== 'REGISTERED') throw new ApiError(409, 'partner_not_registered', `partner ${partner.id} is ${partner.status}`);
      response.json(view(await partnerCall(() => deps.registration.rotate(partner))));
    },
  });
}

/** A partner that refuses, fails or cannot be reached is a bad gateway for the operator, with the reason. */
async function partnerCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof OcpiError) throw new ApiError(502, `ocpi_${error.ocpiStatusCode}`, error.message);
    if (error instanceof SwitchyardError && error.code.startsWith('ocpi.partner-')) throw new ApiError(502, error.code, error.message);
    throw error;
  }
}
