import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../edge/protocol/frame.ts';
import type { OcppVersion } from '../../edge/protocol/versions.ts';
import { primaryExchangeEvents } from './primary-exchange-events.ts';

const at = Date.parse('2026-11-21T10:00:00Z');
const start16 = { connectorId: 1, idTag: 'TAG', meterStart: 10, timestamp: '2026-11-21T10:00:00Z' };

describe('primaryExchangeEvents', () => {
  it.each<{ given: string; version: OcppVersion; action: string; request: JsonObject; answer: JsonObject; then: string[] | 'request' | 'answer' }>([
    { given: 'a 1.6 start answered with the primary id', version: 'ocpp1.6', action: 'StartTransaction', request: start16, answer: { transactionId: 77, idTagInfo: { status: 'Accepted' } }, then: ['AuthorizationDecided', 'TransactionStarted'] },
    { given: 'a 1.6 authorize the primary blocked', version: 'ocpp1.6', action: 'Authorize', request: { idTag: 'TAG' }, answer: { idTagInfo: { status: 'Blocked' } }, then: ['AuthorizationDecided'] },
    { given: 'a heartbeat', version: 'ocpp1.6', action: 'Heartbeat', request: {}, answer: { currentTime: '2026-11-21T10:00:00Z' }, then: ['HeartbeatReceived'] },
    { given: 'a data transfer', version: 'ocpp1.6', action: 'DataTransfer', request: { vendorId: 'V' }, answer: { status: 'Accepted' }, then: ['VendorDataReceived'] },
    { given: 'a request that breaks its schema', version: 'ocpp1.6', action: 'StartTransaction', request: { ...start16, meterStart: 'ten' }, answer: { transactionId: 77, idTagInfo: { status: 'Accepted' } }, then: 'request' },
    { given: 'an answer without its transaction id', version: 'ocpp1.6', action: 'StartTransaction', request: start16, answer: { idTagInfo: { status: 'Accepted' } }, then: 'answer' },
    { given: 'a 2.0.1 boot', version: 'ocpp2.0.1', action: 'BootNotification', request: { reason: 'PowerUp', chargingStation: { model: 'M', vendorName: 'V' } }, answer: { status: 'Accepted', interval: 60, currentTime: '2026-11-21T10:00:00Z' }, then: ['ChargerBooted'] },
  ])('given $given then $then', ({ version, action, request, answer, then }) => {
    const exchange = primaryExchangeEvents(version, { messageId: 'm1', action, payload: request, receivedAt: at }, 'CP-1', answer);
    if (typeof then === 'string') {
      expect(exchange).toMatchObject({ kind: 'unreadable', side: then });
      return;
    }
    expect(exchange.kind === 'events' ? exchange.events.map((event) => event.body.type) : exchange).toEqual(then);
  });

  it('given a 1.6 start then the transaction carries the primary id', () => {
    const exchange = primaryExchangeEvents('ocpp1.6', { messageId: 'm1', action: 'StartTransaction', payload: start16, receivedAt: at }, 'CP-1', { transactionId: 77, idTagInfo: { status: 'Accepted' } });
    expect(exchange.kind === 'events' ? exchange.events.find((event) => event.body.type === 'TransactionStarted')?.body : exchange).toMatchObject({ transactionId: '77' });
  });
});
