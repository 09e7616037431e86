import type { OcpiLocation } from '../../roaming/ocpi/location-object.ts';
import type { RealtimeAnswer, RealtimeAuthorizationRequest, RealtimeAuthorizer } from '../../roaming/tokens/realtime-authorization.ts';
import type { PartnerClient } from '../client/partner-client.ts';
import type { OcpiConfig } from '../ocpi-config.ts';
import type { CommandGrantStore } from './command-grant-store.ts';
import type { Partner } from '../partners/partner.ts';
import type { PartnerDirectory } from '../partners/partner-directory.ts';
import { answerOfAuthorize, combineAnswers, locationReferencesOf } from './emsp-authorization.ts';

export interface RealtimeAuthorizationDeps {
  readonly client: PartnerClient;
  readonly directory: Pick<PartnerDirectory, 'byParty' | 'list'>;
  readonly locations: { list(): OcpiLocation[] };
  readonly config: Pick<OcpiConfig, 'cpoRoles'>;
  readonly grants: Pick<CommandGrantStore, 'answerFor'>;
}

/** The eMSP's tokens SENDER endpoint (2.1.1 endpoints carry no role). */
function tokensEndpointOf(partner: Partner): string | undefined {
  return partner.endpoints.find((endpoint) => endpoint.identifier === 'tokens' && (endpoint.role === 'SENDER' || partner.version === '2.1.1'))?.url;
}

/**
 * Real-time authorization on the OCPI side: a token a START_SESSION / RESERVE_NOW just brought to this
 * charger is allowed from its grant; otherwise the token's eMSP is asked (`POST {tokens}/{uid}/authorize?type=`
 * with the Location and EVSEs of the charger when a Location names it), or every registered eMSP with a
 * tokens endpoint for a token nobody published.
 */
export function createRealtimeAuthorization(deps: RealtimeAuthorizationDeps): RealtimeAuthorizer {
  const askOne = async (partner: Partner, request: RealtimeAuthorizationRequest): Promise<RealtimeAnswer> => {
    const endpoint = tokensEndpointOf(partner);
    if (endpoint === undefined) return { outcome: 'unreachable', reason: `partner ${partner.id} has no tokens endpoint` };
    const where = locationReferencesOf(deps.locations.list(), request.charger_id);
    const ours = deps.config.cpoRoles[0];
    try {
      const response = await deps.client.send(partner, {
        method: 'POST',
        url: `${endpoint.replace(/\/+$/, '')}/${encodeURIComponent(request.uid)}/authorize?type=${request.type}`,
        module: 'tokens',
        ...(where === null ? {} : { body: where }),
        ...(request.party === null || ours === undefined
          ? {}
          : { routing: { from: { countryCode: ours.country_code, partyId: ours.party_id }, to: { countryCode: request.party.country_code, partyId: request.party.party_id } } }),
        timeoutMs: request.timeout_ms,
      });
      return answerOfAuthorize(response);
    } catch (error) {
      return { outcome: 'unreachable', reason: error instanceof Error ? error.message : String(error) };
    }
  };

  return {
    async authorize(request) {
      const granted = await deps.grants.answerFor(request);
      if (granted !== undefined) return granted;
      if (request.party !== null) {
        const partner = deps.directory.byParty(request.party.country_code, request.party.party_id);
        if (partner === undefined) return { outcome: 'unreachable', reason: `no registered partner for ${request.party.country_code}/${request.party.party_id}` };
        return askOne(partner, request);
      }
      const emsps = deps.directory
        .list()
        .filter((partner) => partner.status === 'REGISTERED' && partner.roles.some((role) => role.role === 'EMSP') && tokensEndpointOf(partner) !== undefined);
      return combineAnswers(await Promise.all(emsps.map((partner) => askOne(partner, request))));
    },
  };
}
