import { describe, expect, it } from 'vitest';
import { parseFrame } from './frame.ts';
import { serializeCall, serializeError, serializeResult } from './serialize.ts';
import type { OcppVersion } from './versions.ts';

const limits = { maxFrameBytes: 1024 };

describe('parseFrame: well-formed frames', () => {
  it.each<{ version: OcppVersion; given: string; then: unknown }>([
    {
      version: 'ocpp1.6',
      given: '[2,"m1","Heartbeat",{}]',
      then: { kind: 'call', messageId: 'm1', action: 'Heartbeat', payload: {} },
    },
    {
      version: 'ocpp2.0.1',
      given: '[2,"m1","TransactionEvent",{"a":1}]',
      then: { kind: 'call', messageId: 'm1', action: 'TransactionEvent', payload: { a: 1 } },
    },
    { version: 'ocpp1.6', given: '[3,"c1",{"status":"Accepted"}]', then: { kind: 'callResult', messageId: 'c1', payload: { status: 'Accepted' } } },
    {
      version: 'ocpp2.0.1',
      given: '[4,"c1","NotSupported","nope",{"x":1}]',
      then: { kind: 'callError', messageId: 'c1', errorCode: 'NotSupported', errorDescription: 'nope', errorDetails: { x: 1 } },
    },
    {
      version: 'ocpp1.6',
      given: '[4,"c1","GenericError","no details"]',
      then: { kind: 'callError', messageId: 'c1', errorCode: 'GenericError', errorDescription: 'no details', errorDetails: {} },
    },
  ])('given $version $given then $then.kind', ({ version, given, then }) => {
    expect(parseFrame(given, version, limits)).toEqual(then);
  });
});

describe('parseFrame: frames answered with a CALLERROR', () => {
  it.each<{ version: OcppVersion; given: string; thenId: string; thenCode: string }>([
    { version: 'ocpp1.6', given: '{not json', thenId: '-1', thenCode: 'FormationViolation' },
    { version: 'ocpp2.0.1', given: '{not json', thenId: '-1', thenCode: 'RpcFrameworkError' },
    { version: 'ocpp1.6', given: '{"a":1}', thenId: '-1', thenCode: 'FormationViolation' },
    { version: 'ocpp2.0.1', given: '{"a":1}', thenId: '-1', thenCode: 'RpcFrameworkError' },
    { version: 'ocpp2.0.1', given: '[2,17,"Heartbeat",{}]', thenId: '-1', thenCode: 'RpcFrameworkError' },
    { version: 'ocpp2.0.1', given: '[]', thenId: '-1', thenCode: 'RpcFrameworkError' },
    { version: 'ocpp2.0.1', given: 'null', thenId: '-1', thenCode: 'RpcFrameworkError' },
    { version: 'ocpp1.6', given: '[2]', thenId: '-1', thenCode: 'FormationViolation' },
    { version: 'ocpp1.6', given: '[2,"","Heartbeat",{}]', thenId: '-1', thenCode: 'FormationViolation' },
    { version: 'ocpp2.0.1', given: '[2,"m1","Heartbeat",{},{}]', thenId: 'm1', thenCode: 'RpcFrameworkError' },
    { version: 'ocpp2.0.1', given: '[7,"m1","Heartbeat",{}]', thenId: 'm1', thenCode: 'MessageTypeNotSupported' },
    { version: 'ocpp2.0.1', given: '["2","m1","Heartbeat",{}]', thenId: 'm1', thenCode: 'MessageTypeNotSupported' },
    { version: 'ocpp1.6', given: `[2,"${'x'.repeat(37)}","Heartbeat",{}]`, thenId: 'x'.repeat(37), thenCode: 'FormationViolation' },
    { version: 'ocpp1.6', given: '[2,"m1","Heartbeat"]', thenId: 'm1', thenCode: 'FormationViolation' },
    { version: 'ocpp2.0.1', given: '[2,"m1",5,{}]', thenId: 'm1', thenCode: 'RpcFrameworkError' },
    { version: 'ocpp1.6', given: '[2,"m1","FlyToTheMoon",{}]', thenId: 'm1', thenCode: 'NotImplemented' },
    { version: 'ocpp2.0.1', given: '[2,"m1","StartTransaction",{}]', thenId: 'm1', thenCode: 'NotImplemented' },
    { version: 'ocpp1.6', given: '[2,"m1","Reset",{"type":"Hard"}]', thenId: 'm1', thenCode: 'NotSupported' },
    { version: 'ocpp1.6', given: '[2,"m1","Heartbeat",[]]', thenId: 'm1', thenCode: 'FormationViolation' },
    { version: 'ocpp2.0.1', given: '[2,"m1","Heartbeat",null]', thenId: 'm1', thenCode: 'FormatViolation' },
    { version: 'ocpp1.6', given: `[2,"big1","DataTransfer",{"vendorId":"${'v'.repeat(2000)}"}]`, thenId: 'big1', thenCode: 'FormationViolation' },
    { version: 'ocpp2.0.1', given: `[2,"big1","DataTransfer",{"vendorId":"${'v'.repeat(2000)}"}]`, thenId: 'big1', thenCode: 'FormatViolation' },
    { version: 'ocpp2.0.1', given: `${' '.repeat(2000)}[`, thenId: '-1', thenCode: 'FormatViolation' },
  ])('given $version $given then CALLERROR $thenCode for id $thenId', ({ version, given, thenId, thenCode }) => {
    const parsed = parseFrame(given, version, limits);
    expect(parsed.kind).toBe('rejected');
    if (parsed.kind === 'rejected') {
      expect(parsed.messageId).toBe(thenId);
      expect(parsed.error.code).toBe(thenCode);
    }
  });
});

describe('parseFrame: frames left unanswered', () => {
  it.each<{ version: OcppVersion; given: string; thenId: string | undefined }>([
    { version: 'ocpp1.6', given: '[7,"m1","Heartbeat",{}]', thenId: 'm1' },
    { version: 'ocpp1.6', given: '[3,"c1"]', thenId: 'c1' },
    { version: 'ocpp1.6', given: `[3,"${'x'.repeat(37)}",{}]`, thenId: 'x'.repeat(37) },
    { version: 'ocpp2.0.1', given: '[3,"c1",[]]', thenId: 'c1' },
    { version: 'ocpp2.0.1', given: '[4,"c1",500,"x",{}]', thenId: 'c1' },
  ])('given $version $given then it is ignored', ({ version, given, thenId }) => {
    const parsed = parseFrame(given, version, limits);
    expect(parsed).toMatchObject({ kind: 'ignored', messageId: thenId });
  });
});

describe('serialize', () => {
  it.each([
    { given: serializeCall('c1', 'Reset', { type: 'Hard' }), then: '[2,"c1","Reset",{"type":"Hard"}]' },
    { given: serializeResult('m1', { currentTime: 'T' }), then: '[3,"m1",{"currentTime":"T"}]' },
    {
      given: serializeError('m1', { code: 'NotImplemented', description: 'unknown', details: {} }),
      then: '[4,"m1","NotImplemented","unknown",{}]',
    },
  ])('given a message then the frame is $then', ({ given, then }) => {
    expect(given).toBe(then);
  });

  it('then a serialized CALL parses back to the same call', () => {
    const text = serializeCall('id-1', 'BootNotification', { chargePointVendor: 'V', chargePointModel: 'M' });
    expect(parseFrame(text, 'ocpp1.6', limits)).toEqual({
      kind: 'call',
      messageId: 'id-1',
      action: 'BootNotification',
      payload: { chargePointVendor: 'V', chargePointModel: 'M' },
    });
  });
});
