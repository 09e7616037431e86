import { describeError } from '../../core/errors.ts';
import type { PartnerClient, PartnerResponse } from '../client/partner-client.ts';
import type { OcpiVersionId, PartnerEndpoint } from '../partners/partner.ts';
import { ocpiStatus, OcpiError } from '../transport/ocpi-status.ts';
import { chooseVersion, endpointsOf } from './partner-versions.ts';

export interface DiscoveredPartner {
  readonly version: OcpiVersionId;
  readonly endpoints: readonly PartnerEndpoint[];
}

type Recipient = { readonly token: string; readonly id: string | null };

/**
 * Reads a partner's versions and the chosen version's details with the token it gave us. Failures are
 * the codes the credentials chapter names: 3001 (cannot use their API), 3002 (no common version).
 */
export async function discoverPartner(client: PartnerClient, recipient: Recipient, versionsUrl: string, wanted: OcpiVersionId | 'newest'): Promise<DiscoveredPartner> {
  // Before a version is agreed the token goes Base64-encoded (2.2.1); a partner that refuses it may speak
  // only 2.1.1, which expects the raw token, so that is tried once.
  const encoded = await get(client, recipient, versionsUrl, null);
  const versions = successful(encoded.httpStatus === 401 ? await get(client, recipient, versionsUrl, '2.1.1') : encoded, versionsUrl);
  const choice = chooseVersion(versions.data, wanted);
  if (choice.kind === 'none') throw new OcpiError(ocpiStatus.unsupportedVersion, 200, choice.problem);
  const details = successful(await get(client, recipient, choice.url, choice.version), choice.url);
  const endpoints = endpointsOf(details.data);
  if (typeof endpoints === 'string') throw new OcpiError(ocpiStatus.unableToUseClientApi, 200, endpoints);
  return { version: choice.version, endpoints };
}

async function get(client: PartnerClient, recipient: Recipient, url: string, version: OcpiVersionId | null): Promise<PartnerResponse> {
  try {
    return await client.send({ ...recipient, version }, { method: 'GET', url, module: 'versions' });
  } catch (error) {
    throw new OcpiError(ocpiStatus.unableToUseClientApi, 200, `cannot read ${url}: ${describeError(error)}`, { cause: error });
  }
}

function successful(response: PartnerResponse, url: string): PartnerResponse {
  if (response.httpStatus !== 200 || response.ocpiStatusCode !== ocpiStatus.success) {
    throw new OcpiError(ocpiStatus.unableToUseClientApi, 200, `${url} answered HTTP ${response.httpStatus}, OCPI ${String(response.ocpiStatusCode)}`);
  }
  return response;
}
