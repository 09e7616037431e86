import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock.ts';

/**
 * Event ids are ULIDs: 26 characters, unique without coordination, and sorting them sorts by creation
 * time, which makes them good ClickHouse ordering keys and easy to read in logs. (UUIDv7 has the same
 * properties but no generator in Node 20.) Ids from one generator are strictly increasing even within
 * one millisecond or when the clock steps back.
 *
 * The random part is drawn from crypto once per generator and then counts up by one per id, also across
 * milliseconds: generators in other processes start at other random points of an 80-bit space, so they
 * stay unique, and the hot path (the edge makes one per frame) costs no random bytes.
 */
/** Pass the time when the caller already read the clock, so the id and a recorded time agree. */
export type EventIdGenerator = (epochMs?: number) => string;

const crockford = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const timeChars = 10;
/** The 80-bit random part as two 40-bit halves (8 characters each), exact in a double. */
const halfChars = 8;
const halfRange = 2 ** 40;
const maxTime = 2 ** 48 - 1;

function encodeBase32(value: number, length: number): string {
  let text = '';
  let rest = value;
  for (let index = 0; index < length; index++) {
    text = crockford.charAt(rest % 32) + text;
    rest = Math.floor(rest / 32);
  }
  return text;
}

function readUint40(bytes: Buffer, offset: number): number {
  return bytes.readUIntBE(offset, 5);
}

/** Base32 of every 10-bit value: the counter's last two characters come from here, one lookup per id. */
const lastTwoChars = Array.from({ length: 1024 }, (_, value) => encodeBase32(value, 2));

export function createEventIdGenerator(clock: Clock): EventIdGenerator {
  const seed = randomBytes(10);
  // The top bit starts clear: 2^79 ids fit before the counter could wrap, so it never does.
  let high = readUint40(seed, 0) % (halfRange / 2);
  let low = readUint40(seed, 5);
  let highText = encodeBase32(high, halfChars);
  /** The low half's first six characters, which change once every 1024 ids. */
  let lowPrefix = encodeBase32(Math.floor(low / 1024), halfChars - 2);
  let lastTime = Number.NEGATIVE_INFINITY;
  let timeText = '';
  return (epochMs) => {
    const time = epochMs ?? clock.now();
    if (time > lastTime) {
      if (!Number.isInteger(time) || time < 0 || time > maxTime) throw new RangeError(`a ULID cannot carry the time ${time}`);
      lastTime = time;
      timeText = encodeBase32(time, timeChars);
    }
    low += 1;
    if (low === halfRange) {
      low = 0;
      high += 1;
      highText = encodeBase32(high, halfChars);
    }
    const lastTen = low % 1024;
    if (lastTen === 0) lowPrefix = encodeBase32(low / 1024, halfChars - 2);
    return timeText + highText + lowPrefix + (lastTwoChars[lastTen] as string);
  };
}
