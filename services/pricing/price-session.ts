import { localMinutesBetween, localParts } from './local-time.ts';
import { ocpiDateTime } from './ocpi-date-time.ts';
import { restrictionsMatch, type RestrictionContext } from './restrictions.ts';
import type { PriceComponent, Tariff, TariffDimensionType } from './tariff.ts';
import type { UsageSegment } from './usage.ts';

export interface PricingInput {
  /** null: no tariff applies, so the session is measured but has no cost. */
  readonly tariff: Tariff | null;
  /** The location's IANA time zone, which the tariff's time and date restrictions are read in. */
  readonly timeZone: string;
  readonly sessionStart: number;
  /** Consecutive, in time order, starting at sessionStart. */
  readonly segments: readonly UsageSegment[];
}

export type CdrDimensionType = 'ENERGY' | 'TIME' | 'PARKING_TIME';

export interface CdrDimension {
  readonly type: CdrDimensionType;
  readonly volume: number;
}

/** OCPI 2.2.1 ChargingPeriod. */
export interface ChargingPeriod {
  readonly start_date_time: string;
  readonly dimensions: readonly CdrDimension[];
  readonly tariff_id?: string;
}

export interface Money {
  readonly excl_vat: number;
  readonly incl_vat: number;
}

export interface CostBreakdown {
  readonly total: Money;
  /** FLAT components (OCPI total_fixed_cost). */
  readonly fixed: Money;
  readonly energy: Money;
  /** TIME: time charging. */
  readonly time: Money;
  readonly parking: Money;
}

export interface PricedSession {
  readonly chargingPeriods: readonly ChargingPeriod[];
  readonly totalEnergyKwh: number;
  /** Whole session, charging and not charging. */
  readonly totalTimeHours: number;
  readonly totalParkingTimeHours: number;
  readonly cost: CostBreakdown | null;
}

interface Slice {
  readonly from: number;
  readonly to: number;
  readonly energyWh: number;
  readonly energyBeforeWh: number;
  readonly charging: boolean;
  readonly powerKw: number | null;
  readonly currentA: number | null;
}

interface Selected {
  readonly elementIndex: number;
  readonly component: PriceComponent;
}

interface SlicePrice {
  readonly slice: Slice;
  readonly energy: Selected | null;
  /** TIME while charging, PARKING_TIME while not. */
  readonly timeBased: Selected | null;
}

interface Cut {
  readonly at: number;
  readonly energyWh: number;
}

const hourMs = 3_600_000;

/**
 * Prices a session under one OCPI 2.2.1 tariff: the live cost of an ongoing session and the CDR's
 * totals come from this one function. For every dimension the first tariff element with a component of
 * that dimension whose restrictions hold is used; segments are cut wherever a restriction can change
 * (local times of day, midnight, duration and energy thresholds) so each piece has one price. step_size
 * is applied once per session for ENERGY and once for TIME and PARKING_TIME together, on the dimension of
 * the last time-based component used (mod_cdrs "step_size"), with the rounding billed at that last
 * component's price. min_price and max_price bound the totals with and without VAT separately.
 */
export function priceSession(input: PricingInput): PricedSession {
  const prices = slicesOf(input).map((slice) => selectPrices(input, slice));
  const totalEnergyWh = prices.reduce((sum, { slice }) => sum + slice.energyWh, 0);
  const parkingMs = prices.reduce((sum, { slice }) => sum + (slice.charging ? 0 : slice.to - slice.from), 0);
  const last = input.segments.at(-1);
  return {
    chargingPeriods: periodsOf(prices, input.tariff),
    totalEnergyKwh: roundVolume(totalEnergyWh / 1000),
    totalTimeHours: roundVolume(last === undefined ? 0 : (last.to - input.sessionStart) / hourMs),
    totalParkingTimeHours: roundVolume(parkingMs / hourMs),
    cost: input.tariff === null ? null : costOf(input, input.tariff, prices),
  };
}

function slicesOf(input: PricingInput): Slice[] {
  const slices: Slice[] = [];
  let energyBeforeWh = 0;
  for (const segment of input.segments) {
    const cuts = input.tariff === null ? [] : cutsWithin(input, input.tariff, segment, energyBeforeWh);
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
    energyBeforeWh = end.energyWh;
  }
  return slices;
}

