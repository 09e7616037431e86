import type { RealtimeAnswer, RealtimeAuthorizationRequest, RealtimeAuthorizer } from './realtime-authorization.ts';

/**
 * Keeps the eMSP's answer about a token at a charger for a while: a 1.6 charger asks about one token in
 * Authorize, StartTransaction and StopTransaction within minutes, and an eMSP that is briefly unreachable
 * between the first two must not get a transaction it allowed refused. Only answers are kept, never
 * "unreachable", so a fallback verdict is not repeated once the eMSP is back.
 */
export function cachedRealtimeAuthorizer(inner: RealtimeAuthorizer, options: { readonly ttlMs: number; readonly now: () => number }): RealtimeAuthorizer {
  const answers = new Map<string, { readonly until: number; readonly answer: RealtimeAnswer }>();
  const keyOf = (request: RealtimeAuthorizationRequest): string =>
    JSON.stringify([request.charger_id, request.uid, request.type, request.party?.country_code ?? null, request.party?.party_id ?? null]);
  return {
    async authorize(request) {
      const key = keyOf(request);
      const now = options.now();
      const kept = answers.get(key);
      if (kept !== undefined && kept.until > now) return kept.answer;
      const answer = await inner.authorize(request);
      if (answer.outcome !== 'unreachable') {
        for (const [other, entry] of answers) if (entry.until <= now) answers.delete(other);
        answers.set(key, { until: now + options.ttlMs, answer });
      }
      return answer;
    },
  };
}
