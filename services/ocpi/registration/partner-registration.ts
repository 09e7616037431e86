import type { Clock } from '../../core/clock.ts';
import { describeError } from '../../core/errors.ts';
import type { PartnerClient, PartnerResponse } from '../client/partner-client.ts';
import { ourCredentials, parseCredentials } from '../credentials/credentials-object.ts';
import type { OcpiConfig } from '../ocpi-config.ts';
import { hashCredentialsToken, newCredentialsToken } from '../partners/credentials-token.ts';
import type { PartnerDirectory } from '../partners/partner-directory.ts';
import type { Partner } from '../partners/partner.ts';
import { ocpiStatus, OcpiError } from '../transport/ocpi-status.ts';
import { discoverPartner } from './discover-partner.ts';

export interface PartnerRegistrationDeps {
  readonly config: Pick<OcpiConfig, 'publicUrl' | 'cpoRoles'>;
  readonly clock: Clock;
  readonly directory: PartnerDirectory;
  readonly client: PartnerClient;
  readonly newPartnerId: () => string;
}

/** What unregistering did on the partner's side; ours is void either way. */
export type RemoteUnregistration = { readonly kind: 'acknowledged' } | { readonly kind: 'skipped'; readonly reason: string } | { readonly kind: 'failed'; readonly reason: string };

/** The flows where Switchyard is the client of a partner's credentials module. */
export interface PartnerRegistration {
  /** We register with a partner that gave us its versions URL and a token A. */
  register(input: { readonly versionsUrl: string; readonly token: string }): Promise<Partner>;
  /** New token for the partner to call us with, sent by PUT; their answer may rotate ours too. */
  rotate(partner: Partner): Promise<Partner>;
  /** DELETE on their credentials (best effort), then our tokens for this partner are void. */
  unregister(partner: Partner): Promise<{ partner: Partner; remote: RemoteUnregistration }>;
}

export function partnerRegistration(deps: PartnerRegistrationDeps): PartnerRegistration {
  const { clock, directory, client, config } = deps;

  const credentialsCall = async (partner: Partner, method: 'POST' | 'PUT', ourToken: string): Promise<Partner> => {
    const response = await client.send(partner, { method, url: credentialsUrl(partner), module: 'credentials', body: ourCredentials(config, versionOf(partner), ourToken) });
    requireSuccess(response, `${method} credentials`);
    const theirs = parseCredentials(versionOf(partner), response.data);
    return { ...partner, status: 'REGISTERED', outgoingToken: theirs.token, roles: theirs.roles, updatedAt: clock.now() };
  };

  return {
    async register({ versionsUrl, token }) {
      const discovered = await discoverPartner(client, { token, id: null }, versionsUrl, 'newest');
      const ourToken = newCredentialsToken();
      const now = clock.now();
      // Stored before the POST: the partner reads our versions with this token while it handles it.
      const pending: Partner = {
        id: deps.newPartnerId(),
        status: 'PENDING',
        incomingTokenHash: hashCredentialsToken(ourToken),
        outgoingToken: token,
        versionsUrl,
        version: discovered.version,
        endpoints: discovered.endpoints,
        roles: [],
        createdAt: now,
        updatedAt: now,
      };
      await directory.put(pending);
      let registered: Partner;
      try {
        registered = await credentialsCall(pending, 'POST', ourToken);
      } catch (error) {
        await directory.put({ ...pending, status: 'UNREGISTERED', outgoingToken: null, updatedAt: clock.now() });
        throw error;
      }
      await directory.put(registered);
      return registered;
    },

    async rotate(partner) {
      if (partner.status !== 'REGISTERED') throw new OcpiError(ocpiStatus.genericClientError, 409, `partner ${partner.id} is ${partner.status}, not REGISTERED`);
      const ourToken = newCredentialsToken();
      // The partner reads our versions with the new token while it handles the PUT, so it is live first.
      const switched: Partner = { ...partner, incomingTokenHash: hashCredentialsToken(ourToken), updatedAt: clock.now() };
      await directory.put(switched);
      let rotated: Partner;
      try {
        rotated = await credentialsCall(switched, 'PUT', ourToken);
      } catch (error) {
        await directory.put({ ...partner, updatedAt: clock.now() });
        throw error;
      }
      await directory.put(rotated);
      return rotated;
    },

    async unregister(partner) {
      const remote = await deleteTheirCredentials(partner);
      const unregistered: Partner = { ...partner, status: 'UNREGISTERED', outgoingToken: null, updatedAt: clock.now() };
      await directory.put(unregistered);
      return { partner: unregistered, remote };
    },
  };

  async function deleteTheirCredentials(partner: Partner): Promise<RemoteUnregistration> {
    if (partner.status !== 'REGISTERED') return { kind: 'skipped', reason: `partner was ${partner.status}` };
    try {
      requireSuccess(await client.send(partner, { method: 'DELETE', url: credentialsUrl(partner), module: 'credentials' }), 'DELETE credentials');
      return { kind: 'acknowledged' };
    } catch (error) {
      return { kind: 'failed', reason: describeError(error) };
    }
  }
}

function credentialsUrl(partner: Partner): string {
  const endpoint = partner.endpoints.find((candidate) => candidate.identifier === 'credentials');
  if (endpoint === undefined) throw new OcpiError(ocpiStatus.noMatchingEndpoints, 200, `partner ${partner.id} has no credentials endpoint`);
  return endpoint.url;
}

function versionOf(partner: Partner): NonNullable<Partner['version']> {
  if (partner.version === null) throw new OcpiError(ocpiStatus.unsupportedVersion, 200, `partner ${partner.id} has no negotiated version`);
  return partner.version;
}

function requireSuccess(response: PartnerResponse, what: string): void {
  if (response.httpStatus !== 200 || response.ocpiStatusCode !== ocpiStatus.success) {
    throw new OcpiError(ocpiStatus.unableToUseClientApi, 200, `${what} answered HTTP ${response.httpStatus}, OCPI ${String(response.ocpiStatusCode)}: ${response.statusMessage ?? 'no message'}`);
  }
}