/** Instants inside the segment where some restriction of the tariff may start or stop holding. */
function cutsWithin(input: PricingInput, tariff: Tariff, segment: UsageSegment, energyBeforeWh: number): Cut[] {
  const span = segment.to - segment.from;
  if (span <= 0) return [];
  const energyAt = (at: number): number => energyBeforeWh + (segment.energyWh * (at - segment.from)) / span;
  const inside = (at: number): boolean => at > segment.from && at < segment.to;
  const cuts: Cut[] = [];
  const { minutesOfDay, durationsMs, energiesWh } = thresholdsOf(tariff);

  for (const at of localMinutesBetween(segment.from, segment.to, minutesOfDay, input.timeZone)) cuts.push({ at, energyWh: energyAt(at) });
  for (const durationMs of durationsMs) {
    const at = input.sessionStart + durationMs;
    if (inside(at)) cuts.push({ at, energyWh: energyAt(at) });
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

function contextAt(input: PricingInput, at: number, energyBeforeWh: number, slice: Slice | undefined): RestrictionContext {
  return {
    local: localParts(at, input.timeZone),
    kwh: energyBeforeWh / 1000,
    durationSeconds: (at - input.sessionStart) / 1000,
    powerKw: slice?.powerKw ?? null,
    currentA: slice?.currentA ?? null,
  };
}

function firstMatching(tariff: Tariff, type: TariffDimensionType, context: RestrictionContext): Selected | null {
  for (const [elementIndex, element] of tariff.elements.entries()) {
    const component = element.price_components.find((candidate) => candidate.type === type);
    if (component !== undefined && restrictionsMatch(element.restrictions, context)) return { elementIndex, component };
  }
  return null;
}

function selectPrices(input: PricingInput, slice: Slice): SlicePrice {
  if (input.tariff === null) return { slice, energy: null, timeBased: null };
  const context = contextAt(input, slice.from, slice.energyBeforeWh, slice);
  return {
    slice,
    energy: firstMatching(input.tariff, 'ENERGY', context),
    timeBased: firstMatching(input.tariff, slice.charging ? 'TIME' : 'PARKING_TIME', context),
  };
}

/** One period per run of slices priced alike: a new period starts exactly where a price can change. */
function periodsOf(prices: readonly SlicePrice[], tariff: Tariff | null): ChargingPeriod[] {
  const periods: ChargingPeriod[] = [];
  let run: SlicePrice[] = [];
  const flush = (): void => {
    const [first] = run;
    if (first === undefined) return;
    const energyWh = run.reduce((sum, { slice }) => sum + slice.energyWh, 0);
    const durationMs = run.reduce((sum, { slice }) => sum + (slice.to - slice.from), 0);
    periods.push({
      start_date_time: ocpiDateTime(first.slice.from),
      dimensions: [
        { type: 'ENERGY', volume: roundVolume(energyWh / 1000) },
        { type: first.slice.charging ? 'TIME' : 'PARKING_TIME', volume: roundVolume(durationMs / hourMs) },
      ],
      ...(tariff === null ? {} : { tariff_id: tariff.id }),
    });
    run = [];
  };
  for (const price of prices) {
    const previous = run.at(-1);
    if (previous !== undefined && !pricedAlike(previous, price)) flush();
    run.push(price);
  }
  flush();
  return periods;
}

function pricedAlike(a: SlicePrice, b: SlicePrice): boolean {
  return (
    a.slice.charging === b.slice.charging &&
    a.energy?.elementIndex === b.energy?.elementIndex &&
    a.timeBased?.elementIndex === b.timeBased?.elementIndex
  );
}

class MoneyAccumulator {
  excl = 0;
  incl = 0;

  add(component: PriceComponent, quantity: number): void {
    const excl = component.price * quantity;
    this.excl += excl;
    this.incl += excl * (1 + (component.vat ?? 0) / 100);
  }

  money(): Money {
    return { excl_vat: roundMoney(this.excl), incl_vat: roundMoney(this.incl) };
  }
}

function roundUpToStep(volume: number, step: number): number {
  // The tolerance keeps float noise (e.g. 900.0000000001 s) from costing the driver a whole extra step.
  return Math.ceil(volume / step - 1e-9) * step;
}

function costOf(input: PricingInput, tariff: Tariff, prices: readonly SlicePrice[]): CostBreakdown {
  const fixed = new MoneyAccumulator();
  const energy = new MoneyAccumulator();
  const time = new MoneyAccumulator();
  const parking = new MoneyAccumulator();
  let billedEnergyWh = 0;
  let lastEnergy: PriceComponent | null = null;
  const billedSeconds = { TIME: 0, PARKING_TIME: 0 };
  let lastTimeBased: PriceComponent | null = null;

  for (const { slice, energy: energyPrice, timeBased } of prices) {
    if (energyPrice !== null && slice.energyWh > 0) {
      energy.add(energyPrice.component, slice.energyWh / 1000);
      billedEnergyWh += slice.energyWh;
      lastEnergy = energyPrice.component;
    }
    const durationMs = slice.to - slice.from;
    if (timeBased !== null && durationMs > 0) {
      (slice.charging ? time : parking).add(timeBased.component, durationMs / hourMs);
      billedSeconds[slice.charging ? 'TIME' : 'PARKING_TIME'] += durationMs / 1000;
      lastTimeBased = timeBased.component;
    }
  }

  if (lastEnergy !== null) {
    const extraWh = roundUpToStep(billedEnergyWh, lastEnergy.step_size) - billedEnergyWh;
    energy.add(lastEnergy, Math.max(0, extraWh) / 1000);
  }
  if (lastTimeBased !== null) {
    const dimension = lastTimeBased.type === 'PARKING_TIME' ? 'PARKING_TIME' : 'TIME';
    const billed = billedSeconds[dimension];
    const extraSeconds = roundUpToStep(billed, lastTimeBased.step_size) - billed;
    (dimension === 'TIME' ? time : parking).add(lastTimeBased, Math.max(0, extraSeconds) / 3600);
  }
  const flat = firstMatching(tariff, 'FLAT', contextAt(input, input.sessionStart, 0, undefined));
  if (flat !== null) fixed.add(flat.component, 1);

  const parts = [fixed, energy, time, parking];
  const total = {
    excl_vat: bounded(parts.reduce((sum, part) => sum + part.excl, 0), tariff.min_price?.excl_vat, tariff.max_price?.excl_vat),
    incl_vat: bounded(parts.reduce((sum, part) => sum + part.incl, 0), tariff.min_price?.incl_vat, tariff.max_price?.incl_vat),
  };
  return {
    total: { excl_vat: roundMoney(total.excl_vat), incl_vat: roundMoney(total.incl_vat) },
    fixed: fixed.money(),
    energy: energy.money(),
    time: time.money(),
    parking: parking.money(),
  };
}

function bounded(value: number, min: number | undefined, max: number | undefined): number {
  const atLeastMin = min === undefined ? value : Math.max(value, min);
  return max === undefined ? atLeastMin : Math.min(atLeastMin, max);
}

/** OCPI leaves money rounding to law and contract; four decimals only removes binary float noise. */
function roundMoney(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

function roundVolume(value: number): number {
  return Math.round(value * 1_000_000) / 1_000_000;
}
