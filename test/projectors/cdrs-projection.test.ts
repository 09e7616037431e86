import { describe, expect, it } from 'vitest';
import { cdrsProjection } from '../../services/projectors/cdrs/cdrs-projection.ts';
import { sessionIdOf } from '../../services/projectors/tracking/derived-ids.ts';
import type { TrackerInput } from '../../services/projectors/tracking/session-tracker.ts';
import { ChargerScript } from './support/charger-script.ts';
import { charger, depotReference, run, settings } from './support/projection-run.ts';
import { disagreements, pricedBothWays } from './support/step-pricing.ts';

/**
 * Given charger events for a session, when the CDR projection evolves over them, then the CDRs issued
 * are the ones an eMSP would receive. Costs use depotTariff: 0.50 start, 0.30/kWh, 2.00/h parking,
 * 21% VAT; every total below is worked out by hand in its comment.
 */

const t0 = Date.parse('2024-01-15T10:00:00Z');
const minutes = (count: number): number => t0 + count * 60_000;
const projection = cdrsProjection(settings);
const sessionId = sessionIdOf('CP-1', '1');

function session(script: ChargerScript, meterStopWh = 11_000): TrackerInput[] {
  return [
    charger(script.started({ transactionId: '1', at: t0, meterStartWh: 1000 })),
    charger(script.meter({ transactionId: '1', at: minutes(30), energyWh: 6000, powerW: 10_000 })),
    charger(script.meter({ transactionId: '1', at: minutes(60), energyWh: 11_000, powerW: 10_000 })),
    charger(script.status({ at: minutes(60), statusRaw: 'SuspendedEV', status: 'OCCUPIED' })),
    charger(script.ended({ transactionId: '1', at: minutes(90), meterStopWh, reason: 'EVDisconnected' })),
  ];
}

type CdrJson = Record<string, unknown>;

interface Row {
  readonly name: string;
  readonly given: (script: ChargerScript) => readonly TrackerInput[];
  /** Expected fields of each CDR issued, in order. */
  readonly cdrs: readonly CdrJson[];
  readonly rejected?: RegExp;
}

const firstCdr: CdrJson = {
  id: sessionId,
  session_id: sessionId,
  start_date_time: '2024-01-15T10:00:00Z',
  end_date_time: '2024-01-15T11:30:00Z',
  auth_method: 'WHITELIST',
  currency: 'EUR',
  total_energy: 10,
  total_time: 1.5,
  total_parking_time: 0.5,
  // 0.50 + 10 x 0.30 + 0.5 h x 2.00 = 4.50; x 1.21 = 5.445
  total_cost: { excl_vat: 4.5, incl_vat: 5.445 },
  total_fixed_cost: { excl_vat: 0.5, incl_vat: 0.605 },
  total_energy_cost: { excl_vat: 3, incl_vat: 3.63 },
  total_time_cost: { excl_vat: 0, incl_vat: 0 },
  total_parking_cost: { excl_vat: 1, incl_vat: 1.21 },
  remark: 'stop reason: EVDisconnected',
  last_updated: '2024-01-15T11:30:00Z',
};

