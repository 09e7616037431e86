import { describe, expect, it } from 'vitest';
import type { ConnectorStatus } from '../../core/events/generated-types.ts';
import { commonConnectorStatus } from '../../edge/normalize/connector-status.ts';
import type { OcppVersion } from '../../edge/protocol/versions.ts';
import { testLocation, type TestEvse } from '../../../test/support/test-location.ts';
import type { OcpiLocation } from '../ocpi/location-object.ts';
import { emptyLocationStatus, evolveLocationStatus, liveLocation, type ChargerSignal, type LocationStatusInput } from './location-status-projection.ts';

const t0 = Date.parse('2026-11-21T10:00:00.000Z');
const minutes = (n: number) => t0 + n * 60_000;
const key = 'NL/SWY/LOC-1';

const location = (evses: readonly TestEvse[], at = t0): OcpiLocation => testLocation(evses, at);

/** The edge's own normalization turns what the charger sent into the common status. */
const reported = (version: OcppVersion, raw: string): ConnectorStatus => commonConnectorStatus(version, raw).toUpperCase() as ConnectorStatus;

const put = (value: OcpiLocation | null, at = t0): LocationStatusInput => ({ kind: 'location', key, location: value, at });
const charger = (chargerId: string, signal: ChargerSignal, at: number): LocationStatusInput => ({ kind: 'charger', chargerId, signal, at });
const status = (chargerId: string, evseId: number, connectorId: number | null, value: ConnectorStatus, at: number) =>
  charger(chargerId, { type: 'status', evseId, connectorId, status: value }, at);

function evsesAfter(inputs: readonly LocationStatusInput[]) {
  const state = inputs.reduce(evolveLocationStatus, emptyLocationStatus);
  return liveLocation(state, key)?.evses.map((evse) => ({ uid: evse.uid, status: evse.status, last_updated: evse.last_updated }));
}

const iso = (at: number) => new Date(at).toISOString();
const oneEvse = location([{ charger: 'CP-1', evse: 1 }]);

describe('OCPP status to OCPI EVSE status', () => {
  const table: readonly { version: OcppVersion; raw: string; ocpi: string }[] = [
    { version: 'ocpp1.6', raw: 'Available', ocpi: 'AVAILABLE' },
    { version: 'ocpp1.6', raw: 'Preparing', ocpi: 'CHARGING' },
    { version: 'ocpp1.6', raw: 'Charging', ocpi: 'CHARGING' },
    { version: 'ocpp1.6', raw: 'SuspendedEV', ocpi: 'CHARGING' },
    { version: 'ocpp1.6', raw: 'SuspendedEVSE', ocpi: 'CHARGING' },
    { version: 'ocpp1.6', raw: 'Finishing', ocpi: 'CHARGING' },
    { version: 'ocpp1.6', raw: 'Reserved', ocpi: 'RESERVED' },
    { version: 'ocpp1.6', raw: 'Unavailable', ocpi: 'INOPERATIVE' },
    { version: 'ocpp1.6', raw: 'Faulted', ocpi: 'OUTOFORDER' },
    { version: 'ocpp2.0.1', raw: 'Available', ocpi: 'AVAILABLE' },
    { version: 'ocpp2.0.1', raw: 'Occupied', ocpi: 'CHARGING' },
    { version: 'ocpp2.0.1', raw: 'Reserved', ocpi: 'RESERVED' },
    { version: 'ocpp2.0.1', raw: 'Unavailable', ocpi: 'INOPERATIVE' },
    { version: 'ocpp2.0.1', raw: 'Faulted', ocpi: 'OUTOFORDER' },
  ];
  it.each(table)('given $version $raw, then the EVSE is $ocpi since the event', ({ version, raw, ocpi }) => {
    expect(evsesAfter([put(oneEvse), charger('CP-1', { type: 'connected' }, minutes(1)), status('CP-1', 1, 1, reported(version, raw), minutes(2))])).toEqual([
      { uid: 'CP-1-1', status: ocpi, last_updated: iso(minutes(2)) },
    ]);
  });
});

