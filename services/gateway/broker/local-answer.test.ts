import { describe, expect, it } from 'vitest';
import { localAnswerOf } from './local-answer.ts';

describe('localAnswerOf', () => {
  it.each<{ action: string; then: unknown }>([
    { action: 'Heartbeat', then: { currentTime: '2026-11-22T01:00:00.000Z' } },
    { action: 'StatusNotification', then: {} },
    { action: 'BootNotification', then: null },
    { action: 'StartTransaction', then: null },
    { action: 'StopTransaction', then: null },
    { action: 'MeterValues', then: null },
    { action: 'TransactionEvent', then: null },
    { action: 'Authorize', then: null },
  ])('given $action while the primary is down then $then', ({ action, then }) => {
    expect(localAnswerOf(action, Date.parse('2026-11-22T01:00:00Z'))).toEqual(then);
  });
});
