import { describe, expect, it } from 'vitest';
import { loadRealtimeAuthorizationConfig } from './realtime-config.ts';

describe('loadRealtimeAuthorizationConfig', () => {
  const listen = { adminPort: 8080 };

  it('asks this process\'s own admin API by default, for 3 s, refusing NEVER tokens without an answer', () => {
    expect(loadRealtimeAuthorizationConfig({}, listen)).toEqual({ adminUrl: 'http://127.0.0.1:8080/api', timeoutMs: 3_000, fallback: 'reject' });
  });

  it('reads the OCPI service\'s admin API, the timeout and the fallback', () => {
    expect(
      loadRealtimeAuthorizationConfig(
        { SWITCHYARD_EDGE_REALTIME_AUTH_URL: 'http://ocpi:8080/api', SWITCHYARD_EDGE_REALTIME_AUTH_TIMEOUT_MS: '1500', SWITCHYARD_EDGE_REALTIME_AUTH_FALLBACK: 'accept' },
        listen,
      ),
    ).toEqual({ adminUrl: 'http://ocpi:8080/api', timeoutMs: 1_500, fallback: 'accept' });
  });

  it.each([
    // given a setting; then the variable named in the refusal
    [{ SWITCHYARD_EDGE_REALTIME_AUTH_URL: 'ocpi:8080' }, 'SWITCHYARD_EDGE_REALTIME_AUTH_URL'],
    [{ SWITCHYARD_EDGE_REALTIME_AUTH_TIMEOUT_MS: '0' }, 'SWITCHYARD_EDGE_REALTIME_AUTH_TIMEOUT_MS'],
    [{ SWITCHYARD_EDGE_REALTIME_AUTH_FALLBACK: 'maybe' }, 'SWITCHYARD_EDGE_REALTIME_AUTH_FALLBACK'],
  ])('refuses %j', (env, variable) => {
    expect(() => loadRealtimeAuthorizationConfig(env, listen)).toThrow(variable);
  });
});
