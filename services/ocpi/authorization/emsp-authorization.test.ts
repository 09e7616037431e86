import { describe, expect, it } from 'vitest';
import type { RealtimeAnswer } from '../../roaming/tokens/realtime-authorization.ts';
import type { PartnerResponse } from '../client/partner-client.ts';
import { answerOfAuthorize, combineAnswers } from './emsp-authorization.ts';

const reply = (httpStatus: number, ocpiStatusCode: number | null, data: unknown = undefined): PartnerResponse => ({ httpStatus, ocpiStatusCode, statusMessage: null, data, headers: {} });

describe('answerOfAuthorize', () => {
  const table: readonly { given: string; response: PartnerResponse; then: RealtimeAnswer['outcome'] | Record<string, unknown> }[] = [
    {
      given: 'ALLOWED with a reference and a group',
      response: reply(200, 1000, { allowed: 'ALLOWED', authorization_reference: 'REF-1', token: { uid: 'T', group_id: 'G-1' } }),
      then: { outcome: 'answered', allowed: 'ALLOWED', authorization_reference: 'REF-1', group_id: 'G-1' },
    },
    { given: 'a 2.1.1 answer without reference', response: reply(200, 1000, { allowed: 'NO_CREDIT' }), then: { outcome: 'answered', allowed: 'NO_CREDIT', authorization_reference: null, group_id: null } },
    { given: 'HTTP 404', response: reply(404, null), then: 'unknown_token' },
    { given: 'status 2004', response: reply(200, 2004), then: 'unknown_token' },
    { given: 'status 2002 (not enough information)', response: reply(200, 2002), then: 'unreachable' },
    { given: 'HTTP 401', response: reply(401, 2000), then: 'unreachable' },
    { given: 'an unknown allowed value', response: reply(200, 1000, { allowed: 'MAYBE' }), then: 'unreachable' },
    { given: 'no data', response: reply(200, 1000), then: 'unreachable' },
  ];
  it.each(table)('given $given, then $then', ({ response, then }) => {
    const answer = answerOfAuthorize(response);
    if (typeof then === 'string') expect(answer.outcome).toBe(then);
    else expect(answer).toEqual(then);
  });
});

describe('combineAnswers', () => {
  const allowed: RealtimeAnswer = { outcome: 'answered', allowed: 'ALLOWED', authorization_reference: null, group_id: null };
  const blocked: RealtimeAnswer = { ...allowed, allowed: 'BLOCKED' };
  const unknown: RealtimeAnswer = { outcome: 'unknown_token' };
  const down: RealtimeAnswer = { outcome: 'unreachable', reason: 'down' };
  const table: readonly { given: string; answers: readonly RealtimeAnswer[]; then: RealtimeAnswer }[] = [
    { given: 'no eMSP to ask', answers: [], then: { outcome: 'unreachable', reason: 'no eMSP offers real-time authorization' } },
    { given: 'one allows, one blocks', answers: [blocked, allowed], then: allowed },
    { given: 'one blocks, one does not know it', answers: [unknown, blocked], then: blocked },
    { given: 'nobody knows it', answers: [unknown, unknown], then: unknown },
    { given: 'one does not know it, one is down', answers: [unknown, down], then: down },
  ];
  it.each(table)('given $given, then $then.outcome', ({ answers, then }) => {
    expect(combineAnswers(answers)).toEqual(then);
  });
});
