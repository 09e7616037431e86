import { describe, expect, it } from 'vitest';
import { SwitchyardError } from '../errors.ts';
import { deadLetterRequest } from './dead-letter.ts';
import type { BusRecord } from './event-bus.ts';

const failed: BusRecord = {
  topic: 'switchyard.ocpp.events',
  partition: 7,
  offset: 42,
  key: 'CP-0001',
  value: new Uint8Array([1, 2, 3]),
  headers: { 'x-trace': 'abc' },
  timestamp: 1_700_000_000_000,
};

describe('deadLetterRequest', () => {
  it('given a failed record, when dead-lettered, then keeps key, value and headers and says why and where from', () => {
    const error = new SwitchyardError('frame.invalid', 'missing connectorId', { retriable: false });

    expect(deadLetterRequest(failed, error, { group: 'projector.sessions', attempts: 1 })).toEqual({
      topic: 'switchyard.ocpp.events.dlq',
      key: 'CP-0001',
      value: new Uint8Array([1, 2, 3]),
      headers: {
        'x-trace': 'abc',
        'x-dlq-error': 'SwitchyardError: missing connectorId',
        'x-dlq-source-topic': 'switchyard.ocpp.events',
        'x-dlq-source-partition': '7',
        'x-dlq-source-offset': '42',
        'x-dlq-group': 'projector.sessions',
        'x-dlq-attempts': '1',
      },
    });
  });

  it('given a tombstone and a thrown string, when dead-lettered, then keeps the tombstone and the text', () => {
    const request = deadLetterRequest({ ...failed, value: null }, 'boom', { group: 'g', attempts: 3 });

    expect(request.value).toBeNull();
    expect(request.headers?.['x-dlq-error']).toBe('boom');
    expect(request.headers?.['x-dlq-attempts']).toBe('3');
  });
});
