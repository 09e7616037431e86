import { emptyPricing, priceSegment, pricedSessionOf, type PricedSession, type PricingProgress } from '../../pricing/price-session.ts';
import type { MeterReading } from './meter-readings.ts';
import { readingsOf, readingsSince, type ReadingChain } from './reading-chain.ts';
import { closingSegments, meterStartOf, segmentsThrough, type ChargingMark, type TrackedSession } from './tracked-session.ts';

/**
 * The part of a session's usage that later events only extend: the segments from the start through the
 * last meter reading, already priced. A Session or CDR then prices only the rest (the stop reading and
 * the time to the end), so rendering one costs the same at the 600th reading as at the first. What the
 * pricing was read from is kept so a change to it (a late reading inserted before the last one, a
 * charging mark in the past, a stop dropping readings) is seen, and the usage priced again from the start.
 */
export interface SettledUsage {
  readonly progress: PricingProgress;
  /** The readings priced, as the session's chain held them. */
  readonly readings: ReadingChain | null;
  /** The meter point the priced segments end at: the last reading priced, else the meter start, else null. */
  readonly lastPoint: MeterReading | null;
  readonly meterStartWh: number | null;
  /** The charging marks the priced segments were read with. */
  readonly marks: readonly ChargingMark[];
}

/** The session's usage so far, priced: its settled usage extended by the rest, as pricing the whole would. */
export function pricedSession(session: TrackedSession): PricedSession {
  const settled = settledUsageOf(session);
  const stop = session.stopReading === null ? [] : [session.stopReading];
  const tail = [...segmentsThrough(session, settled.lastPoint, stop), ...closingSegments(session, session.stopReading ?? settled.lastPoint)];
  return pricedSessionOf(tail.reduce(priceSegment, settled.progress));
}

/** The session with its settled usage brought up to date; the same session when it already is. */
export function withSettledUsage(session: TrackedSession): TrackedSession {
  const settled = settledUsageOf(session);
  return settled === session.settled ? session : { ...session, settled };
}

function settledUsageOf(session: TrackedSession): SettledUsage {
  const kept = session.settled;
  const newer = kept === null || !stillHolds(kept, session) ? null : readingsSince(session.readings, kept.readings);
  if (kept === null || newer === null) {
    const meterStart = meterStartOf(session);
    const readings = readingsOf(session.readings);
    const terms = { tariff: session.binding.tariff, timeZone: session.binding.timeZone, sessionStart: session.startedAt };
    return settledThrough(session, emptyPricing(terms), null, meterStart === null ? readings : [meterStart, ...readings]);
  }
  return newer.length === 0 ? kept : settledThrough(session, kept.progress, kept.lastPoint, newer);
}

/** `progress`, priced through `previous` (null: nothing yet), extended to each of `points`. */
function settledThrough(session: TrackedSession, progress: PricingProgress, previous: MeterReading | null, points: readonly MeterReading[]): SettledUsage {
  return {
    progress: segmentsThrough(session, previous, points).reduce(priceSegment, progress),
    readings: session.readings,
    lastPoint: points.at(-1) ?? previous,
    meterStartWh: session.meterStartWh,
    marks: session.marks,
  };
}

function stillHolds(settled: SettledUsage, session: TrackedSession): boolean {
  const { terms } = settled.progress;
  if (terms.tariff !== session.binding.tariff || terms.timeZone !== session.binding.timeZone || terms.sessionStart !== session.startedAt) return false;
  if (settled.meterStartWh !== session.meterStartWh) return false;
  return settled.lastPoint === null || sameMarksThrough(settled.marks, session.marks, settled.lastPoint.at);
}

/** Whether both say the same about charging up to `at`, which is all the priced segments read. */
function sameMarksThrough(a: readonly ChargingMark[], b: readonly ChargingMark[], at: number): boolean {
  if (a === b) return true;
  for (let index = 0; ; index += 1) {
    const left = a[index];
    const right = b[index];
    const leftIn = left !== undefined && left.at <= at;
    const rightIn = right !== undefined && right.at <= at;
    if (!leftIn || !rightIn) return leftIn === rightIn;
    if (left.at !== right.at || left.charging !== right.charging) return false;
  }
}
