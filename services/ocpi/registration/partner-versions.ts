import { z } from 'zod';
import type { OcpiVersionId, PartnerEndpoint } from '../partners/partner.ts';
import { supportedVersions } from '../versions/version-details.ts';

const versionsData = z.array(z.looseObject({ version: z.string(), url: z.url() }));
const detailsData = z.looseObject({
  version: z.string(),
  endpoints: z.array(z.looseObject({ identifier: z.string().min(1), role: z.enum(['SENDER', 'RECEIVER']).optional(), url: z.url() })),
});

export type VersionChoice = { readonly kind: 'chosen'; readonly version: OcpiVersionId; readonly url: string } | { readonly kind: 'none'; readonly problem: string };

/**
 * Picks the version to talk: the one asked for (a PUT or POST on that version's credentials endpoint),
 * or the newest we both support.
 */
export function chooseVersion(data: unknown, wanted: OcpiVersionId | 'newest'): VersionChoice {
  const parsed = versionsData.safeParse(data);
  if (!parsed.success) return { kind: 'none', problem: 'the versions response is not a list of {version, url}' };
  const candidates = wanted === 'newest' ? supportedVersions : [wanted];
  for (const version of candidates) {
    const offered = parsed.data.find((entry) => entry.version === version);
    if (offered !== undefined) return { kind: 'chosen', version, url: offered.url };
  }
  const offered = parsed.data.map((entry) => entry.version).join(', ') || 'none';
  return { kind: 'none', problem: `no common version: they offer ${offered}, we need ${candidates.join(' or ')}` };
}

/** The partner's endpoints from its version details; 2.1.1 entries, which have no role, count as RECEIVER. */
export function endpointsOf(data: unknown): PartnerEndpoint[] | string {
  const parsed = detailsData.safeParse(data);
  if (!parsed.success) return 'the version details are not {version, endpoints: [{identifier, url}]}';
  return parsed.data.endpoints.map((endpoint) => ({ identifier: endpoint.identifier, role: endpoint.role ?? 'RECEIVER', url: endpoint.url }));
}
