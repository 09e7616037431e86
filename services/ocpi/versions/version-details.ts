import type { OcpiModuleEndpoint } from '../modules/ocpi-module.ts';
import type { InterfaceRole, OcpiVersionId } from '../partners/partner.ts';

export const supportedVersions: readonly OcpiVersionId[] = ['2.2.1', '2.1.1'];

export interface VersionEntry {
  readonly version: OcpiVersionId;
  readonly url: string;
}

export interface EndpointEntry {
  readonly identifier: string;
  /** 2.1.1 version details have no role. */
  readonly role?: InterfaceRole;
  readonly url: string;
}

export const versionUrl = (publicUrl: string, version: OcpiVersionId): string => `${publicUrl}/ocpi/${version}`;

/** Our versions list: every version at least one module serves, newest first. */
export function versionList(publicUrl: string, endpoints: readonly OcpiModuleEndpoint[]): VersionEntry[] {
  return supportedVersions
    .filter((version) => endpoints.some((endpoint) => endpoint.versions.includes(version)))
    .map((version) => ({ version, url: versionUrl(publicUrl, version) }));
}

/** Our version details: the modules of that version with their role (2.2.1) or once per module (2.1.1). */
export function versionDetails(publicUrl: string, version: OcpiVersionId, endpoints: readonly OcpiModuleEndpoint[]): { version: OcpiVersionId; endpoints: EndpointEntry[] } {
  const served = endpoints.filter((endpoint) => endpoint.versions.includes(version));
  const url = (identifier: string) => `${versionUrl(publicUrl, version)}/${identifier}`;
  if (version === '2.1.1') {
    const identifiers = [...new Set(served.map((endpoint) => endpoint.identifier))];
    return { version, endpoints: identifiers.map((identifier) => ({ identifier, url: url(identifier) })) };
  }
  return { version, endpoints: served.map((endpoint) => ({ identifier: endpoint.identifier, role: endpoint.role, url: url(endpoint.identifier) })) };
}
