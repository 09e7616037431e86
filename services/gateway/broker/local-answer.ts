import type { JsonObject } from '../../edge/protocol/frame.ts';

/**
 * What the gateway may answer itself while the primary is unreachable (when the route allows it): the
 * messages whose answer decides nothing. Heartbeat and StatusNotification answers have the same shape
 * in 1.6 and 2.0.1. Everything else, transaction messages first, waits for the primary or is refused.
 */
export function localAnswerOf(action: string, now: number): JsonObject | null {
  switch (action) {
    case 'Heartbeat':
      return { currentTime: new Date(now).toISOString() };
    case 'StatusNotification':
      return {};
    default:
      return null;
  }
}
