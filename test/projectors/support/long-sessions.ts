import type { OcppEvent } from '../../../services/core/events/generated-types.ts';
import type { TrackerInput } from '../../../services/projectors/tracking/session-tracker.ts';
import { ChargerScript, locationRecord, tariffRecord } from './charger-script.ts';

/**
 * Long sessions that meet every rule the pricing implements: local time-of-day boundaries (a night rate,
 * daytime parking, a DST change), kWh and duration thresholds, power restrictions that change the price
 * between readings, step_size on energy, time and parking, min_price and max_price. The charger misbehaves
 * now and then (late and duplicate readings, a meter going backwards, the EV suspending and resuming, a
 * stop before the last reading), so a tracked session is also corrected in its past, not only extended.
 */
const richTariff = tariffRecord({
  id: 'RICH',
  elements: [
    { price_components: [{ type: 'FLAT', price: 1, vat: 21, step_size: 1 }] },
    { price_components: [{ type: 'ENERGY', price: 0.15, vat: 21, step_size: 1 }], restrictions: { max_kwh: 5 } },
    { price_components: [{ type: 'ENERGY', price: 0.22, vat: 21, step_size: 100 }], restrictions: { start_time: '22:00', end_time: '07:00' } },
    { price_components: [{ type: 'ENERGY', price: 0.35, vat: 21, step_size: 250 }] },
    { price_components: [{ type: 'TIME', price: 1.5, vat: 21, step_size: 300 }], restrictions: { min_power: 15 } },
    { price_components: [{ type: 'TIME', price: 0.6, vat: 21, step_size: 60 }], restrictions: { min_duration: 7200 } },
    { price_components: [{ type: 'PARKING_TIME', price: 2, vat: 21, step_size: 900 }], restrictions: { start_time: '09:00', end_time: '20:00' } },
  ],
});

const cappedTariff = tariffRecord({
  id: 'CAPPED',
  elements: [
    { price_components: [{ type: 'ENERGY', price: 0.4, vat: 19, step_size: 10 }], restrictions: { min_kwh: 1, max_duration: 36_000 } },
    { price_components: [{ type: 'TIME', price: 3, vat: 19, step_size: 600 }], restrictions: { max_current: 20 } },
    { price_components: [{ type: 'PARKING_TIME', price: 1, vat: 19, step_size: 60 }], restrictions: { day_of_week: ['SATURDAY', 'SUNDAY'] } },
  ],
  fields: { min_price: { excl_vat: 4, incl_vat: 4.76 }, max_price: { excl_vat: 25, incl_vat: 29.75 } },
});

export interface LongSessionCharger {
  readonly chargerId: string;
  readonly tariffId: 'RICH' | 'CAPPED';
  readonly timeZone: string;
}

/** Chargers of two locations: RICH in Europe/Amsterdam, CAPPED in UTC. */
export function longSessionChargers(count: number): LongSessionCharger[] {
  return Array.from({ length: count }, (_, index) =>
    index % 2 === 0
      ? { chargerId: `LONG-${index}`, tariffId: 'RICH', timeZone: 'Europe/Amsterdam' }
      : { chargerId: `LONG-${index}`, tariffId: 'CAPPED', timeZone: 'UTC' },
  );
}

export function longSessionReference(chargers: readonly LongSessionCharger[]): TrackerInput[] {
  const evses = (tariffId: string): string[] => chargers.filter((charger) => charger.tariffId === tariffId).map((charger) => `${charger.chargerId}-1`);
  return [
    { kind: 'tariff', key: richTariff.envelope.key, record: richTariff },
    { kind: 'tariff', key: cappedTariff.envelope.key, record: cappedTariff },
    { kind: 'location', key: 'NL/SWY/LONG-AMS', record: locationRecord({ id: 'LONG-AMS', evseUids: evses('RICH'), tariffIds: ['RICH'], timeZone: 'Europe/Amsterdam' }) },
    { kind: 'location', key: 'NL/SWY/LONG-UTC', record: locationRecord({ id: 'LONG-UTC', evseUids: evses('CAPPED'), tariffIds: ['CAPPED'], timeZone: 'UTC' }) },
  ];
}

