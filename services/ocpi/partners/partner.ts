/**
 * A roaming partner as the credentials module knows it. One partner is one OCPI connection (one token
 * pair), which may carry several roles (an eMSP with two party ids, a hub).
 */

export type OcpiVersionId = '2.2.1' | '2.1.1';

export type OcpiRole = 'CPO' | 'EMSP' | 'HUB' | 'NAP' | 'NSP' | 'OTHER' | 'SCSP';

export type InterfaceRole = 'SENDER' | 'RECEIVER';

export interface BusinessDetails {
  readonly name: string;
  readonly website?: string;
  readonly logo?: { readonly url: string; readonly thumbnail?: string; readonly category: string; readonly type: string; readonly width?: number; readonly height?: number };
}

export interface CredentialsRole {
  readonly role: OcpiRole;
  readonly business_details: BusinessDetails;
  readonly party_id: string;
  readonly country_code: string;
}

/** One module endpoint from the partner's version details. */
export interface PartnerEndpoint {
  readonly identifier: string;
  /** 2.1.1 endpoints have no role; they are stored as RECEIVER for functional modules. */
  readonly role: InterfaceRole;
  readonly url: string;
}

export type PartnerStatus =
  /** We issued a token A; the partner has not registered yet. */
  | 'PENDING'
  | 'REGISTERED'
  /** Either side deleted the credentials; tokens are void, the record stays for audit. */
  | 'UNREGISTERED';

export interface Partner {
  /** Stable id chosen when the partner record is created (survives token rotation). */
  readonly id: string;
  readonly status: PartnerStatus;
  /** sha256 (hex) of the token the partner presents to us (token A while PENDING, then our token C). */
  readonly incomingTokenHash: string;
  /** The token we present to the partner (their token B/C); null until registered. */
  readonly outgoingToken: string | null;
  readonly versionsUrl: string | null;
  readonly version: OcpiVersionId | null;
  readonly endpoints: readonly PartnerEndpoint[];
  readonly roles: readonly CredentialsRole[];
  readonly createdAt: number;
  readonly updatedAt: number;
}
