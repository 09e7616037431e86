import { randomUUID } from 'node:crypto';
import type { RequestHandler, Response } from 'express';

export const requestIdHeader = 'X-Request-ID';
export const correlationIdHeader = 'X-Correlation-ID';

interface RequestIdLocals {
  requestId: string;
  correlationId: string;
}

/** Echoes the caller's X-Request-ID and X-Correlation-ID (generated when absent), as the spec asks of every response. */
export const requestIds: RequestHandler = (request, response, next) => {
  const locals = response.locals as Partial<RequestIdLocals>;
  locals.requestId = request.get(requestIdHeader) ?? randomUUID();
  locals.correlationId = request.get(correlationIdHeader) ?? randomUUID();
  response.set(requestIdHeader, locals.requestId);
  response.set(correlationIdHeader, locals.correlationId);
  next();
};

export function requestIdsOf(response: Response): RequestIdLocals {
  const locals = response.locals as Partial<RequestIdLocals>;
  return { requestId: locals.requestId ?? '', correlationId: locals.correlationId ?? '' };
}