const minute = 60_000;

/** Power drawn in the `index`th minute: fast, slow and suspended stretches in a fixed pattern. */
function powerW(index: number): number {
  const phase = Math.floor(index / 45) % 4;
  if (phase === 0) return 22_000;
  if (phase === 1) return 11_000;
  if (phase === 2) return 3_700;
  return index % 45 < 20 ? 0 : 7_400;
}

/**
 * The charger's sessions back to back from `startMs`, each of `readings` meter values about a minute
 * apart, in the order the edge writes them: every 97th reading arrives three readings late (with a power
 * its neighbours do not have), every 61st is sent twice, every 89th is followed by a reading below it, the
 * EV suspends where power drops to 0 and resumes after (every 3rd change told two readings late), every
 * 4th session has no meter start and every 3rd stops before its last reading.
 */
export function longSessionEvents(charger: LongSessionCharger, options: { readonly sessions: number; readonly startMs: number; readonly readings: number }): OcppEvent[] {
  const script = new ChargerScript(charger.chargerId);
  const events: OcppEvent[] = [];
  const sessionMs = (options.readings + 45) * minute;
  for (let session = 0; session < options.sessions; session += 1) {
    events.push(...sessionEvents(script, { session, startMs: options.startMs + session * sessionMs, readings: options.readings }));
  }
  return events;
}

function sessionEvents(script: ChargerScript, options: { readonly session: number; readonly startMs: number; readonly readings: number }): OcppEvent[] {
  const transactionId = `${script.chargerId}-T${options.session}`;
  const at = (index: number): number => options.startMs + (index + 1) * minute + (index % 5) * 1_000;
  const events: OcppEvent[] = [script.started({ transactionId, at: options.startMs, meterStartWh: options.session % 4 === 1 ? null : 1_000 })];
  /** Events the charger sends only after the reading of the given index; made when sent, so their ids increase as the edge's do. */
  const delayed: { readonly after: number; readonly event: () => OcppEvent }[] = [];
  const send = (after: number, event: () => OcppEvent): void => {
    if (after === -1) events.push(event());
    else delayed.push({ after, event });
  };
  let energyWh = 1_000;
  let suspended = false;
  let changes = 0;
  for (let index = 0; index < options.readings; index += 1) {
    const power = powerW(index);
    energyWh += Math.round((power / 60) * 10) / 10;
    const register = energyWh;
    if ((power === 0) !== suspended) {
      suspended = power === 0;
      changes += 1;
      const change = (): OcppEvent =>
        index % 2 === 0
          ? script.status({ at: at(index) - 30_000, statusRaw: suspended ? 'SuspendedEV' : 'Charging', status: 'OCCUPIED' })
          : script.updated({ transactionId, at: at(index) - 30_000, chargingState: suspended ? 'SuspendedEV' : 'Charging' });
      send(changes % 3 === 0 ? index + 1 : -1, change);
    }
    const late = index % 97 === 50;
    const reported = late ? (power < 15_000 ? 16_000 : 4_000) : power;
    send(late ? index + 3 : -1, () => script.meter({ transactionId, at: at(index), energyWh: register, powerW: reported, currentA: reported / 690 }));
    if (index % 61 === 7) send(-1, () => script.meter({ transactionId, at: at(index), energyWh: register, powerW: power, currentA: power / 690 }));
    if (index % 89 === 11) send(-1, () => script.meter({ transactionId, at: at(index) + 20_000, energyWh: register - 50 }));
    events.push(...delayed.filter((entry) => entry.after === index).map((entry) => entry.event()));
  }
  events.push(...delayed.filter((entry) => entry.after >= options.readings).map((entry) => entry.event()));
  const stopsEarly = options.session % 3 === 2;
  const stopAt = stopsEarly ? at(options.readings - 1) - minute / 2 : at(options.readings - 1) + 15 * minute;
  events.push(script.ended({ transactionId, at: stopAt, meterStopWh: stopsEarly ? null : energyWh }));
  return events;
}
