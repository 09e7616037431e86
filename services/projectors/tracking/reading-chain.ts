import type { MeterReading } from './meter-readings.ts';

/**
 * A session's meter readings, the latest first, each cell sharing every earlier one. Readings mostly
 * arrive in order, and a new one costs one cell instead of a copy of the whole session's readings; a late
 * reading rebuilds only the cells after it. A cell still in a chain vouches for every reading before it.
 */
export interface ReadingChain {
  readonly reading: MeterReading;
  readonly earlier: ReadingChain | null;
}

/**
 * The readings that came on top of `base`, oldest first; null when `base` is not part of the chain any
 * more (a reading before its last one was inserted or dropped).
 */
export function readingsSince(chain: ReadingChain | null, base: ReadingChain | null): MeterReading[] | null {
  const newer: MeterReading[] = [];
  for (let cell = chain; cell !== base; cell = cell.earlier) {
    if (cell === null) return null;
    newer.push(cell.reading);
  }
  return newer.reverse();
}

/** Every reading, oldest first. */
export function readingsOf(chain: ReadingChain | null): MeterReading[] {
  return readingsSince(chain, null) ?? [];
}

/** The chain without the readings after `at`. */
export function readingsUntil(chain: ReadingChain | null, at: number): ReadingChain | null {
  let kept = chain;
  while (kept !== null && kept.reading.at > at) kept = kept.earlier;
  return kept;
}

/** Where a reading taken at `at` goes: the latest reading not after it, and the readings after it, oldest first. */
export function placeOf(chain: ReadingChain | null, at: number): { readonly previous: ReadingChain | null; readonly later: readonly MeterReading[] } {
  const later: MeterReading[] = [];
  let previous = chain;
  while (previous !== null && previous.reading.at > at) {
    later.push(previous.reading);
    previous = previous.earlier;
  }
  return { previous, later: later.reverse() };
}

/** `readings` (oldest first) placed on top of `chain`. */
export function chainedOnto(chain: ReadingChain | null, readings: readonly MeterReading[]): ReadingChain | null {
  let top = chain;
  for (const reading of readings) top = { reading, earlier: top };
  return top;
}
