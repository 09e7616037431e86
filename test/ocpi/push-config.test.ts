import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../services/core/config/config.ts';
import { loadPushRetry } from '../../services/ocpi/push/push-config.ts';

describe('push backoff from SWITCHYARD_OCPI_PUSH_*', () => {
  const table: readonly { given: Record<string, string>; then: { initialBackoffMs: number; maxBackoffMs: number } }[] = [
    { given: {}, then: { initialBackoffMs: 500, maxBackoffMs: 60_000 } },
    { given: { SWITCHYARD_OCPI_PUSH_INITIAL_BACKOFF_MS: '100', SWITCHYARD_OCPI_PUSH_MAX_BACKOFF_MS: '5000' }, then: { initialBackoffMs: 100, maxBackoffMs: 5_000 } },
    { given: { SWITCHYARD_OCPI_PUSH_MAX_BACKOFF_MS: '' }, then: { initialBackoffMs: 500, maxBackoffMs: 60_000 } },
  ];
  it.each(table)('given $given, attempts never stop', ({ given, then }) => {
    expect(loadPushRetry(given)).toEqual({ ...then, maxAttempts: Number.POSITIVE_INFINITY });
  });

  it.each([
    [{ SWITCHYARD_OCPI_PUSH_INITIAL_BACKOFF_MS: '0' }, 'SWITCHYARD_OCPI_PUSH_INITIAL_BACKOFF_MS'],
    [{ SWITCHYARD_OCPI_PUSH_MAX_BACKOFF_MS: 'soon' }, 'SWITCHYARD_OCPI_PUSH_MAX_BACKOFF_MS'],
    [{ SWITCHYARD_OCPI_PUSH_INITIAL_BACKOFF_MS: '2000', SWITCHYARD_OCPI_PUSH_MAX_BACKOFF_MS: '1000' }, 'must not be below'],
  ])('refuses %j', (given, problem) => {
    expect(() => loadPushRetry(given)).toThrow(ConfigError);
    expect(() => loadPushRetry(given)).toThrow(problem);
  });
});
