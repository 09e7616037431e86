import { describe, expect, it } from 'vitest';
import { expiredKeys, isLive } from './expiry.ts';

const t0 = Date.parse('2026-11-21T10:00:00Z');

describe('expiry', () => {
  it.each([
    // given an entry's expiry and a time; then whether it is live
    { given: 'a minute before expiry', expiresAt: t0 + 60_000, now: t0, live: true },
    { given: 'a millisecond before expiry', expiresAt: t0 + 1, now: t0, live: true },
    { given: 'the expiry instant', expiresAt: t0, now: t0, live: false },
    { given: 'after expiry', expiresAt: t0 - 1, now: t0, live: false },
  ])('given $given, then live: $live', ({ expiresAt, now, live }) => {
    expect(isLive({ expires_at: expiresAt }, now)).toBe(live);
  });

  it('when sweeping, then only the expired keys are removed', () => {
    const entries = [
      ['A', { expires_at: t0 - 1 }],
      ['B', { expires_at: t0 + 1 }],
      ['C', { expires_at: t0 }],
    ] as const;
    expect(expiredKeys(entries, t0)).toEqual(['A', 'C']);
  });
});