describe('live EVSE statuses of a location', () => {
  const twoChargers = location([{ charger: 'CP-1', evse: 1 }, { charger: 'CP-1', evse: 2 }, { charger: 'CP-2', evse: 1, connectors: ['1', '2'] }]);
  const table: readonly { given: string; inputs: readonly LocationStatusInput[]; then: unknown }[] = [
    { given: 'a location no charger spoke about yet', inputs: [put(oneEvse)], then: [{ uid: 'CP-1-1', status: 'UNKNOWN', last_updated: iso(t0) }] },
    {
      given: 'an operator-declared PLANNED EVSE before its charger appears',
      inputs: [put(location([{ charger: 'CP-1', evse: 1, status: 'PLANNED' }]))],
      then: [{ uid: 'CP-1-1', status: 'PLANNED', last_updated: iso(t0) }],
    },
    {
      given: 'charger events that arrived before the location',
      inputs: [status('CP-1', 1, 1, 'AVAILABLE', minutes(-5)), put(oneEvse)],
      then: [{ uid: 'CP-1-1', status: 'AVAILABLE', last_updated: iso(t0) }],
    },
    {
      given: 'the charger went offline',
      inputs: [put(oneEvse), status('CP-1', 1, 1, 'AVAILABLE', minutes(1)), charger('CP-1', { type: 'disconnected' }, minutes(3))],
      then: [{ uid: 'CP-1-1', status: 'UNKNOWN', last_updated: iso(minutes(3)) }],
    },
    {
      given: 'the charger rebooted and has not reported yet',
      inputs: [put(oneEvse), status('CP-1', 1, 1, 'FAULTED', minutes(1)), charger('CP-1', { type: 'booted' }, minutes(4))],
      then: [{ uid: 'CP-1-1', status: 'UNKNOWN', last_updated: iso(minutes(4)) }],
    },
    {
      given: 'a 1.6 station-wide Faulted (connector 0)',
      inputs: [put(twoChargers), status('CP-1', 1, 1, 'AVAILABLE', minutes(1)), status('CP-1', 0, null, 'FAULTED', minutes(2)), status('CP-2', 1, 1, 'AVAILABLE', minutes(1))],
      then: [
        { uid: 'CP-1-1', status: 'OUTOFORDER', last_updated: iso(minutes(2)) },
        { uid: 'CP-1-2', status: 'OUTOFORDER', last_updated: iso(minutes(2)) },
        { uid: 'CP-2-1', status: 'AVAILABLE', last_updated: iso(minutes(1)) },
      ],
    },
    {
      given: 'a 2.0.1 EVSE with one connector in use and the other blocked by it',
      inputs: [put(twoChargers), status('CP-2', 1, 1, 'OCCUPIED', minutes(2)), status('CP-2', 1, 2, 'UNAVAILABLE', minutes(3))],
      then: [
        { uid: 'CP-1-1', status: 'UNKNOWN', last_updated: iso(t0) },
        { uid: 'CP-1-2', status: 'UNKNOWN', last_updated: iso(t0) },
        { uid: 'CP-2-1', status: 'CHARGING', last_updated: iso(minutes(3)) },
      ],
    },
    {
      given: 'an EVSE the operator took out of the location',
      inputs: [put(twoChargers), status('CP-1', 2, 1, 'AVAILABLE', minutes(1)), put(location([{ charger: 'CP-1', evse: 1 }], minutes(5)), minutes(5))],
      then: [
        { uid: 'CP-1-1', status: 'UNKNOWN', last_updated: iso(minutes(5)) },
        { uid: 'CP-1-2', status: 'REMOVED', last_updated: iso(minutes(5)) },
        { uid: 'CP-2-1', status: 'REMOVED', last_updated: iso(minutes(5)) },
      ],
    },
    {
      given: 'a deleted location',
      inputs: [put(oneEvse), put(null, minutes(7))],
      then: [{ uid: 'CP-1-1', status: 'REMOVED', last_updated: iso(minutes(7)) }],
    },
    {
      given: 'the same status event twice',
      inputs: [put(oneEvse), status('CP-1', 1, 1, 'RESERVED', minutes(2)), status('CP-1', 1, 1, 'RESERVED', minutes(2))],
      then: [{ uid: 'CP-1-1', status: 'RESERVED', last_updated: iso(minutes(2)) }],
    },
  ];
  it.each(table)('given $given', ({ inputs, then }) => {
    expect(evsesAfter(inputs)).toEqual(then);
  });

  it('takes last_updated of the location from its newest EVSE', () => {
    const state = [put(oneEvse), status('CP-1', 1, 1, 'AVAILABLE', minutes(9))].reduce(evolveLocationStatus, emptyLocationStatus);
    expect(liveLocation(state, key)?.last_updated).toBe(iso(minutes(9)));
  });
});
