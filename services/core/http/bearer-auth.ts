import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { ApiError } from './api-error.ts';

/**
 * Requires `Authorization: Bearer <token>`. Both sides are hashed first so the comparison takes the
 * same time whatever the length of the guess.
 */
export function bearerAuth(token: string, realm: string): RequestHandler {
  const expected = digest(token);
  return (request, response, next) => {
    const presented = /^Bearer +(\S+)\s*$/i.exec(request.headers.authorization ?? '')?.[1];
    if (presented !== undefined && timingSafeEqual(digest(presented), expected)) {
      next();
      return;
    }
    response.setHeader(
      'WWW-Authenticate',
      presented === undefined ? `Bearer realm="${realm}"` : `Bearer realm="${realm}", error="invalid_token"`,
    );
    next(new ApiError(401, 'unauthorized', 'a valid bearer token is required'));
  };
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
