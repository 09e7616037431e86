import { describe, expect, it } from 'vitest';
import { sessionsProjection } from '../../services/projectors/sessions/sessions-projection.ts';
import { sessionIdOf } from '../../services/projectors/tracking/derived-ids.ts';
import type { TrackerInput } from '../../services/projectors/tracking/session-tracker.ts';
import { ChargerScript } from './support/charger-script.ts';
import { charger, depotReference, run, settings } from './support/projection-run.ts';
import { disagreements, pricedBothWays } from './support/step-pricing.ts';

/**
 * Given reference data and charger events, when the sessions projection evolves over them, then the last
 * Session written (and what was flagged or rejected) is what an OCPI client would see.
 * Costs use depotTariff: 0.50 start, 0.30/kWh, 2.00/h parking (60 s steps), 21% VAT.
 */

const t0 = Date.parse('2024-01-15T10:00:00Z');
const minutes = (count: number): number => t0 + count * 60_000;
const projection = sessionsProjection(settings);

function completedSession(script: ChargerScript): TrackerInput[] {
  return [
    charger(script.started({ transactionId: '1', at: t0, meterStartWh: 1000 })),
    charger(script.meter({ transactionId: '1', at: minutes(30), energyWh: 6000, powerW: 10_000 })),
    charger(script.meter({ transactionId: '1', at: minutes(60), energyWh: 11_000, powerW: 10_000 })),
    charger(script.status({ at: minutes(60), statusRaw: 'SuspendedEV', status: 'OCCUPIED' })),
    charger(script.ended({ transactionId: '1', at: minutes(90), meterStopWh: 11_000 })),
  ];
}

interface Row {
  readonly name: string;
  readonly given: (script: ChargerScript) => readonly TrackerInput[];
  readonly outputs: number;
  /** Fields of the last Session object written. */
  readonly session?: Record<string, unknown>;
  readonly flagged?: RegExp;
  readonly rejected?: RegExp;
}

const rows: readonly Row[] = [
  {
    name: '1.6 session: start, meter values, EV suspended, stop',
    given: (script) => [...depotReference, ...completedSession(script)],
    outputs: 5,
    session: {
      country_code: 'NL',
      party_id: 'SWY',
      id: sessionIdOf('CP-1', '1'),
      status: 'COMPLETED',
      start_date_time: '2024-01-15T10:00:00Z',
      end_date_time: '2024-01-15T11:30:00Z',
      kwh: 10,
      location_id: 'LOC-1',
      evse_uid: 'CP-1-1',
      connector_id: '1',
      currency: 'EUR',
      auth_method: 'WHITELIST',
      cdr_token: { country_code: 'NL', party_id: 'SWY', uid: 'TAG-1', type: 'RFID', contract_id: 'TAG-1' },
      // 0.50 + 10 kWh x 0.30 + 30 min parked x 2.00/h = 4.50; x 1.21 = 5.445
      total_cost: { excl_vat: 4.5, incl_vat: 5.445 },
      charging_periods: [
        { start_date_time: '2024-01-15T10:00:00Z', dimensions: [{ type: 'ENERGY', volume: 10 }, { type: 'TIME', volume: 1 }], tariff_id: 'AC-STANDARD' },
        { start_date_time: '2024-01-15T11:00:00Z', dimensions: [{ type: 'ENERGY', volume: 0 }, { type: 'PARKING_TIME', volume: 0.5 }], tariff_id: 'AC-STANDARD' },
      ],
      last_updated: '2024-01-15T11:30:00Z',
    },
  },
  {
    name: 'live cost while charging',
    given: (script) => [...depotReference, ...completedSession(script).slice(0, 2)],
    outputs: 2,
    // 0.50 + 5 kWh x 0.30 = 2.00; x 1.21 = 2.42
    session: { status: 'ACTIVE', kwh: 5, total_cost: { excl_vat: 2, incl_vat: 2.42 }, last_updated: '2024-01-15T10:30:00Z' },
  },
  {
    name: '2.0.1 transaction started at plug-in is PENDING until authorized',
    given: (script) => [
      ...depotReference,
      charger(script.started({ transactionId: 'f3a9', at: t0, token: null, chargingState: 'EVConnected', meterStartWh: null })),
      charger(script.updated({ transactionId: 'f3a9', at: minutes(1), token: 'ABC123', chargingState: 'Charging', energyWh: 0 })),
    ],
    outputs: 2,
    session: { status: 'ACTIVE', cdr_token: { country_code: 'NL', party_id: 'SWY', uid: 'ABC123', type: 'RFID', contract_id: 'ABC123' } },
  },
  {
    name: 'a transaction that ends before anyone was authorized is INVALID',
    given: (script) => [
      ...depotReference,
      charger(script.started({ transactionId: 'f3a9', at: t0, token: null, chargingState: 'EVConnected' })),
      charger(script.ended({ transactionId: 'f3a9', at: minutes(2), meterStopWh: 0 })),
    ],
    outputs: 2,
    session: { status: 'INVALID' },
    flagged: /ended before anyone was authorized/,
  },
  {
    name: 'a duplicate event (same event id) changes nothing',
    given: (script) => {
      const start = charger(script.started({ transactionId: '1', at: t0, meterStartWh: 1000 }));
      const meter = charger(script.meter({ transactionId: '1', at: minutes(30), energyWh: 6000 }));
      return [...depotReference, start, meter, meter, start];
    },
    outputs: 2,
    session: { kwh: 5 },
  },
  {
    name: 'an update that changes nothing writes nothing, also before any meter value',
    given: (script) => [
      ...depotReference,
      charger(script.started({ transactionId: 'f3a9', at: t0, token: null, chargingState: 'EVConnected', meterStartWh: null })),
      charger(script.updated({ transactionId: 'f3a9', at: minutes(1) })),
    ],
    outputs: 1,
    session: { status: 'PENDING', kwh: 0 },
  },
  {
    name: 'a stop without a start is rejected',
    given: (script) => [...depotReference, charger(script.ended({ transactionId: '77', at: t0, meterStopWh: 5000 }))],
    outputs: 0,
    rejected: /TransactionEnded without a start for transaction 77/,
  },
  {
    name: 'meter values for an unknown transaction are rejected',
    given: (script) => [...depotReference, charger(script.meter({ transactionId: '78', at: t0, energyWh: 5000 }))],
    outputs: 0,
    rejected: /MeterValues for unknown transaction 78/,
  },
  {
    name: 'a meter going backwards is flagged and its reading left out',
    given: (script) => [
      ...depotReference,
      charger(script.started({ transactionId: '1', at: t0, meterStartWh: 1000 })),
      charger(script.meter({ transactionId: '1', at: minutes(30), energyWh: 6000 })),
      charger(script.meter({ transactionId: '1', at: minutes(40), energyWh: 2000 })),
    ],
    outputs: 3,
    session: { kwh: 5, status: 'ACTIVE' },
    flagged: /meter went backwards at 2024-01-15T10:40:00Z \(2000 Wh after 6000 Wh\)/,
  },
  {
    name: 'an EVSE no location names: owned by the CPO itself, no tariff, no cost, flagged',
    given: (script) => [charger(script.started({ transactionId: '1', at: t0, meterStartWh: 0 })), charger(script.meter({ transactionId: '1', at: minutes(30), energyWh: 4000 }))],
    outputs: 2,
    session: { country_code: 'NL', party_id: 'SWY', location_id: '', currency: 'EUR', kwh: 4, total_cost: undefined },
    flagged: /no location has EVSE CP-1-1/,
  },
  {
    name: 'connection and boot events are not session events',
    given: (script) => [...depotReference, charger(script.booted(t0)), charger(script.status({ at: t0, statusRaw: 'Available', status: 'AVAILABLE' }))],
    outputs: 0,
  },
];

