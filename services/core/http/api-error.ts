import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { SwitchyardError } from '../errors.ts';

/** An error a handler throws to answer with a given status; its message is shown to the caller. */
export class ApiError extends SwitchyardError {
  readonly status: number;

  constructor(status: number, code: string, message: string) {
    super(code, message, { retriable: status >= 500 });
    this.name = 'ApiError';
    this.status = status;
  }
}

export interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string };
}

export const notFoundHandler: RequestHandler = (request, _response, next) => {
  next(new ApiError(404, 'not_found', `no route for ${request.method} ${request.originalUrl}`));
};

/**
 * Every failure leaves as `{ error: { code, message } }`. Unexpected errors are logged with their stack
 * and answered with a generic 500, so internals never leak to callers.
 */
export function jsonErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, request, response, next) => {
    if (response.headersSent) {
      next(error);
      return;
    }
    const { status, body } = describeForCaller(error);
    if (status >= 500) logger.error({ err: error, method: request.method, url: request.originalUrl }, 'request failed');
    response.status(status).json(body);
  };
}

function describeForCaller(error: unknown): { status: number; body: ErrorBody } {
  if (error instanceof ApiError) return { status: error.status, body: { error: { code: error.code, message: error.message } } };
  if (isBodyParserError(error)) {
    return { status: error.status, body: { error: { code: 'invalid_body', message: error.message } } };
  }
  if (error instanceof SwitchyardError && error.retriable) {
    return { status: 503, body: { error: { code: error.code, message: 'temporarily unavailable, try again' } } };
  }
  return { status: 500, body: { error: { code: 'internal', message: 'internal error' } } };
}

/** express.json() reports malformed or oversized bodies as errors carrying a 4xx status and a type. */
export function isBodyParserError(error: unknown): error is { status: number; message: string } {
  return (
    typeof error === 'object' &&
    error !== null &&
    'type' in error &&
    'status' in error &&
    typeof error.status === 'number' &&
    error.status >= 400 &&
    error.status < 500 &&
    'message' in error
  );
}
