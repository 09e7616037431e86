import type { RequestHandler } from 'express';

const routingPairs = [
  { request: 'OCPI-from-country-code', response: 'OCPI-to-country-code' },
  { request: 'OCPI-from-party-id', response: 'OCPI-to-party-id' },
  { request: 'OCPI-to-country-code', response: 'OCPI-from-country-code' },
  { request: 'OCPI-to-party-id', response: 'OCPI-from-party-id' },
] as const;

/**
 * Functional modules answer with the routing headers of the request turned around (transport chapter,
 * "Direct response": to = the requesting party, from = the receiving party). Configuration modules
 * (versions, credentials) are not routed and do not get them.
 */
export const answerRouting: RequestHandler = (request, response, next) => {
  for (const { request: asked, response: answered } of routingPairs) {
    const value = request.get(asked);
    if (value !== undefined && value !== '') response.set(answered, value);
  }
  next();
};
