import type { DayOfWeek } from './tariff.ts';

/**
 * Tariff restrictions speak the location's local time (OCPI: Location.time_zone). These helpers turn
 * epoch instants into local wall-clock parts and back with the IANA rules built into Node, so pricing
 * stays a pure function of its inputs.
 */
export interface LocalParts {
  /** Local calendar day as days since 1970-01-01. */
  readonly dayNumber: number;
  readonly dayOfWeek: DayOfWeek;
  /** Minutes since local midnight, seconds as a fraction. */
  readonly minuteOfDay: number;
}

/** Indexed by day number modulo 7: 1970-01-01 was a Thursday. */
const daysOfWeek: readonly DayOfWeek[] = ['THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY', 'MONDAY', 'TUESDAY', 'WEDNESDAY'];
const minuteMs = 60_000;
const dayMs = 24 * 60 * minuteMs;
/** Offsets are multiples of 15 minutes and change at local quarter hours, so a UTC quarter hour has one offset. */
const offsetBucketMs = 15 * minuteMs;
const maxCachedOffsets = 200_000;
const formatters = new Map<string, Intl.DateTimeFormat>();
const offsetsByZone = new Map<string, Map<number, number>>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

function computeOffset(bucketStart: number, timeZone: string): number {
  const fields: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(bucketStart)) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  const wall = Date.UTC(fields.year ?? 1970, (fields.month ?? 1) - 1, fields.day ?? 1, fields.hour ?? 0, fields.minute ?? 0);
  return wall - bucketStart;
}

/** Local time minus UTC at `epochMs`. Memoized: Intl formatting is the slow part of pricing. */
export function utcOffsetMs(epochMs: number, timeZone: string): number {
  const bucketStart = Math.floor(epochMs / offsetBucketMs) * offsetBucketMs;
  let offsets = offsetsByZone.get(timeZone);
  if (offsets === undefined) {
    offsets = new Map();
    offsetsByZone.set(timeZone, offsets);
  }
  let offset = offsets.get(bucketStart);
  if (offset === undefined) {
    offset = computeOffset(bucketStart, timeZone);
    if (offsets.size >= maxCachedOffsets) offsets.clear();
    offsets.set(bucketStart, offset);
  }
  return offset;
}

export function localParts(epochMs: number, timeZone: string): LocalParts {
  const wall = epochMs + utcOffsetMs(epochMs, timeZone);
  const dayNumber = Math.floor(wall / dayMs);
  return {
    dayNumber,
    dayOfWeek: daysOfWeek[((dayNumber % 7) + 7) % 7] ?? 'THURSDAY',
    minuteOfDay: (wall - dayNumber * dayMs) / minuteMs,
  };
}

/** A YYYY-MM-DD date as days since 1970-01-01. */
export function dayNumberOf(date: string): number {
  return Math.floor(Date.parse(`${date}T00:00:00Z`) / dayMs);
}

/** The instant the local clock shows `minuteOfDay` (1440 = the next midnight) on the local day of `epochMs`. */
function instantOfLocalMinute(epochMs: number, minuteOfDay: number, timeZone: string): number {
  const wall = epochMs + utcOffsetMs(epochMs, timeZone);
  const targetWall = Math.floor(wall / dayMs) * dayMs + minuteOfDay * minuteMs;
  // Two passes settle the offset when the target lies on the other side of a DST change.
  let guess = targetWall - utcOffsetMs(epochMs, timeZone);
  for (let pass = 0; pass < 2; pass += 1) guess = targetWall - utcOffsetMs(guess, timeZone);
  return guess;
}

function nextLocalMidnight(epochMs: number, timeZone: string): number {
  return instantOfLocalMinute(epochMs, 24 * 60, timeZone);
}

/**
 * The instants strictly between `from` and `to` at which the local clock shows one of `minutesOfDay`.
 * When the offset is the same at both ends (no DST change inside), plain arithmetic on the wall clock.
 */
export function localMinutesBetween(from: number, to: number, minutesOfDay: readonly number[], timeZone: string): number[] {
  const instants: number[] = [];
  const offset = utcOffsetMs(from, timeZone);
  if (offset === utcOffsetMs(to, timeZone)) {
    const wallFrom = from + offset;
    const wallTo = to + offset;
    for (let day = Math.floor(wallFrom / dayMs) * dayMs; day < wallTo; day += dayMs) {
      for (const minute of minutesOfDay) {
        const wall = day + minute * minuteMs;
        if (wall > wallFrom && wall < wallTo) instants.push(wall - offset);
      }
    }
    return instants;
  }
  for (let day = from; day < to; ) {
    for (const minute of minutesOfDay) {
      const at = instantOfLocalMinute(day, minute, timeZone);
      if (at > from && at < to) instants.push(at);
    }
    const next = nextLocalMidnight(day, timeZone);
    if (next <= day) break;
    day = next;
  }
  return instants;
}
