import { localMinutesBetween } from './local-time.ts';
import type { Tariff } from './tariff.ts';
import type { UsageSegment } from './usage.ts';

/** What a slice's prices depend on besides the slice itself: fixed for a session's life. */
export interface PricingTerms {
  /** null: no tariff applies, so the session is measured but has no cost. */
  readonly tariff: Tariff | null;
  /** The location's IANA time zone, which the tariff's time and date restrictions are read in. */
  readonly timeZone: string;
  readonly sessionStart: number;
}

/** A piece of a segment no restriction can change its mind within, so it has one price. */
export interface Slice {
  readonly from: number;
  readonly to: number;
  readonly energyWh: number;
  readonly energyBeforeWh: number;
  readonly charging: boolean;
  readonly powerKw: number | null;
  readonly currentA: number | null;
}

interface Cut {
  readonly at: number;
  readonly energyWh: number;
}

/**
 * The segment cut wherever a restriction can change (local times of day, midnight, duration and energy
 * thresholds). `energyBeforeWh` is what the session consumed before the segment.
 */
export function slicesOf(terms: PricingTerms, segment: UsageSegment, energyBeforeWh: number): Slice[] {
  const slices: Slice[] = [];
  const cuts = terms.tariff === null ? [] : cutsWithin(terms, terms.tariff, segment, energyBeforeWh);
  let previous: Cut = { at: segment.from, energyWh: energyBeforeWh };
  const end: Cut = { at: segment.to, energyWh: energyBeforeWh + segment.energyWh };
  for (const cut of [...cuts, end]) {
    if (cut !== end && cut.at <= previous.at) continue;
    slices.push({
      from: previous.at,
      to: cut.at,
      energyWh: cut.energyWh - previous.energyWh,
      energyBeforeWh: previous.energyWh,
      charging: segment.charging,
      powerKw: segment.powerKw,
      currentA: segment.currentA,
    });
    previous = cut;
  }
  return slices;
}

/** Energy flows evenly within a segment. Not a closure: every slice would pay for naming one. */
function energyAt(segment: UsageSegment, energyBeforeWh: number, at: number): number {
  return energyBeforeWh + (segment.energyWh * (at - segment.from)) / (segment.to - segment.from);
}

/** Instants inside the segment where some restriction of the tariff may start or stop holding. */
function cutsWithin(terms: PricingTerms, tariff: Tariff, segment: UsageSegment, energyBeforeWh: number): Cut[] {
  const span = segment.to - segment.from;
  if (span <= 0) return [];
  const cuts: Cut[] = [];
  const { minutesOfDay, durationsMs, energiesWh } = thresholdsOf(tariff);

  for (const at of localMinutesBetween(segment.from, segment.to, minutesOfDay, terms.timeZone)) cuts.push({ at, energyWh: energyAt(segment, energyBeforeWh, at) });
  for (const durationMs of durationsMs) {
    const at = terms.sessionStart + durationMs;
    if (at > segment.from && at < segment.to) cuts.push({ at, energyWh: energyAt(segment, energyBeforeWh, at) });
  }
  for (const energyWh of energiesWh) {
    if (energyWh > energyBeforeWh && energyWh < energyBeforeWh + segment.energyWh) {
      cuts.push({ at: segment.from + ((energyWh - energyBeforeWh) / segment.energyWh) * span, energyWh });
    }
  }
  return cuts.sort((a, b) => a.at - b.at);
}

interface Thresholds {
  readonly minutesOfDay: readonly number[];
  readonly durationsMs: readonly number[];
  readonly energiesWh: readonly number[];
}

const thresholdCache = new WeakMap<Tariff, Thresholds>();

function thresholdsOf(tariff: Tariff): Thresholds {
  const cached = thresholdCache.get(tariff);
  if (cached !== undefined) return cached;
  // Midnight is always a cut: dates and days of the week change there.
  const minutes = new Set<number>([0]);
  const durations = new Set<number>();
  const energies = new Set<number>();
  for (const { restrictions } of tariff.elements) {
    if (restrictions === undefined) continue;
    for (const time of [restrictions.start_time, restrictions.end_time]) {
      if (time !== undefined) minutes.add(Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5)));
    }
    for (const seconds of [restrictions.min_duration, restrictions.max_duration]) {
      if (seconds !== undefined) durations.add(seconds * 1000);
    }
    for (const kwh of [restrictions.min_kwh, restrictions.max_kwh]) {
      if (kwh !== undefined) energies.add(kwh * 1000);
    }
  }
  const thresholds = { minutesOfDay: [...minutes], durationsMs: [...durations], energiesWh: [...energies] };
  thresholdCache.set(tariff, thresholds);
  return thresholds;
}
