import type { AdminRouteRegistrar } from '../../core/http/admin-api.ts';
import { ApiError } from '../../core/http/api-error.ts';
import { bodySchemaOf } from '../../roaming/ocpi/roaming-kind.ts';
import { realtimeAnswer, realtimeAuthorizationRequest, type RealtimeAuthorizer } from '../../roaming/tokens/realtime-authorization.ts';

/**
 * `POST /api/ocpi/authorize`: the edge's way to the eMSPs. It is an admin route, so the edge reaches it the
 * same way whether the OCPI service runs in its process (loopback) or elsewhere (SWITCHYARD_EDGE_REALTIME_AUTH_URL).
 */
export function registerAuthorizeRoute(admin: AdminRouteRegistrar, deps: { readonly authorizer: RealtimeAuthorizer }): void {
  admin.register({
    method: 'post',
    path: '/ocpi/authorize',
    operation: {
      operationId: 'authorizeOcpiToken',
      summary: 'Real-time authorization of a token by its eMSP (used by the edge for Authorize)',
      description:
        'Asks the eMSP of the given party (POST {tokens}/{uid}/authorize with the Location of the charger), or every registered eMSP ' +
        'with a tokens endpoint when party is null. Always 200: an eMSP that cannot be reached in timeout_ms is the outcome `unreachable`.',
      tags: ['ocpi'],
      requestBody: { required: true, content: { 'application/json': { schema: bodySchemaOf(realtimeAuthorizationRequest) } } },
      responses: {
        '200': { description: 'The eMSP\'s answer, unknown_token, or unreachable', content: { 'application/json': { schema: bodySchemaOf(realtimeAnswer) } } },
        '400': { description: 'Invalid body' },
      },
    },
    handler: async (request, response) => {
      const parsed = realtimeAuthorizationRequest.safeParse(request.body);
      if (!parsed.success) throw new ApiError(400, 'invalid_authorization_request', parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '));
      response.json(await deps.authorizer.authorize(parsed.data));
    },
  });
}
