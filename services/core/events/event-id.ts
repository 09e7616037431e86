import { monotonicFactory } from 'ulid';
import type { Clock } from '../clock.ts';

/**
 * Event ids are ULIDs: 26 characters, unique without coordination, and sorting them sorts by creation
 * time, which makes them good ClickHouse ordering keys and easy to read in logs. (UUIDv7 has the same
 * properties but no generator in Node 20; `ulid` is already a dependency.) Ids from one generator are
 * strictly increasing even within one millisecond or when the clock steps back.
 */
/** Pass the time when the caller already read the clock, so the id and a recorded time agree. */
export type EventIdGenerator = (epochMs?: number) => string;

export function createEventIdGenerator(clock: Clock): EventIdGenerator {
  const next = monotonicFactory();
  return (epochMs) => next(epochMs ?? clock.now());
}
