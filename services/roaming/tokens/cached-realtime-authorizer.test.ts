import { describe, expect, it } from 'vitest';
import { cachedRealtimeAuthorizer } from './cached-realtime-authorizer.ts';
import type { RealtimeAnswer, RealtimeAuthorizationRequest } from './realtime-authorization.ts';

const request: RealtimeAuthorizationRequest = { uid: 'TAG', type: 'RFID', party: { country_code: 'DE', party_id: 'EMS' }, charger_id: 'CP-1', timeout_ms: 1_000 };
const allowed: RealtimeAnswer = { outcome: 'answered', allowed: 'ALLOWED', authorization_reference: 'REF', group_id: null };
const down: RealtimeAnswer = { outcome: 'unreachable', reason: 'down' };

/** An authorizer answering from a script, counting the questions that reach it. */
function scripted(answers: RealtimeAnswer[]) {
  const asked: RealtimeAuthorizationRequest[] = [];
  return {
    asked,
    authorizer: {
      authorize: async (question: RealtimeAuthorizationRequest) => {
        asked.push(question);
        return answers.shift() ?? down;
      },
    },
  };
}

describe('cachedRealtimeAuthorizer', () => {
  it.each([
    // given the inner answers, the second question and when; then what it gets and how many reached the eMSP
    { given: 'the same question within the ttl', answers: [allowed], second: request, at: 59_000, then: allowed, reached: 1 },
    { given: 'the same question after the ttl', answers: [allowed, { ...allowed, allowed: 'BLOCKED' as const }], second: request, at: 60_000, then: { ...allowed, allowed: 'BLOCKED' }, reached: 2 },
    { given: 'the same token at another charger', answers: [allowed, allowed], second: { ...request, charger_id: 'CP-2' }, at: 1, then: allowed, reached: 2 },
    { given: 'an unreachable eMSP first (not kept)', answers: [down, allowed], second: request, at: 1, then: allowed, reached: 2 },
    { given: 'an unknown token (kept)', answers: [{ outcome: 'unknown_token' as const }], second: request, at: 1, then: { outcome: 'unknown_token' }, reached: 1 },
  ])('given $given, then $reached question(s) reach the eMSP', async ({ answers, second, at, then, reached }) => {
    let now = 0;
    const inner = scripted([...answers]);
    const cached = cachedRealtimeAuthorizer(inner.authorizer, { ttlMs: 60_000, now: () => now });
    await cached.authorize(request);
    now = at;
    expect(await cached.authorize(second)).toEqual(then);
    expect(inner.asked).toHaveLength(reached);
  });
});
