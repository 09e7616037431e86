import { describe, expect, it } from 'vitest';
import { planFeed, type RecordedFrame } from '../../services/replay/feed-plan.ts';

const frame = (overrides: Partial<RecordedFrame> & Pick<RecordedFrame, 'direction' | 'messageType' | 'text'>): RecordedFrame => ({
  chargerId: 'CP-1',
  connectionId: 'c1',
  messageId: overrides.messageId ?? (JSON.parse(overrides.text) as unknown[])[1] as string,
  protocol: 'ocpp1.6',
  ...overrides,
});
const call = (id: string, action: string, payload: unknown, more: Partial<RecordedFrame> = {}) =>
  frame({ direction: 'IN', messageType: 'CALL', text: JSON.stringify([2, id, action, payload]), ...more });
const answer = (id: string, payload: unknown, more: Partial<RecordedFrame> = {}) =>
  frame({ direction: 'OUT', messageType: 'CALLRESULT', text: JSON.stringify([3, id, payload]), ...more });

describe('planFeed', () => {
  it.each([
    {
      name: 'a call and its answer',
      frames: [call('1', 'Heartbeat', {}), answer('1', { currentTime: 'T' })],
      then: [{ chargerId: 'CP-1', protocol: 'ocpp1.6', otherProtocolCalls: 0, calls: [{ sequence: 0, action: 'Heartbeat', originalMessageId: '1', payload: {}, recorded: { kind: 'result', payload: { currentTime: 'T' } } }] }],
    },
    {
      name: 'CSMS-initiated calls and the charger\'s answers are not replayed',
      frames: [
        frame({ direction: 'OUT', messageType: 'CALL', text: JSON.stringify([2, 'r', 'Reset', { type: 'Soft' }]) }),
        frame({ direction: 'IN', messageType: 'CALLRESULT', text: JSON.stringify([3, 'r', { status: 'Accepted' }]) }),
      ],
      then: [],
    },
    {
      name: 'an error answer, and an answer on another connection does not pair with a reused id',
      frames: [
        call('1', 'Authorize', { idTag: 'A' }),
        frame({ direction: 'OUT', messageType: 'CALLERROR', text: JSON.stringify([4, '1', 'FormationViolation', 'bad', {}]) }),
        call('1', 'Authorize', { idTag: 'B' }, { connectionId: 'c2' }),
      ],
      then: [
        {
          chargerId: 'CP-1',
          protocol: 'ocpp1.6',
          otherProtocolCalls: 0,
          calls: [
            { sequence: 0, action: 'Authorize', originalMessageId: '1', payload: { idTag: 'A' }, recorded: { kind: 'error', code: 'FormationViolation', description: 'bad' } },
            { sequence: 1, action: 'Authorize', originalMessageId: '1', payload: { idTag: 'B' }, recorded: null },
          ],
        },
      ],
    },
    {
      name: 'chargers sorted by id; unparseable calls and calls in another protocol left out',
      frames: [
        call('1', 'Heartbeat', {}, { chargerId: 'CP-2' }),
        frame({ direction: 'IN', messageType: 'CALL', text: '[2, "x", "Heart', messageId: 'x' }),
        call('2', 'Heartbeat', {}, { chargerId: 'CP-2', protocol: 'ocpp2.0.1' }),
        call('3', 'Heartbeat', {}),
      ],
      then: [
        { chargerId: 'CP-1', protocol: 'ocpp1.6', otherProtocolCalls: 0, calls: [{ sequence: 0, action: 'Heartbeat', originalMessageId: '3', payload: {}, recorded: null }] },
        { chargerId: 'CP-2', protocol: 'ocpp1.6', otherProtocolCalls: 1, calls: [{ sequence: 0, action: 'Heartbeat', originalMessageId: '1', payload: {}, recorded: null }] },
      ],
    },
  ])('given $name', ({ frames, then }) => {
    expect(planFeed(frames)).toEqual(then);
  });
});
