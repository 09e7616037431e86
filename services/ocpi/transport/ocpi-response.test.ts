import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../core/clock.ts';
import { ocpiEnvelope } from './ocpi-response.ts';
import { ocpiStatus } from './ocpi-status.ts';

describe('ocpiEnvelope', () => {
  const clock = fixedClock(Date.UTC(2026, 10, 22, 1, 0, 0));
  it.each([
    { given: 'data', data: [{ id: 'LOC1' }], code: undefined, message: undefined, then: { data: [{ id: 'LOC1' }], status_code: 1000, timestamp: '2026-11-22T01:00:00.000Z' } },
    { given: 'no data', data: undefined, code: undefined, message: undefined, then: { status_code: 1000, timestamp: '2026-11-22T01:00:00.000Z' } },
    {
      given: 'an error code and message',
      data: undefined,
      code: ocpiStatus.unknownToken,
      message: 'no such token',
      then: { status_code: 2004, status_message: 'no such token', timestamp: '2026-11-22T01:00:00.000Z' },
    },
    { given: 'null data (kept: it is a value)', data: null, code: undefined, message: undefined, then: { data: null, status_code: 1000, timestamp: '2026-11-22T01:00:00.000Z' } },
  ])('given $given, then the envelope has exactly the fields the spec asks', ({ data, code, message, then }) => {
    expect(ocpiEnvelope(clock, data, code, message)).toEqual(then);
  });
});
