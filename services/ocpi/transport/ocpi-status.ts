import { SwitchyardError } from '../../core/errors.ts';

/** OCPI 2.2.1 status codes (transport and format chapter, "Status codes"). */
export const ocpiStatus = {
  success: 1000,
  genericClientError: 2000,
  invalidOrMissingParameters: 2001,
  notEnoughInformation: 2002,
  unknownLocation: 2003,
  unknownToken: 2004,
  genericServerError: 3000,
  unableToUseClientApi: 3001,
  unsupportedVersion: 3002,
  noMatchingEndpoints: 3003,
} as const;

export type OcpiStatusCode = (typeof ocpiStatus)[keyof typeof ocpiStatus];

/**
 * A refusal that becomes an OCPI response envelope: `httpStatus` per the spec (200 for most 2xxx codes,
 * 400 for malformed input, 401 for unknown tokens, 404 for unknown objects, 405 for the credentials rules).
 */
export class OcpiError extends SwitchyardError {
  readonly ocpiStatusCode: OcpiStatusCode;
  readonly httpStatus: number;

  constructor(ocpiStatusCode: OcpiStatusCode, httpStatus: number, message: string, options: { retriable?: boolean; cause?: unknown } = {}) {
    super(`ocpi.${ocpiStatusCode}`, message, { retriable: options.retriable ?? ocpiStatusCode >= 3000, cause: options.cause });
    this.name = 'OcpiError';
    this.ocpiStatusCode = ocpiStatusCode;
    this.httpStatus = httpStatus;
  }
}
