import { SwitchyardError } from '../../core/errors.ts';
import type { PartnerResponse } from '../client/partner-client.ts';

export type PushOutcome =
  | { readonly kind: 'accepted' }
  /** Trying again may help (the partner is busy): the record waits. */
  | { readonly kind: 'retry'; readonly reason: string }
  /** The partner will not take it as it is: the record goes to the dead-letter topic. */
  | { readonly kind: 'refused'; readonly reason: string };

const unauthorized = 401;
const tooManyRequests = 429;
/**
 * Answers that say "not now" rather than "not this object": slow down, or our token is not (yet) the one
 * the partner knows, as while credentials rotate; the retry reads the partner's current token.
 */
const notNow = new Set([unauthorized, tooManyRequests]);

/**
 * What a partner's answer means for a pushed object. The client already rejects transport failures, 5xx
 * and 3xxx answers as retriable; what reaches here is an answer: 1xxx accepts, 401 and 429 wait, 2xxx
 * and other 4xx refuse.
 * A 2xx answer without an OCPI envelope is taken as accepted (some eMSPs answer PUTs with an empty body).
 */
export function pushOutcomeOf(response: PartnerResponse): PushOutcome {
  const reason = describeAnswer(response);
  if (notNow.has(response.httpStatus) || (response.ocpiStatusCode !== null && response.ocpiStatusCode >= 3000)) return { kind: 'retry', reason };
  if (response.httpStatus >= 500) return { kind: 'retry', reason };
  const successfulHttp = response.httpStatus >= 200 && response.httpStatus < 300;
  if (response.ocpiStatusCode === null) return successfulHttp ? { kind: 'accepted' } : { kind: 'refused', reason };
  if (response.ocpiStatusCode >= 1000 && response.ocpiStatusCode < 2000 && successfulHttp) return { kind: 'accepted' };
  return { kind: 'refused', reason };
}

function describeAnswer(response: PartnerResponse): string {
  const code = response.ocpiStatusCode === null ? 'no OCPI status' : `OCPI ${response.ocpiStatusCode}`;
  const message = response.statusMessage === null || response.statusMessage === '' ? '' : `: ${response.statusMessage}`;
  return `HTTP ${response.httpStatus}, ${code}${message}`;
}

/** The error a push handler throws so the bus retries (retriable) or dead-letters (not) the record. */
export function pushFailure(partnerId: string, outcome: Exclude<PushOutcome, { kind: 'accepted' }>): SwitchyardError {
  const retriable = outcome.kind === 'retry';
  return new SwitchyardError(retriable ? 'ocpi.push.retry' : 'ocpi.push.refused', `partner ${partnerId} ${retriable ? 'cannot take' : 'refused'} it (${outcome.reason})`, { retriable });
}
