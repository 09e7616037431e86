import { describe, expect, it } from 'vitest';
import type { OcpiToken } from '../ocpi/token-object.ts';
import type { RealtimeAnswer } from './realtime-authorization.ts';
import { planToken, verdictOfAnswer, type RealtimeFallback, type UnknownTokenPolicy } from './token-decision.ts';

const token = (overrides: Partial<OcpiToken> = {}): OcpiToken => ({
  country_code: 'NL',
  party_id: 'SWY',
  uid: 'TAG-1',
  type: 'RFID',
  contract_id: 'NL-SWY-C00000001-X',
  issuer: 'Switchyard',
  valid: true,
  whitelist: 'ALWAYS',
  last_updated: '2026-11-21T10:00:00.000Z',
  ...overrides,
});

const unreachable: RealtimeAnswer = { outcome: 'unreachable', reason: 'eMSP down' };
const allowed: RealtimeAnswer = { outcome: 'answered', allowed: 'ALLOWED', authorization_reference: 'REF-1', group_id: null };

/** The status a charger gets: the list's, or after asking the eMSP and getting `answer`. */
function statusOf(candidates: readonly OcpiToken[], policy: UnknownTokenPolicy, fallback: RealtimeFallback, answer: RealtimeAnswer) {
  const plan = planToken(candidates, policy, fallback);
  const verdict = plan.kind === 'decided' ? plan.verdict : verdictOfAnswer(plan, answer);
  return { asked: plan.kind === 'ask', status: verdict.decision.status, groupId: verdict.decision.groupId };
}

describe('planToken and verdictOfAnswer', () => {
  const table: readonly {
    given: string;
    candidates: readonly OcpiToken[];
    policy?: UnknownTokenPolicy;
    fallback?: RealtimeFallback;
    answer?: RealtimeAnswer;
    then: { asked: boolean; status: string; groupId?: string | null };
  }[] = [
    { given: 'an unknown token, reject policy', candidates: [], then: { asked: false, status: 'Invalid' } },
    { given: 'an unknown token, free vend', candidates: [], policy: 'accept', then: { asked: false, status: 'Accepted' } },
    { given: 'an unknown token, realtime policy, an eMSP allows it', candidates: [], policy: 'realtime', answer: allowed, then: { asked: true, status: 'Accepted' } },
    { given: 'an unknown token, realtime policy, no eMSP answers', candidates: [], policy: 'realtime', then: { asked: true, status: 'Invalid' } },
    { given: 'an unknown token, realtime policy, no eMSP knows it', candidates: [], policy: 'realtime', answer: { outcome: 'unknown_token' }, then: { asked: true, status: 'Invalid' } },
    { given: 'a valid ALWAYS token (never asked)', candidates: [token()], answer: allowed, then: { asked: false, status: 'Accepted' } },
    { given: 'an invalid ALWAYS token, even with free vend', candidates: [token({ valid: false })], policy: 'accept', then: { asked: false, status: 'Blocked' } },
    { given: 'a token of a group', candidates: [token({ group_id: 'FLEET-7' })], then: { asked: false, status: 'Accepted', groupId: 'FLEET-7' } },
    { given: 'an ALLOWED token the eMSP blocks', candidates: [token({ whitelist: 'ALLOWED' })], answer: { ...allowed, allowed: 'BLOCKED' }, then: { asked: true, status: 'Blocked' } },
    { given: 'an ALLOWED token, eMSP down: the list', candidates: [token({ whitelist: 'ALLOWED' })], then: { asked: true, status: 'Accepted' } },
    { given: 'an ALLOWED_OFFLINE token, eMSP down: allowed', candidates: [token({ whitelist: 'ALLOWED_OFFLINE' })], then: { asked: true, status: 'Accepted' } },
    { given: 'a NEVER token the eMSP allows', candidates: [token({ whitelist: 'NEVER' })], answer: allowed, then: { asked: true, status: 'Accepted' } },
    { given: 'a NEVER token out of credit', candidates: [token({ whitelist: 'NEVER' })], answer: { ...allowed, allowed: 'NO_CREDIT' }, then: { asked: true, status: 'NoCredit' } },
    { given: 'a NEVER token not allowed here', candidates: [token({ whitelist: 'NEVER' })], answer: { ...allowed, allowed: 'NOT_ALLOWED' }, then: { asked: true, status: 'NotAtThisLocation' } },
    { given: 'a NEVER token, eMSP down, reject fallback', candidates: [token({ whitelist: 'NEVER' })], then: { asked: true, status: 'Invalid' } },
    { given: 'a NEVER token, eMSP down, accept fallback', candidates: [token({ whitelist: 'NEVER' })], fallback: 'accept', then: { asked: true, status: 'Accepted' } },
    { given: 'an invalid NEVER token is asked again, and allowed', candidates: [token({ whitelist: 'NEVER', valid: false })], answer: allowed, then: { asked: true, status: 'Accepted' } },
    { given: 'an invalid NEVER token, eMSP down, accept fallback', candidates: [token({ whitelist: 'NEVER', valid: false })], fallback: 'accept', then: { asked: true, status: 'Blocked' } },
    {
      given: 'the eMSP names the group',
      candidates: [token({ whitelist: 'NEVER', group_id: 'OLD' })],
      answer: { ...allowed, group_id: 'NEW' },
      then: { asked: true, status: 'Accepted', groupId: 'NEW' },
    },
    {
      given: 'two eMSPs with the uid, one valid ALWAYS',
      candidates: [token({ party_id: 'AAA', valid: false }), token({ country_code: 'DE', party_id: 'ZZZ' })],
      then: { asked: false, status: 'Accepted' },
    },
    {
      given: 'two eMSPs with the uid, an ALWAYS refusal and a NEVER token: the eMSP is asked',
      candidates: [token({ party_id: 'AAA', valid: false }), token({ party_id: 'ZZZ', whitelist: 'NEVER' })],
      answer: allowed,
      then: { asked: true, status: 'Accepted' },
    },
    {
      given: 'two eMSPs with the uid, both ALWAYS and refused: the first party decides',
      candidates: [token({ party_id: 'ZZZ', valid: false }), token({ party_id: 'AAA', valid: false })],
      then: { asked: false, status: 'Blocked' },
    },
  ];
  it.each(table)('given $given, then $then.status', ({ candidates, policy, fallback, answer, then }) => {
    expect(statusOf(candidates, policy ?? 'reject', fallback ?? 'reject', answer ?? unreachable)).toEqual({ groupId: null, ...then });
  });

  it('keeps who decided and the eMSP\'s authorization reference', () => {
    const plan = planToken([token({ whitelist: 'NEVER' })], 'reject', 'reject');
    if (plan.kind !== 'ask') throw new Error('expected a real-time authorization');
    expect(verdictOfAnswer(plan, allowed).decision.provenance).toEqual({ decidedBy: 'emsp', authorizationReference: 'REF-1' });
    expect(verdictOfAnswer(plan, unreachable).decision.provenance).toEqual({ decidedBy: 'emsp_unreachable', authorizationReference: null });
  });
});
