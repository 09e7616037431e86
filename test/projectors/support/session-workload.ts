import type { OcppEvent } from '../../../services/core/events/generated-types.ts';
import type { TrackerInput } from '../../../services/projectors/tracking/session-tracker.ts';
import { ChargerScript, locationRecord, tariffRecord } from './charger-script.ts';

export interface WorkloadShape {
  readonly chargers: number;
  readonly sessionsPerCharger: number;
  /** Meter values per session, one a minute. */
  readonly meterValuesPerSession: number;
}

/** A day/night tariff with a start fee and parking: every session crosses price cuts. */
export const benchTariff = tariffRecord({
  id: 'BENCH',
  elements: [
    { price_components: [{ type: 'FLAT', price: 0.5, vat: 21, step_size: 1 }] },
    { price_components: [{ type: 'ENERGY', price: 0.22, vat: 21, step_size: 1 }], restrictions: { start_time: '22:00', end_time: '07:00' } },
    { price_components: [{ type: 'ENERGY', price: 0.35, vat: 21, step_size: 1 }] },
    { price_components: [{ type: 'PARKING_TIME', price: 2, vat: 21, step_size: 300 }] },
  ],
});

export function benchReference(shape: WorkloadShape): TrackerInput[] {
  const evseUids = Array.from({ length: shape.chargers }, (_, index) => `BENCH-${index}-1`);
  return [
    { kind: 'tariff', key: benchTariff.envelope.key, record: benchTariff },
    { kind: 'location', key: 'NL/SWY/BENCH-LOC', record: locationRecord({ id: 'BENCH-LOC', evseUids, tariffIds: ['BENCH'] }) },
  ];
}

/**
 * Charger traffic as the edge writes it, interleaved across chargers in time order: per session a start,
 * meter values every minute at 11 kW, the EV suspending, ten minutes parked, the stop.
 */
export function* benchEvents(shape: WorkloadShape, startMs = Date.parse('2024-01-15T20:00:00Z')): Generator<OcppEvent> {
  const scripts = Array.from({ length: shape.chargers }, (_, index) => new ChargerScript(`BENCH-${index}`));
  const sessionMinutes = shape.meterValuesPerSession + 12;
  for (let session = 0; session < shape.sessionsPerCharger; session += 1) {
    const sessionStart = startMs + session * sessionMinutes * 60_000;
    const at = (minute: number): number => sessionStart + minute * 60_000;
    const transactionId = (index: number): string => `${index}-${session}`;
    for (const [index, script] of scripts.entries()) yield script.started({ transactionId: transactionId(index), at: at(0), meterStartWh: 0 });
    for (let minute = 1; minute <= shape.meterValuesPerSession; minute += 1) {
      for (const [index, script] of scripts.entries()) {
        yield script.meter({ transactionId: transactionId(index), at: at(minute), energyWh: minute * 183.3, powerW: 11_000, currentA: 48 });
      }
    }
    const suspended = shape.meterValuesPerSession + 1;
    for (const script of scripts) yield script.status({ at: at(suspended), statusRaw: 'SuspendedEV', status: 'OCCUPIED' });
    for (const [index, script] of scripts.entries()) {
      yield script.ended({ transactionId: transactionId(index), at: at(suspended + 10), meterStopWh: shape.meterValuesPerSession * 183.3 });
    }
  }
}

export function eventCount(shape: WorkloadShape): number {
  return shape.chargers * shape.sessionsPerCharger * (shape.meterValuesPerSession + 3);
}
