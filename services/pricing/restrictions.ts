import { dayNumberOf, type LocalParts } from './local-time.ts';
import type { TariffRestrictions } from './tariff.ts';

/** Everything a TariffRestrictions object can be checked against, at one instant of a session. */
export interface RestrictionContext {
  readonly local: LocalParts;
  /** Energy consumed since the session started. */
  readonly kwh: number;
  readonly durationSeconds: number;
  readonly powerKw: number | null;
  readonly currentA: number | null;
}

const minutesPerDay = 24 * 60;

const parsed = new Map<string, number>();

/** Restriction times and dates are few and read on every priced slice: each is parsed once. */
function memoized(text: string, parse: (text: string) => number): number {
  let value = parsed.get(text);
  if (value === undefined) {
    value = parse(text);
    parsed.set(text, value);
  }
  return value;
}

function minuteOf(time: string): number {
  return memoized(time, (text) => Number(text.slice(0, 2)) * 60 + Number(text.slice(3, 5)));
}

function dayOf(date: string): number {
  return memoized(date, dayNumberOf);
}

/** start_time inclusive, end_time exclusive; end before start wraps past midnight; "00:00" ends the day. */
function matchesTimeOfDay(restrictions: TariffRestrictions, minuteOfDay: number): boolean {
  const start = restrictions.start_time === undefined ? 0 : minuteOf(restrictions.start_time);
  const endRaw = restrictions.end_time === undefined ? minutesPerDay : minuteOf(restrictions.end_time);
  const end = endRaw === 0 ? minutesPerDay : endRaw;
  if (start === end) return true;
  if (start < end) return minuteOfDay >= start && minuteOfDay < end;
  return minuteOfDay >= start || minuteOfDay < end;
}

function atLeast(bound: number | undefined, value: number | null): boolean {
  if (bound === undefined) return true;
  return value !== null && value >= bound;
}

function below(bound: number | undefined, value: number | null): boolean {
  if (bound === undefined) return true;
  return value !== null && value < bound;
}

/**
 * All set restrictions must hold (OCPI: logical AND). Reservation elements price reservations, which are
 * not charging sessions, so they never match here. An unknown power or current fails a power or current
 * restriction: the fallback element then prices the period instead of a guess.
 */
export function restrictionsMatch(restrictions: TariffRestrictions | undefined, context: RestrictionContext): boolean {
  if (restrictions === undefined) return true;
  if (restrictions.reservation !== undefined) return false;
  return (
    matchesTimeOfDay(restrictions, context.local.minuteOfDay) &&
    (restrictions.start_date === undefined || context.local.dayNumber >= dayOf(restrictions.start_date)) &&
    (restrictions.end_date === undefined || context.local.dayNumber < dayOf(restrictions.end_date)) &&
    (restrictions.day_of_week === undefined || restrictions.day_of_week.includes(context.local.dayOfWeek)) &&
    atLeast(restrictions.min_kwh, context.kwh) &&
    below(restrictions.max_kwh, context.kwh) &&
    atLeast(restrictions.min_current, context.currentA) &&
    below(restrictions.max_current, context.currentA) &&
    atLeast(restrictions.min_power, context.powerKw) &&
    below(restrictions.max_power, context.powerKw) &&
    atLeast(restrictions.min_duration, context.durationSeconds) &&
    below(restrictions.max_duration, context.durationSeconds)
  );
}
