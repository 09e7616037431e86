import { describe, expect, it } from 'vitest';
import { compareAnswers, summarizeByAction, type Answer, type CallOutcome } from '../../services/replay/answer-comparison.ts';
import { formatActionTable } from '../../services/replay/feed-report.ts';

const result = (payload: unknown): Answer => ({ kind: 'result', payload });
const error = (code: string): Answer => ({ kind: 'error', code, description: 'why' });

describe('compareAnswers', () => {
  it.each([
    { name: 'same result', recorded: result({ status: 'Accepted' }), actual: result({ status: 'Accepted' }), then: { verdict: 'match', differingPaths: [] } },
    { name: 'key order does not matter', recorded: result({ a: 1, b: 2 }), actual: result({ b: 2, a: 1 }), then: { verdict: 'match', differingPaths: [] } },
    {
      name: 'a changed and a missing field',
      recorded: result({ status: 'Accepted', interval: 300, currentTime: 'T1' }),
      actual: result({ status: 'Accepted', interval: 60 }),
      then: { verdict: 'payload-differs', differingPaths: ['$.currentTime', '$.interval'] },
    },
    {
      name: 'nested difference',
      recorded: result({ idTagInfo: { status: 'Accepted' } }),
      actual: result({ idTagInfo: { status: 'Blocked' } }),
      then: { verdict: 'payload-differs', differingPaths: ['$.idTagInfo.status'] },
    },
    { name: 'arrays of another length', recorded: result({ l: [1, 2] }), actual: result({ l: [1] }), then: { verdict: 'payload-differs', differingPaths: ['$.l'] } },
    { name: 'array element', recorded: result({ l: [1, 2] }), actual: result({ l: [1, 3] }), then: { verdict: 'payload-differs', differingPaths: ['$.l[1]'] } },
    { name: 'same error code', recorded: error('NotImplemented'), actual: error('NotImplemented'), then: { verdict: 'match', differingPaths: [] } },
    { name: 'other error code', recorded: error('NotImplemented'), actual: error('InternalError'), then: { verdict: 'kind-differs', differingPaths: [] } },
    { name: 'result became error', recorded: result({}), actual: error('InternalError'), then: { verdict: 'kind-differs', differingPaths: [] } },
    { name: 'no answer', recorded: result({}), actual: null, then: { verdict: 'no-answer', differingPaths: [] } },
    { name: 'nothing recorded', recorded: null, actual: result({}), then: { verdict: 'unrecorded', differingPaths: [] } },
  ] as const)('given $name', ({ recorded, actual, then }) => {
    expect(compareAnswers(recorded, actual)).toEqual(then);
  });
});

describe('summarizeByAction', () => {
  const outcome = (action: string, verdict: CallOutcome['verdict'], differingPaths: string[] = []): CallOutcome => ({
    chargerId: 'CP-1',
    sequence: 0,
    action,
    originalMessageId: 'm',
    recorded: null,
    actual: null,
    verdict,
    differingPaths,
  });

  it('given outcomes of two actions, counts each verdict and differing path per action, sorted by action', () => {
    const summaries = summarizeByAction([
      outcome('Heartbeat', 'payload-differs', ['$.currentTime']),
      outcome('Authorize', 'match'),
      outcome('Heartbeat', 'payload-differs', ['$.currentTime']),
      outcome('Heartbeat', 'no-answer'),
    ]);
    expect(summaries).toEqual([
      { action: 'Authorize', sent: 1, counts: { match: 1, 'payload-differs': 0, 'kind-differs': 0, 'no-answer': 0, unrecorded: 0 }, differingPaths: {} },
      {
        action: 'Heartbeat',
        sent: 3,
        counts: { match: 0, 'payload-differs': 2, 'kind-differs': 0, 'no-answer': 1, unrecorded: 0 },
        differingPaths: { '$.currentTime': 2 },
      },
    ]);
    expect(formatActionTable(summaries)).toBe(
      [
        'action     sent  match  payload-differs  kind-differs  no-answer  unrecorded  differing paths',
        'Authorize  1     1      0                0             0          0',
        'Heartbeat  3     0      2                0             1          0           $.currentTime (2)',
        '',
      ].join('\n'),
    );
  });
});
