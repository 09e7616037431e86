import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { Clock } from '../../core/clock.ts';
import { isBodyParserError } from '../../core/http/api-error.ts';
import { ocpiEnvelope } from './ocpi-response.ts';
import { ocpiStatus, OcpiError } from './ocpi-status.ts';

export const ocpiNotFound: RequestHandler = (request) => {
  throw new OcpiError(ocpiStatus.genericClientError, 404, `no OCPI endpoint ${request.method} ${request.path}`);
};

/**
 * Every failure leaves as an OCPI envelope: OcpiErrors with their own code and HTTP status, bodies that
 * are not JSON as 2000 / HTTP 400, anything else as 3000 / HTTP 500 (logged, details not shown).
 */
export function ocpiErrorHandler(deps: { readonly clock: Clock; readonly logger: Logger }): ErrorRequestHandler {
  return (error: unknown, request, response, next) => {
    if (response.headersSent) {
      next(error);
      return;
    }
    const { httpStatus, statusCode, message } = describe(error);
    if (httpStatus >= 500) deps.logger.error({ err: error, method: request.method, url: request.originalUrl }, 'OCPI request failed');
    response.status(httpStatus).json(ocpiEnvelope(deps.clock, undefined, statusCode, message));
  };
}

function describe(error: unknown): { httpStatus: number; statusCode: OcpiError['ocpiStatusCode']; message: string } {
  if (error instanceof OcpiError) return { httpStatus: error.httpStatus, statusCode: error.ocpiStatusCode, message: error.message };
  if (isBodyParserError(error)) return { httpStatus: 400, statusCode: ocpiStatus.genericClientError, message: `invalid request body: ${error.message}` };
  return { httpStatus: 500, statusCode: ocpiStatus.genericServerError, message: 'internal error' };
}