const rows: readonly Row[] = [
  {
    name: 'a completed session gives one CDR',
    given: (script) => [...depotReference, ...session(script)],
    cdrs: [firstCdr],
  },
  {
    name: 'a corrected stop credits the CDR and issues a new one',
    given: (script) => [...depotReference, ...session(script), charger(script.ended({ transactionId: '1', at: minutes(90), meterStopWh: 12_000, reason: 'EVDisconnected' }))],
    cdrs: [
      firstCdr,
      { id: `${sessionId}-C`, credit: true, credit_reference_id: sessionId, total_cost: { excl_vat: -4.5, incl_vat: -5.445 }, total_energy: 10 },
      // 1 kWh more, drawn while the EV was reported suspended: 0.50 + 11 x 0.30 + 1.00 = 4.80; x 1.21 = 5.808
      { id: `${sessionId}-1`, total_energy: 11, total_cost: { excl_vat: 4.8, incl_vat: 5.808 } },
    ],
  },
  {
    name: 'a stop sent again unchanged issues nothing',
    given: (script) => [...depotReference, ...session(script), charger(script.ended({ transactionId: '1', at: minutes(90), meterStopWh: 11_000, reason: 'EVDisconnected' }))],
    cdrs: [firstCdr],
  },
  {
    name: 'a late reading that does not change the bill issues nothing',
    given: (script) => [...depotReference, ...session(script), charger(script.meter({ transactionId: '1', at: minutes(75), energyWh: 11_000 }))],
    cdrs: [firstCdr],
  },
  {
    name: 'the whole session delivered twice gives one CDR',
    given: (script) => {
      const events = session(script);
      return [...depotReference, ...events, ...events];
    },
    cdrs: [firstCdr],
  },
  {
    name: 'an INVALID session is not billed',
    given: (script) => [
      ...depotReference,
      charger(script.started({ transactionId: '1', at: t0, token: null, chargingState: 'EVConnected' })),
      charger(script.ended({ transactionId: '1', at: minutes(5), meterStopWh: 0 })),
    ],
    cdrs: [],
  },
  {
    name: 'a stop without a start is rejected and bills nothing',
    given: (script) => [...depotReference, charger(script.ended({ transactionId: '9', at: t0, meterStopWh: 100 }))],
    cdrs: [],
    rejected: /without a start/,
  },
  {
    name: 'a session without a tariff gets a zero-cost CDR measuring what was used',
    given: (script) => session(script),
    cdrs: [{ id: sessionId, total_energy: 10, total_cost: { excl_vat: 0, incl_vat: 0 }, tariffs: [], total_energy_cost: undefined }],
  },
];

describe('CDR projection', () => {
  it.each(rows)('$name: each change priced in steps as the whole usage priced at once', (row) => {
    expect(disagreements(pricedBothWays(row.given(new ChargerScript('CP-1'))))).toEqual([]);
  });

  it.each(rows)('$name', (row) => {
    const result = run(projection, row.given(new ChargerScript('CP-1')));
    if (row.rejected === undefined) expect(result.rejected).toEqual([]);
    else expect(result.rejected).toEqual([expect.stringMatching(row.rejected)]);
    const cdrs = result.outputs.map((output) => JSON.parse(output.value.payload.object_json) as CdrJson);
    expect(cdrs).toHaveLength(row.cdrs.length);
    row.cdrs.forEach((expected, index) => {
      const cdr = cdrs[index] ?? {};
      for (const [field, value] of Object.entries(expected)) expect({ [field]: cdr[field] }).toEqual({ [field]: value });
    });
  });

  it('fills every mandatory OCPI 2.2.1 CDR field, location and tariff as at the start', () => {
    const result = run(projection, [...depotReference, ...session(new ChargerScript('CP-1'))]);
    const [output] = result.outputs;
    const cdr = JSON.parse(output?.value.payload.object_json ?? '{}') as CdrJson;
    for (const field of ['country_code', 'party_id', 'id', 'start_date_time', 'end_date_time', 'cdr_token', 'auth_method', 'cdr_location', 'currency', 'charging_periods', 'total_cost', 'total_energy', 'total_time', 'last_updated']) {
      expect(cdr).toHaveProperty(field);
    }
    expect(cdr.cdr_location).toEqual({
      id: 'LOC-1',
      name: 'Depot North',
      address: 'Stationsplein 1',
      city: 'Utrecht',
      postal_code: '3511 ED',
      country: 'NLD',
      coordinates: { latitude: '52.089444', longitude: '5.110278' },
      evse_uid: 'CP-1-1',
      evse_id: 'NL*SWY*ECP11',
      connector_id: '1',
      connector_standard: 'IEC_62196_T2',
      connector_format: 'SOCKET',
      connector_power_type: 'AC_3_PHASE',
    });
    expect((cdr.tariffs as CdrJson[]).map((tariff) => tariff.id)).toEqual(['AC-STANDARD']);
    expect(output?.key).toBe(`NL/SWY/${sessionId}`);
    expect(output?.value.payload).toMatchObject({ id: sessionId, total_energy_kwh: 10, total_time_hours: 1.5, total_parking_time_hours: 0.5, tariff_ids: ['AC-STANDARD'], credit: false });
  });
});
