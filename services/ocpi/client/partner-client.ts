import type { OcpiVersionId, Partner } from '../partners/partner.ts';

export interface PartnerRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Absolute URL (a module endpoint with its path suffix, a response_url, a versions URL). */
  readonly url: string;
  /** OCPI module id, for the traffic record and metrics. */
  readonly module: string;
  readonly body?: unknown;
  /** Functional modules: OCPI-to-country-code/party-id of the receiving party and our from-party. */
  readonly routing?: { readonly from: { countryCode: string; partyId: string }; readonly to: { countryCode: string; partyId: string } };
  readonly correlationId?: string;
  readonly timeoutMs?: number;
}

export interface PartnerResponse {
  readonly httpStatus: number;
  /** status_code of the OCPI envelope; null when the body was not an OCPI envelope. */
  readonly ocpiStatusCode: number | null;
  readonly statusMessage: string | null;
  readonly data: unknown;
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * Outbound OCPI calls: `Authorization: Token <base64>` with the partner's token (or an explicit one during
 * registration), X-Request-ID / X-Correlation-ID, every exchange recorded on switchyard.ocpi.traffic.
 * Transport failures and 5xx / 3xxx answers reject with a retriable SwitchyardError; 4xx and 2xxx answers
 * resolve (the caller decides what a refusal means).
 */
export interface PartnerClient {
  /** The explicit form is for registration: `version` (when known) picks the Authorization header style. */
  send(
    partner: Partner | { readonly token: string; readonly id: string | null; readonly version?: OcpiVersionId | null },
    request: PartnerRequest,
  ): Promise<PartnerResponse>;
}
