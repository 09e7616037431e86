import type { MeterSample } from '../../core/events/generated-types.ts';

/** One point of the session's meter: the energy register and, when sampled with it, power and current. */
export interface MeterReading {
  readonly at: number;
  readonly energyWh: number;
  readonly powerW: number | null;
  /** Summed over the phases, as OCPI's current restrictions read it. */
  readonly currentA: number | null;
}

const energyRegister = 'Energy.Active.Import.Register';
const activePower = 'Power.Active.Import';
const importCurrent = 'Current.Import';

/** The value for the whole connector: the unphased sample, else the sum of the line phases. */
function totalOf(samples: readonly MeterSample[], measurand: string, unit: string): number | null {
  const matching = samples.filter(
    (sample) => sample.measurand === measurand && sample.unit === unit && sample.value !== null && (sample.location === null || sample.location === 'Outlet'),
  );
  const unphased = matching.find((sample) => sample.phase === null);
  if (unphased !== undefined) return unphased.value;
  const phases = matching.filter((sample) => sample.phase !== null && sample.phase !== 'N' && !sample.phase.includes('-'));
  if (phases.length === 0) return null;
  return phases.reduce((sum, sample) => sum + (sample.value ?? 0), 0);
}

/** Readings in time order; sample groups without an energy register value carry nothing to bill. */
export function readingsFromSamples(samples: readonly MeterSample[]): MeterReading[] {
  const byTime = new Map<number, MeterSample[]>();
  for (const sample of samples) {
    const group = byTime.get(sample.sampled_at);
    if (group === undefined) byTime.set(sample.sampled_at, [sample]);
    else group.push(sample);
  }
  const readings: MeterReading[] = [];
  for (const [at, group] of byTime) {
    const energyWh = totalOf(group, energyRegister, 'Wh');
    if (energyWh === null) continue;
    readings.push({ at, energyWh, powerW: totalOf(group, activePower, 'W'), currentA: totalOf(group, importCurrent, 'A') });
  }
  return readings.sort((a, b) => a.at - b.at);
}
