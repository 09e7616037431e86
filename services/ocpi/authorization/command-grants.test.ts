import { describe, expect, it } from 'vitest';
import { answerFromGrant, commandGrant, grantKeyOf } from './command-grants.ts';

const t0 = Date.parse('2026-11-21T10:00:00Z');
const windowMs = 15 * 60_000;
const granted = commandGrant({ uid: 'APP-1', type: 'APP_USER', chargerId: 'CP-1', authorizationReference: 'REF-1', groupId: null }, t0, windowMs);
const stored = new Map([[grantKeyOf(granted), granted]]);

describe('command grants', () => {
  it.each([
    // given a question and a time; then whether the grant answers
    { given: 'the same token at the same charger, 14 minutes later', question: { uid: 'APP-1', type: 'APP_USER', charger_id: 'CP-1' }, at: t0 + 14 * 60_000, answers: true },
    { given: 'the same token, 15 minutes later', question: { uid: 'APP-1', type: 'APP_USER', charger_id: 'CP-1' }, at: t0 + windowMs, answers: false },
    { given: 'another charger', question: { uid: 'APP-1', type: 'APP_USER', charger_id: 'CP-2' }, at: t0, answers: false },
    { given: 'another token type', question: { uid: 'APP-1', type: 'RFID', charger_id: 'CP-1' }, at: t0, answers: false },
  ])('given $given, then answers: $answers', ({ question, at, answers }) => {
    const answer = answerFromGrant(stored.get(grantKeyOf(question)), at);
    expect(answer ?? false).toEqual(answers ? { outcome: 'answered', allowed: 'ALLOWED', authorization_reference: 'REF-1', group_id: null } : false);
  });

  it('when a command is granted, then it expires one window later and is keyed by charger, type and uid', () => {
    expect(granted).toMatchObject({ granted_at: t0, expires_at: t0 + windowMs });
    expect(grantKeyOf(granted)).toBe('CP-1/APP_USER/APP-1');
  });
});
