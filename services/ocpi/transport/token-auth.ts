import type { RequestHandler } from 'express';
import type { PartnerDirectory } from '../partners/partner-directory.ts';
import { presentedTokens } from './authorization-header.ts';
import { ocpiStatus, OcpiError } from './ocpi-status.ts';
import type { OcpiLocals } from './request-partner.ts';

/** Finds the partner behind the Authorization header; a missing or unknown token is HTTP 401 (transport chapter). */
export function tokenAuth(directory: PartnerDirectory): RequestHandler {
  return (request, response, next) => {
    const partner = presentedTokens(request.get('authorization'))
      .map((token) => directory.byIncomingToken(token))
      .find((found) => found !== undefined);
    if (partner === undefined) throw new OcpiError(ocpiStatus.genericClientError, 401, 'missing or unknown credentials token');
    (response.locals as Partial<OcpiLocals>).partner = partner;
    next();
  };
}

/**
 * Functional modules need a registered partner: token A opens only versions and credentials, and the
 * spec answers anything else with HTTP 401.
 */
export const requireRegistered: RequestHandler = (_request, response, next) => {
  const partner = (response.locals as Partial<OcpiLocals>).partner;
  if (partner?.status !== 'REGISTERED') throw new OcpiError(ocpiStatus.genericClientError, 401, 'this token may only be used for versions and credentials');
  next();
};
