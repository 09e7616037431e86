import { describeError } from '../../core/errors.ts';
import { realtimeAnswer, type RealtimeAuthorizer } from './realtime-authorization.ts';

/** Grace on top of the eMSP timeout for the OCPI service's own work and the loopback hop. */
const transportGraceMs = 500;

/**
 * Asks the OCPI service's admin API (`{adminUrl}/ocpi/authorize`, bearer admin token). Anything but a
 * well-formed answer in time (refused connection, 404 from an admin API without the OCPI service, timeout)
 * is `unreachable`, so the token list's fallback decides.
 */
export function httpRealtimeAuthorizer(deps: { readonly adminUrl: string; readonly adminToken: string }): RealtimeAuthorizer {
  const url = `${deps.adminUrl.replace(/\/+$/, '')}/ocpi/authorize`;
  return {
    async authorize(request) {
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: { authorization: `Bearer ${deps.adminToken}`, 'content-type': 'application/json' },
          body: JSON.stringify(request),
          signal: AbortSignal.timeout(request.timeout_ms + transportGraceMs),
        });
        const body = (await response.json()) as unknown;
        if (!response.ok) return { outcome: 'unreachable', reason: `the OCPI service answered HTTP ${response.status}` };
        const parsed = realtimeAnswer.safeParse(body);
        return parsed.success ? parsed.data : { outcome: 'unreachable', reason: 'the OCPI service answered something else than an authorization' };
      } catch (error) {
        return { outcome: 'unreachable', reason: `the OCPI service cannot be reached: ${describeError(error)}` };
      }
    },
  };
}
