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
 * A refusal that becomes an OCPI response envelope: `httpStatus` per the spec (200 for 2xxx codes about a
 * request that reached the OCPI layer, 400 for malformed query parameters, 401 for unknown tokens, 404 for
 * unknown objects, 405 for methods a resource does not take and the credentials rules).
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

/**
 * A body that is valid JSON but not a valid OCPI object (missing field, URL and object naming different
 * objects): the request reached the OCPI layer, where the status codes chapter forbids an HTTP error, so
 * it is HTTP 200 with 2001.
 */
export function invalidOcpiObject(message: string): OcpiError {
  return new OcpiError(ocpiStatus.invalidOrMissingParameters, 200, message);
}
