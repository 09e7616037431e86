import { describe, expect, it } from 'vitest';
import { CommandGrants } from './command-grants.ts';

const t0 = Date.parse('2026-11-21T10:00:00Z');
const grant = { uid: 'APP-1', type: 'APP_USER', chargerId: 'CP-1', authorizationReference: 'REF-1', groupId: null };

describe('CommandGrants', () => {
  const grants = new CommandGrants(15 * 60_000);
  grants.granted(grant, t0);

  it.each([
    // given a request and a time; then whether the grant answers
    { given: 'the same token at the same charger, 14 minutes later', request: { uid: 'APP-1', type: 'APP_USER', charger_id: 'CP-1' }, at: t0 + 14 * 60_000, answers: true },
    { given: 'the same token, 15 minutes later', request: { uid: 'APP-1', type: 'APP_USER', charger_id: 'CP-1' }, at: t0 + 15 * 60_000, answers: false },
    { given: 'another charger', request: { uid: 'APP-1', type: 'APP_USER', charger_id: 'CP-2' }, at: t0, answers: false },
    { given: 'another token type', request: { uid: 'APP-1', type: 'RFID', charger_id: 'CP-1' }, at: t0, answers: false },
  ])('given $given, then answers: $answers', ({ request, at, answers }) => {
    const answer = grants.answerFor(request, at);
    expect(answer === undefined ? false : answer).toEqual(answers ? { outcome: 'answered', allowed: 'ALLOWED', authorization_reference: 'REF-1', group_id: null } : false);
  });
});
