import { describe, expect, it } from 'vitest';
import type { TrackerInput } from '../../services/projectors/tracking/session-tracker.ts';
import { ChargerScript, locationRecord, tariffRecord } from './support/charger-script.ts';
import { longSessionChargers, longSessionEvents, longSessionReference } from './support/long-sessions.ts';
import { rows, type Row } from './support/pricing-rows.ts';
import { charger } from './support/projection-run.ts';
import { disagreements, pricedBothWays } from './support/step-pricing.ts';

/**
 * Given charger events, when the tracker keeps each session's usage priced through its last reading and a
 * Session or CDR prices only the rest, then after every event the kwh, charging periods and cost are
 * exactly (same JSON) what pricing the session's whole usage at once gives.
 */

const minute = 60_000;

/** The hand-checked pricing row as a charger sends it: a reading at the end of each use, the EV suspending for parking. */
function inputsOf(row: Row): TrackerInput[] {
  const { elements, ...fields } = row.tariff;
  const script = new ChargerScript('ROW');
  const start = Date.parse(row.start);
  const inputs: TrackerInput[] = [
    { kind: 'tariff', key: 'NL/SWY/ROW', record: tariffRecord({ id: 'ROW', elements: Array.isArray(elements) ? elements : [], fields }) },
    { kind: 'location', key: 'NL/SWY/ROW-LOC', record: locationRecord({ id: 'ROW-LOC', evseUids: ['ROW-1'], tariffIds: ['ROW'], timeZone: row.timeZone ?? 'UTC' }) },
    charger(script.started({ transactionId: 'R', at: start, meterStartWh: 0 })),
  ];
  let at = start;
  let energyWh = 0;
  let charging = true;
  for (const use of row.uses) {
    if ((use.charging ?? true) !== charging) {
      charging = use.charging ?? true;
      inputs.push(charger(script.status({ at, statusRaw: charging ? 'Charging' : 'SuspendedEV', status: 'OCCUPIED' })));
    }
    at += use.minutes * minute;
    energyWh += (use.kwh ?? 0) * 1000;
    const power = use.powerKw === undefined ? {} : { powerW: use.powerKw * 1000 };
    const current = use.currentA === undefined ? {} : { currentA: use.currentA };
    inputs.push(charger(script.meter({ transactionId: 'R', at, energyWh, ...power, ...current })));
  }
  inputs.push(charger(script.ended({ transactionId: 'R', at: at + 5 * minute, meterStopWh: energyWh })));
  return inputs;
}

describe('pricing a session in steps', () => {
  it.each(rows)('hand-checked row as charger events: $name', (row) => {
    const comparisons = pricedBothWays(inputsOf(row));
    expect(comparisons.length).toBeGreaterThan(row.uses.length);
    expect(disagreements(comparisons)).toEqual([]);
  });

  const [amsterdam, utc] = longSessionChargers(2);
  const cases = [
    {
      name: '3 sessions of 600 readings, Amsterdam night rate, kWh and duration thresholds, power restrictions, the spring DST change',
      charger: amsterdam,
      startMs: Date.parse('2024-03-30T17:00:00Z'),
    },
    {
      name: '3 sessions of 600 readings, UTC, weekend parking, current restrictions, min_price and max_price',
      charger: utc,
      startMs: Date.parse('2024-06-14T05:17:00Z'),
    },
  ];
  it.each(cases)('$name, with late, repeated and backward readings and the EV suspending', ({ charger: longCharger, startMs }) => {
    if (longCharger === undefined) throw new Error('no charger');
    const events = longSessionEvents(longCharger, { sessions: 3, startMs, readings: 600 });
    const comparisons = pricedBothWays([...longSessionReference([longCharger]), ...events.map(charger)]);
    expect(comparisons.length).toBeGreaterThan(1800);
    expect(disagreements(comparisons)).toEqual([]);
  });
});
