import { describe, expect, it } from 'vitest';
import { missedCallOf, type MissedCall, type RecordedFrame } from './missed-call.ts';

const heartbeat: RecordedFrame = { upstream: null, direction: 'IN', messageType: 'CALL', protocol: 'ocpp1.6', text: '[2,"m1","Heartbeat",{}]', receivedAt: 1_000 };

describe('missedCallOf', () => {
  it.each<{ case: string; frame: RecordedFrame; since: number; then: MissedCall | null }>([
    { case: 'a charger CALL', frame: heartbeat, since: 1_000, then: { messageId: 'm1', receivedAt: 1_000, action: 'Heartbeat', payload: {} } },
    {
      case: 'a 2.0.1 CALL',
      frame: { ...heartbeat, protocol: 'ocpp2.0.1', text: '[2,"m2","StatusNotification",{"evseId":1}]' },
      since: 0,
      then: { messageId: 'm2', receivedAt: 1_000, action: 'StatusNotification', payload: { evseId: 1 } },
    },
    { case: 'received before the first missed call', frame: heartbeat, since: 1_001, then: null },
    { case: 'the gateway frame to an upstream', frame: { ...heartbeat, upstream: 'next' }, since: 0, then: null },
    { case: 'an answer to the charger', frame: { ...heartbeat, direction: 'OUT', messageType: 'CALLRESULT', text: '[3,"m1",{}]' }, since: 0, then: null },
    { case: 'a CALL the edge refused (unknown action)', frame: { ...heartbeat, text: '[2,"m3","Teleport",{}]' }, since: 0, then: null },
    { case: 'a CALL a CSMS sends, not a charger', frame: { ...heartbeat, text: '[2,"m4","Reset",{"type":"Soft"}]' }, since: 0, then: null },
    { case: 'unparseable text', frame: { ...heartbeat, messageType: 'UNPARSEABLE', text: '[2,"m5",' }, since: 0, then: null },
    { case: 'an unknown protocol', frame: { ...heartbeat, protocol: 'ocpp1.5' }, since: 0, then: null },
  ])('given $case then $then', ({ frame, since, then }) => {
    expect(missedCallOf(frame, since)).toEqual(then);
  });
});
