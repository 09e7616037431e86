import { describe, expect, it } from 'vitest';
import type { OcppVersion } from '../../edge/protocol/versions.ts';
import type { Upstream } from '../routing/route.ts';
import { answerDifference, type ComparedAnswer } from './compared-answer.ts';
import { sameJson } from './same-json.ts';
import { upstreamCallVerdict } from './upstream-call-policy.ts';

const result = (payload: Record<string, unknown>): ComparedAnswer => ({ kind: 'result', payload });

describe('answerDifference', () => {
  it.each<{ action: string; primary: ComparedAnswer; observer: ComparedAnswer; thenDiffers: boolean }>([
    { action: 'Heartbeat', primary: result({ currentTime: '2026-01-01T00:00:00Z' }), observer: result({ currentTime: '2026-01-01T00:00:01Z' }), thenDiffers: false },
    { action: 'BootNotification', primary: result({ status: 'Accepted', interval: 300, currentTime: 'a' }), observer: result({ status: 'Accepted', interval: 60, currentTime: 'b' }), thenDiffers: true },
    { action: 'StartTransaction', primary: result({ transactionId: 1, idTagInfo: { status: 'Accepted' } }), observer: result({ transactionId: 9, idTagInfo: { status: 'Accepted' } }), thenDiffers: false },
    { action: 'Authorize', primary: result({ idTagInfo: { status: 'Accepted' } }), observer: result({ idTagInfo: { status: 'Invalid' } }), thenDiffers: true },
    { action: 'Authorize', primary: result({ idTagInfo: { status: 'Accepted' } }), observer: { kind: 'error', errorCode: 'InternalError' }, thenDiffers: true },
    { action: 'DataTransfer', primary: { kind: 'error', errorCode: 'NotImplemented' }, observer: { kind: 'error', errorCode: 'NotImplemented' }, thenDiffers: false },
    { action: 'DataTransfer', primary: { kind: 'error', errorCode: 'NotImplemented' }, observer: { kind: 'error', errorCode: 'NotSupported' }, thenDiffers: true },
    { action: 'BootNotification', primary: result({ status: 'Accepted', currentTime: 'a' }), observer: result({ status: 'Accepted' }), thenDiffers: false },
  ])('given $action answers then differs is $thenDiffers', ({ action, primary, observer, thenDiffers }) => {
    expect(answerDifference(action, primary, observer) !== null).toBe(thenDiffers);
  });
});

describe('sameJson', () => {
  it.each<{ given: string; left: unknown; right: unknown; thenSame: boolean }>([
    { given: 'objects in another key order', left: { a: 1, b: [1, { c: 'x' }] }, right: { b: [1, { c: 'x' }], a: 1 }, thenSame: true },
    { given: 'a missing key', left: { a: 1, b: null }, right: { a: 1 }, thenSame: false },
    { given: 'an extra key', left: { a: 1 }, right: { a: 1, b: 2 }, thenSame: false },
    { given: 'a nested difference', left: { a: { b: [1, 2] } }, right: { a: { b: [1, 3] } }, thenSame: false },
    { given: 'arrays of another length', left: [1, 2], right: [1, 2, 3], thenSame: false },
    { given: 'an array and an object', left: { 0: 1 }, right: [1], thenSame: false },
    { given: 'null and an object', left: null, right: {}, thenSame: false },
    { given: '1 and "1"', left: 1, right: '1', thenSame: false },
    { given: 'equal scalars', left: 'Accepted', right: 'Accepted', thenSame: true },
  ])('given $given then same is $thenSame', ({ left, right, thenSame }) => {
    expect(sameJson(left, right)).toBe(thenSame);
    expect(sameJson(right, left)).toBe(thenSame);
  });
});

const upstream = (role: Upstream['role'], allowedActions: string[] = []): Upstream => ({
  name: role === 'primary' ? 'legacy' : 'next',
  role,
  target: { kind: 'remote', url: 'ws://x.example.com', auth: { kind: 'none' } },
  timeouts: { connectMs: 1_000, callMs: 1_000 },
  allowedActions,
  catchUp: 'replay',
});

describe('upstreamCallVerdict', () => {
  it.each<{ version: OcppVersion; upstream: Upstream | undefined; action: string; then: string }>([
    { version: 'ocpp1.6', upstream: upstream('primary'), action: 'Reset', then: 'forward' },
    { version: 'ocpp1.6', upstream: upstream('observer'), action: 'Reset', then: 'NotSupported' },
    { version: 'ocpp2.0.1', upstream: upstream('observer'), action: 'Reset', then: 'SecurityError' },
    { version: 'ocpp1.6', upstream: upstream('observer', ['GetConfiguration']), action: 'GetConfiguration', then: 'forward' },
    { version: 'ocpp1.6', upstream: upstream('observer', ['GetConfiguration']), action: 'ChangeConfiguration', then: 'NotSupported' },
    { version: 'ocpp2.0.1', upstream: undefined, action: 'GetVariables', then: 'SecurityError' },
  ])('given $version $upstream.role $action then $then', ({ version, upstream: from, action, then }) => {
    const verdict = upstreamCallVerdict(version, from, action);
    expect(verdict.kind === 'forward' ? 'forward' : verdict.error.code).toBe(then);
  });
});
