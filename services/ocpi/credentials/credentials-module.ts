import { Router, type Request, type Response } from 'express';
import type { Clock } from '../../core/clock.ts';
import type { PartnerClient } from '../client/partner-client.ts';
import type { OcpiModule } from '../modules/ocpi-module.ts';
import type { OcpiConfig } from '../ocpi-config.ts';
import { hashCredentialsToken, newCredentialsToken } from '../partners/credentials-token.ts';
import type { PartnerDirectory } from '../partners/partner-directory.ts';
import type { OcpiVersionId, Partner } from '../partners/partner.ts';
import { discoverPartner } from '../registration/discover-partner.ts';
import { presentedTokens } from '../transport/authorization-header.ts';
import { sendOcpiData } from '../transport/ocpi-response.ts';
import { ocpiStatus, OcpiError } from '../transport/ocpi-status.ts';
import { authenticatedPartner, requestedVersion, type OcpiLocals } from '../transport/request-partner.ts';
import { credentialsDecision, type CredentialsMethod } from './credentials-rules.ts';
import { ourCredentials, parseCredentials } from './credentials-object.ts';

export interface CredentialsModuleDeps {
  readonly config: Pick<OcpiConfig, 'publicUrl' | 'cpoRoles'>;
  readonly clock: Clock;
  readonly directory: PartnerDirectory;
  readonly client: PartnerClient;
}

/**
 * The credentials module as the server side of a registration (the partner calls us): POST with token A
 * registers, PUT re-reads the partner's endpoints and rotates the token we gave it, DELETE unregisters.
 */
export function credentialsModule(deps: CredentialsModuleDeps): OcpiModule {
  const { config, clock, directory } = deps;
  const router = Router();

  const decide = (method: CredentialsMethod, partner: Partner): void => {
    if (partner.status === 'UNREGISTERED' || credentialsDecision(method, partner.status) === 'method-not-allowed') {
      const why = partner.status === 'REGISTERED' ? 'already registered: use PUT to update' : 'not registered: use POST with token A';
      throw new OcpiError(ocpiStatus.genericClientError, 405, `${method} credentials: ${why}`);
    }
  };

  /** POST and PUT: read the partner's endpoints with its new token, then hand it a fresh token of ours. */
  const connect = async (request: Request, response: Response, method: 'POST' | 'PUT'): Promise<void> => {
    const partner = authenticatedPartner(response);
    decide(method, partner);
    const version = requestedVersion(response);
    const theirs = parseCredentials(version, request.body);
    const discovered = await discoverPartner(deps.client, { token: theirs.token, id: partner.id }, theirs.url, version);
    const ourToken = newCredentialsToken();
    const connected: Partner = {
      ...partner,
      status: 'REGISTERED',
      incomingTokenHash: hashCredentialsToken(ourToken),
      outgoingToken: theirs.token,
      versionsUrl: theirs.url,
      version: discovered.version,
      endpoints: discovered.endpoints,
      roles: theirs.roles,
      updatedAt: clock.now(),
    };
    await directory.put(connected);
    (response.locals as OcpiLocals).partner = connected;
    sendOcpiData(response, clock, ourCredentials(config, version, ourToken));
  };

  router.get('/', (request, response) => {
    const partner = authenticatedPartner(response);
    decide('GET', partner);
    sendOcpiData(response, clock, ourCredentials(config, requestedVersion(response), tokenOf(request, partner)));
  });
  router.post('/', (request, response) => connect(request, response, 'POST'));
  router.put('/', (request, response) => connect(request, response, 'PUT'));
  router.delete('/', async (_request, response) => {
    const partner = authenticatedPartner(response);
    decide('DELETE', partner);
    await directory.put({ ...partner, status: 'UNREGISTERED', outgoingToken: null, updatedAt: clock.now() });
    sendOcpiData(response, clock, undefined);
  });

  return { endpoint: { identifier: 'credentials', role: 'SENDER', versions: ['2.2.1', '2.1.1'] satisfies OcpiVersionId[] }, router };
}

/** The token the caller authenticated with: our credentials for it carry that same token. */
function tokenOf(request: Request, partner: Partner): string {
  const token = presentedTokens(request.get('authorization')).find((candidate) => hashCredentialsToken(candidate) === partner.incomingTokenHash);
  if (token === undefined) throw new Error('credentials reached without the token that authenticated the partner');
  return token;
}
