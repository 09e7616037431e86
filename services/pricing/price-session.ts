import { localParts } from './local-time.ts';
import { ocpiDateTime } from './ocpi-date-time.ts';
import { restrictionsMatch, type RestrictionContext } from './restrictions.ts';
import { slicesOf, type PricingTerms, type Slice } from './slices.ts';
import type { PriceComponent, Tariff, TariffDimensionType } from './tariff.ts';
import type { UsageSegment } from './usage.ts';

export interface PricingInput extends PricingTerms {
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

const hourMs = 3_600_000;

/** Periods closed so far, the newest first: closing one must not copy the others. */
interface ClosedPeriods {
  readonly period: ChargingPeriod;
  readonly earlier: ClosedPeriods | null;
}

/** The run of slices priced alike that the next slice may still extend. */
interface OpenPeriod {
  readonly first: SlicePrice;
  readonly last: SlicePrice;
  readonly energyWh: number;
  readonly durationMs: number;
}

interface MoneySum {
  readonly excl: number;
  readonly incl: number;
}

interface CostSoFar {
  readonly energy: MoneySum;
  readonly time: MoneySum;
  readonly parking: MoneySum;
  readonly billedEnergyWh: number;
  readonly lastEnergy: PriceComponent | null;
  readonly billedTimeSeconds: number;
  readonly billedParkingSeconds: number;
  /** TIME or PARKING_TIME, whichever priced the last slice with a time-based price. */
  readonly lastTimeBased: PriceComponent | null;
}

/**
 * A session priced through the end of some of its segments; immutable, so a session can keep the
 * pricing of what it consumed so far and price only what it consumes next (`priceSegment`). Sums are
 * kept in the order a whole session adds them, so pricing in steps gives the very same numbers.
 */
export interface PricingProgress {
  readonly terms: PricingTerms;
  /** Energy of the segments priced, added segment by segment: where the next segment's energy starts. */
  readonly energyBeforeWh: number;
  /** The same energy added slice by slice. */
  readonly totalEnergyWh: number;
  readonly parkingMs: number;
  readonly lastSegmentEnd: number | null;
  readonly closed: ClosedPeriods | null;
  readonly open: OpenPeriod | null;
  readonly cost: CostSoFar;
}

const noMoney: MoneySum = { excl: 0, incl: 0 };
const noCost: CostSoFar = {
  energy: noMoney,
  time: noMoney,
  parking: noMoney,
  billedEnergyWh: 0,
  lastEnergy: null,
  billedTimeSeconds: 0,
  billedParkingSeconds: 0,
  lastTimeBased: null,
};

/**
 * Prices a session under one OCPI 2.2.1 tariff: the live cost of an ongoing session and the CDR's
 * totals come from this one function, whole (`priceSession`) or segment by segment (`emptyPricing`,
 * `priceSegment`, `pricedSessionOf`). For every dimension the first tariff element with a component of
 * that dimension whose restrictions hold is used; segments are cut wherever a restriction can change
 * (local times of day, midnight, duration and energy thresholds) so each piece has one price. step_size
 * is applied once per session for ENERGY and once for TIME and PARKING_TIME together, on the dimension of
 * the last time-based component used (mod_cdrs "step_size"), with the rounding billed at that last
 * component's price. min_price and max_price bound the totals with and without VAT separately.
 */
export function priceSession(input: PricingInput): PricedSession {
  return pricedSessionOf(input.segments.reduce(priceSegment, emptyPricing(input)));
}

/** A session with nothing priced yet. */
export function emptyPricing(terms: PricingTerms): PricingProgress {
  return {
    terms: { tariff: terms.tariff, timeZone: terms.timeZone, sessionStart: terms.sessionStart },
    energyBeforeWh: 0,
    totalEnergyWh: 0,
    parkingMs: 0,
    lastSegmentEnd: null,
    closed: null,
    open: null,
    cost: noCost,
  };
}

/** The pricing extended by the segment that follows the ones priced. */
export function priceSegment(progress: PricingProgress, segment: UsageSegment): PricingProgress {
  const { terms } = progress;
  let { totalEnergyWh, parkingMs, closed, open, cost } = progress;
  for (const slice of slicesOf(terms, segment, progress.energyBeforeWh)) {
    const price = selectPrices(terms, slice);
    totalEnergyWh += slice.energyWh;
    parkingMs += slice.charging ? 0 : slice.to - slice.from;
    if (open !== null && !pricedAlike(open.last, price)) {
      closed = { period: periodOf(open, terms.tariff), earlier: closed };
      open = null;
    }
    const run = open ?? { first: price, last: price, energyWh: 0, durationMs: 0 };
    open = { first: run.first, last: price, energyWh: run.energyWh + slice.energyWh, durationMs: run.durationMs + (slice.to - slice.from) };
    cost = costWith(cost, price);
  }
  return { terms, energyBeforeWh: progress.energyBeforeWh + segment.energyWh, totalEnergyWh, parkingMs, lastSegmentEnd: segment.to, closed, open, cost };
}

/** What the session costs and measures if it ends where the pricing got to. */
export function pricedSessionOf(progress: PricingProgress): PricedSession {
  const { terms } = progress;
  return {
    chargingPeriods: periodsOf(progress),
    totalEnergyKwh: roundVolume(progress.totalEnergyWh / 1000),
    totalTimeHours: roundVolume(progress.lastSegmentEnd === null ? 0 : (progress.lastSegmentEnd - terms.sessionStart) / hourMs),
    totalParkingTimeHours: roundVolume(progress.parkingMs / hourMs),
    cost: terms.tariff === null ? null : costOf(terms, terms.tariff, progress.cost),
  };
}

function contextAt(terms: PricingTerms, at: number, energyBeforeWh: number, slice: Slice | undefined): RestrictionContext {
  return {
    local: localParts(at, terms.timeZone),
    kwh: energyBeforeWh / 1000,
    durationSeconds: (at - terms.sessionStart) / 1000,
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

function selectPrices(terms: PricingTerms, slice: Slice): SlicePrice {
  if (terms.tariff === null) return { slice, energy: null, timeBased: null };
  const context = contextAt(terms, slice.from, slice.energyBeforeWh, slice);
  return {
    slice,
    energy: firstMatching(terms.tariff, 'ENERGY', context),
    timeBased: firstMatching(terms.tariff, slice.charging ? 'TIME' : 'PARKING_TIME', context),
  };
}

/** A new period starts exactly where a price can change. */
function pricedAlike(a: SlicePrice, b: SlicePrice): boolean {
  return (
    a.slice.charging === b.slice.charging &&
    a.energy?.elementIndex === b.energy?.elementIndex &&
    a.timeBased?.elementIndex === b.timeBased?.elementIndex
  );
}

function periodOf(run: OpenPeriod, tariff: Tariff | null): ChargingPeriod {
  return {
    start_date_time: ocpiDateTime(run.first.slice.from),
    dimensions: [
      { type: 'ENERGY', volume: roundVolume(run.energyWh / 1000) },
      { type: run.first.slice.charging ? 'TIME' : 'PARKING_TIME', volume: roundVolume(run.durationMs / hourMs) },
    ],
    ...(tariff === null ? {} : { tariff_id: tariff.id }),
  };
}

function periodsOf(progress: PricingProgress): ChargingPeriod[] {
  const periods: ChargingPeriod[] = [];
  if (progress.open !== null) periods.push(periodOf(progress.open, progress.terms.tariff));
  for (let closed = progress.closed; closed !== null; closed = closed.earlier) periods.push(closed.period);
  return periods.reverse();
}

function plus(sum: MoneySum, component: PriceComponent, quantity: number): MoneySum {
  const excl = component.price * quantity;
  return { excl: sum.excl + excl, incl: sum.incl + excl * (1 + (component.vat ?? 0) / 100) };
}

function costWith(cost: CostSoFar, { slice, energy: energyPrice, timeBased }: SlicePrice): CostSoFar {
  let next = cost;
  if (energyPrice !== null && slice.energyWh > 0) {
    next = {
      ...next,
      energy: plus(next.energy, energyPrice.component, slice.energyWh / 1000),
      billedEnergyWh: next.billedEnergyWh + slice.energyWh,
      lastEnergy: energyPrice.component,
    };
  }
  const durationMs = slice.to - slice.from;
  if (timeBased !== null && durationMs > 0) {
    next = slice.charging
      ? { ...next, time: plus(next.time, timeBased.component, durationMs / hourMs), billedTimeSeconds: next.billedTimeSeconds + durationMs / 1000 }
      : { ...next, parking: plus(next.parking, timeBased.component, durationMs / hourMs), billedParkingSeconds: next.billedParkingSeconds + durationMs / 1000 };
    next = { ...next, lastTimeBased: timeBased.component };
  }
  return next;
}

function roundUpToStep(volume: number, step: number): number {
  // The tolerance keeps float noise (e.g. 900.0000000001 s) from costing the driver a whole extra step.
  return Math.ceil(volume / step - 1e-9) * step;
}

function costOf(terms: PricingTerms, tariff: Tariff, cost: CostSoFar): CostBreakdown {
  let { energy, time, parking } = cost;
  const { lastEnergy, lastTimeBased } = cost;
  if (lastEnergy !== null) {
    const extraWh = roundUpToStep(cost.billedEnergyWh, lastEnergy.step_size) - cost.billedEnergyWh;
    energy = plus(energy, lastEnergy, Math.max(0, extraWh) / 1000);
  }
  if (lastTimeBased !== null) {
    const billed = lastTimeBased.type === 'PARKING_TIME' ? cost.billedParkingSeconds : cost.billedTimeSeconds;
    const extraHours = Math.max(0, roundUpToStep(billed, lastTimeBased.step_size) - billed) / 3600;
    if (lastTimeBased.type === 'PARKING_TIME') parking = plus(parking, lastTimeBased, extraHours);
    else time = plus(time, lastTimeBased, extraHours);
  }
  const flat = firstMatching(tariff, 'FLAT', contextAt(terms, terms.sessionStart, 0, undefined));
  const fixed = flat === null ? noMoney : plus(noMoney, flat.component, 1);

  const parts = [fixed, energy, time, parking];
  const total = {
    excl_vat: bounded(parts.reduce((sum, part) => sum + part.excl, 0), tariff.min_price?.excl_vat, tariff.max_price?.excl_vat),
    incl_vat: bounded(parts.reduce((sum, part) => sum + part.incl, 0), tariff.min_price?.incl_vat, tariff.max_price?.incl_vat),
  };
  return {
    total: { excl_vat: roundMoney(total.excl_vat), incl_vat: roundMoney(total.incl_vat) },
    fixed: moneyOf(fixed),
    energy: moneyOf(energy),
    time: moneyOf(time),
    parking: moneyOf(parking),
  };
}

function moneyOf(sum: MoneySum): Money {
  return { excl_vat: roundMoney(sum.excl), incl_vat: roundMoney(sum.incl) };
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
