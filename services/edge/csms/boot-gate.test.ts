import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../protocol/frame.ts';
import type { OcppVersion } from '../protocol/versions.ts';
import type { RegistrationStatus } from '../normalize/domain-events.ts';
import { actionTriggeredBy, refuseBeforeAcceptance } from './boot-gate.ts';

describe('refuseBeforeAcceptance', () => {
  it.each<{ version: OcppVersion; action: string; registration: RegistrationStatus | null; triggered: string[]; thenRefused: boolean }>([
    { version: 'ocpp2.0.1', action: 'StatusNotification', registration: 'Rejected', triggered: [], thenRefused: true },
    { version: 'ocpp2.0.1', action: 'StatusNotification', registration: 'Pending', triggered: [], thenRefused: true },
    { version: 'ocpp2.0.1', action: 'StatusNotification', registration: 'Pending', triggered: ['StatusNotification'], thenRefused: false },
    { version: 'ocpp2.0.1', action: 'StatusNotification', registration: 'Rejected', triggered: ['StatusNotification'], thenRefused: true },
    { version: 'ocpp2.0.1', action: 'BootNotification', registration: 'Rejected', triggered: [], thenRefused: false },
    { version: 'ocpp2.0.1', action: 'Heartbeat', registration: 'Accepted', triggered: [], thenRefused: false },
    { version: 'ocpp2.0.1', action: 'Heartbeat', registration: null, triggered: [], thenRefused: false },
    { version: 'ocpp1.6', action: 'StatusNotification', registration: 'Rejected', triggered: [], thenRefused: false },
    { version: 'ocpp1.6', action: 'Heartbeat', registration: 'Pending', triggered: [], thenRefused: false },
  ])('given $version $action while $registration (triggered $triggered) then refused is $thenRefused', ({ version, action, registration, triggered, thenRefused }) => {
    const refusal = refuseBeforeAcceptance(version, action, registration, new Set(triggered));
    expect(refusal === null ? null : refusal.code).toBe(thenRefused ? 'SecurityError' : null);
  });
});

describe('actionTriggeredBy', () => {
  it.each<{ action: string; payload: JsonObject; then: string | null }>([
    { action: 'TriggerMessage', payload: { requestedMessage: 'StatusNotification' }, then: 'StatusNotification' },
    { action: 'TriggerMessage', payload: { requestedMessage: 'SignV2GCertificate' }, then: 'SignCertificate' },
    { action: 'GetBaseReport', payload: { requestId: 1, reportBase: 'FullInventory' }, then: 'NotifyReport' },
    { action: 'GetReport', payload: { requestId: 1 }, then: 'NotifyReport' },
    { action: 'Reset', payload: { type: 'Immediate' }, then: null },
  ])('given $action $payload then $then', ({ action, payload, then }) => {
    expect(actionTriggeredBy(action, payload)).toBe(then);
  });
});
