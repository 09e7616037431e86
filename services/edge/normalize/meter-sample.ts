import type { MeterSample } from './domain-events.ts';
import { epochMillis } from './timestamp.ts';

/**
 * Kilo units are folded onto their base (Wh, W, varh, var, VA, VAh) so consumers never multiply; every
 * other unit is kept as sent. 1.6's schema spells Celsius "Celcius", which is read as the same unit.
 */
const unitScaling: Readonly<Record<string, { readonly unit: string; readonly powerOfTen: number }>> = {
  kWh: { unit: 'Wh', powerOfTen: 3 },
  kW: { unit: 'W', powerOfTen: 3 },
  kvarh: { unit: 'varh', powerOfTen: 3 },
  kvar: { unit: 'var', powerOfTen: 3 },
  kVA: { unit: 'VA', powerOfTen: 3 },
  kVAh: { unit: 'VAh', powerOfTen: 3 },
  Celcius: { unit: 'Celsius', powerOfTen: 0 },
};

/**
 * Both specs default the unit to Wh, which only fits energy; for a sample without a unit the
 * measurand's own base unit is assumed instead.
 */
function defaultUnitOf(measurand: string): string {
  if (measurand.startsWith('Energy.Active')) return 'Wh';
  if (measurand.startsWith('Energy.Reactive')) return 'varh';
  if (measurand.startsWith('Energy.Apparent')) return 'VAh';
  if (measurand.startsWith('Power.Reactive')) return 'var';
  if (measurand === 'Power.Factor') return '';
  if (measurand.startsWith('Power.')) return 'W';
  if (measurand.startsWith('Current.')) return 'A';
  if (measurand === 'Voltage') return 'V';
  if (measurand === 'SoC') return 'Percent';
  if (measurand === 'Temperature') return 'Celsius';
  if (measurand === 'Frequency') return 'Hz';
  return '';
}

export const defaultMeasurand = 'Energy.Active.Import.Register';

export interface RawSample {
  readonly sampledAt: number;
  readonly measurand: string | undefined;
  readonly rawValue: string;
  readonly rawUnit: string | undefined;
  readonly rawMultiplier: number | undefined;
  readonly phase: string | undefined;
  readonly location: string | undefined;
  readonly context: string | undefined;
  /** The signed meter data, when the sample is signed. */
  readonly signedData: string | undefined;
  /** A signed 1.6 sample carries a signature blob, not a number. */
  readonly numeric: boolean;
}

/** A meterValue of either version: samples taken at one time. */
interface MeterValue<Sampled> {
  readonly timestamp: string;
  readonly sampledValue: readonly Sampled[];
}

/** Every sample of the meter values, each read by the version's `readSampled`. */
export function normalizeMeterValues<Sampled>(
  meterValues: readonly MeterValue<Sampled>[],
  readSampled: (sampled: Sampled) => Omit<RawSample, 'sampledAt'>,
): MeterSample[] {
  return meterValues.flatMap((meterValue) =>
    meterValue.sampledValue.map((sampled) => normalizeSample({ sampledAt: epochMillis(meterValue.timestamp), ...readSampled(sampled) })),
  );
}

export function normalizeSample(raw: RawSample): MeterSample {
  const measurand = raw.measurand ?? defaultMeasurand;
  const sentUnit = raw.rawUnit ?? defaultUnitOf(measurand);
  const scaling = unitScaling[sentUnit] ?? { unit: sentUnit, powerOfTen: 0 };
  return {
    sampledAt: raw.sampledAt,
    measurand,
    value: raw.numeric ? scaleDecimal(raw.rawValue, scaling.powerOfTen + (raw.rawMultiplier ?? 0)) : null,
    unit: scaling.unit,
    rawValue: raw.rawValue,
    rawUnit: raw.rawUnit ?? null,
    rawMultiplier: raw.rawMultiplier ?? null,
    phase: raw.phase ?? null,
    location: raw.location ?? null,
    context: raw.context ?? null,
    signed: raw.signedData !== undefined,
    signedData: raw.signedData ?? null,
  };
}

const decimal = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:[eE]([+-]?\d+))?$/;

/**
 * Shifting the decimal point through the exponent ("1.005e3") is exact where 1.005 * 1000 is not
 * (1004.9999999999999). Returns null for text that is not a decimal number.
 */
export function scaleDecimal(text: string, powerOfTen: number): number | null {
  const match = decimal.exec(text.trim());
  if (match === null) return null;
  const [, mantissa, exponent = '0'] = match;
  const scaled = Number(`${mantissa}e${Number(exponent) + powerOfTen}`);
  return Number.isFinite(scaled) ? scaled : null;
}
