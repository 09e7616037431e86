import type { Logger } from 'pino';
import type { Clock } from '../../core/clock.ts';
import { expiredKeys } from './expiry.ts';
import type { SharedState, SharedTopic } from './shared-state.ts';

/**
 * Tombstones the expired entries of a shared state every `everyMs`, so the compacted topic forgets them.
 * Every instance sweeps (a tombstone written twice is harmless); reads never wait for a sweep, since
 * expiry is also decided when an entry is read.
 */
export function startExpirySweep(deps: {
  readonly state: SharedState<'switchyard.ocpi.reservations' | 'switchyard.ocpi.command-grants'>;
  readonly clock: Clock;
  readonly everyMs: number;
  readonly logger: Logger;
}): { stop(): void } {
  const sweep = (): void => {
    for (const key of expiredKeys(deps.state.entries(), deps.clock.now())) {
      deps.state.put(key, null).catch((error: unknown) => deps.logger.warn({ err: error, key }, 'an expired entry could not be removed; the next sweep tries again'));
    }
  };
  const timer = setInterval(sweep, deps.everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