describe('sessions projection', () => {
  it.each(rows)('$name: each change priced in steps as the whole usage priced at once', (row) => {
    expect(disagreements(pricedBothWays(row.given(new ChargerScript('CP-1'))))).toEqual([]);
  });

  it.each(rows)('$name', (row) => {
    const result = run(projection, row.given(new ChargerScript('CP-1')));
    expect(result.outputs).toHaveLength(row.outputs);
    if (row.rejected === undefined) expect(result.rejected).toEqual([]);
    else expect(result.rejected).toEqual([expect.stringMatching(row.rejected)]);
    const last = result.outputs.at(-1);
    if (row.session !== undefined) {
      expect(last).toBeDefined();
      const object = JSON.parse(last?.value.payload.object_json ?? '{}') as Record<string, unknown>;
      for (const [field, value] of Object.entries(row.session)) expect({ [field]: object[field] }).toEqual({ [field]: value });
      expect(last?.key).toBe(`${String(object.country_code)}/${String(object.party_id)}/${String(object.id)}`);
    }
    if (row.flagged !== undefined) expect(last?.flags.join('\n')).toMatch(row.flagged);
  });

  it('types the fields analysts query and takes every time from the events', () => {
    const [, , , , ended] = completedSession(new ChargerScript('CP-1'));
    const result = run(projection, [...depotReference, ...completedSession(new ChargerScript('CP-1'))]);
    const last = result.outputs.at(-1)?.value;
    expect(last?.payload).toMatchObject({
      id: sessionIdOf('CP-1', '1'),
      status: 'COMPLETED',
      start_date_time: t0,
      end_date_time: minutes(90),
      kwh: 10,
      total_cost: { excl_vat: 4.5, incl_vat: 5.445 },
      charger_id: 'CP-1',
      transaction_id: '1',
      last_updated: minutes(90),
    });
    expect(last?.envelope).toMatchObject({ recorded_at: ended?.kind === 'charger-event' ? ended.event.envelope.recorded_at : -1, causation_id: ended?.kind === 'charger-event' ? ended.event.envelope.event_id : '' });
    expect(last?.envelope.event_id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
  });

  it('derives session ids from charger and transaction only', () => {
    expect(sessionIdOf('CP-1', '1')).toBe(sessionIdOf('CP-1', '1'));
    expect(sessionIdOf('CP-1', '1')).not.toBe(sessionIdOf('CP-2', '1'));
    expect(sessionIdOf('CP-1', '12')).not.toBe(sessionIdOf('CP-11', '2'));
    expect(sessionIdOf('CP-1', '1')).toMatch(/^[0-9A-F]{32}$/);
  });
});
