import { describe, expect, it } from 'vitest';
import { parseUpstreamFrame, type UpstreamFrame } from './upstream-frame.ts';

describe('parseUpstreamFrame', () => {
  it.each<{ text: string; then: UpstreamFrame }>([
    { text: '[2,"a1","Reset",{"type":"Soft"}]', then: { kind: 'call', messageId: 'a1', action: 'Reset', payload: { type: 'Soft' } } },
    { text: '[3,"a2",{"status":"Accepted"}]', then: { kind: 'callResult', messageId: 'a2', payload: { status: 'Accepted' } } },
    { text: '[4,"a3","InternalError","boom",{}]', then: { kind: 'callError', messageId: 'a3', errorCode: 'InternalError', errorDescription: 'boom', errorDetails: {} } },
    { text: '[4,"a4","InternalError","no details"]', then: { kind: 'callError', messageId: 'a4', errorCode: 'InternalError', errorDescription: 'no details', errorDetails: {} } },
    { text: '[2,"a5","Reset"]', then: { kind: 'unreadable', messageId: 'a5' } },
    { text: '[3,"a6",[]]', then: { kind: 'unreadable', messageId: 'a6' } },
    { text: '[2,7,"Reset",{}]', then: { kind: 'unreadable', messageId: null } },
    { text: 'not json', then: { kind: 'unreadable', messageId: null } },
  ])('given $text then $then.kind', ({ text, then }) => {
    expect(parseUpstreamFrame(text)).toEqual(then);
  });
});
