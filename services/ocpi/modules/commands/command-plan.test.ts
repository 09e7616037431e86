import { describe, expect, it } from 'vitest';
import { evseUidOf } from '../../../projectors/tracking/evse-uid.ts';
import { locationKind } from '../../../roaming/ocpi/location-kind.ts';
import type { OcpiLocation } from '../../../roaming/ocpi/location-object.ts';
import { chargerReservationId, planCommand, type CommandPlan, type CommandPlanContext } from './command-plan.ts';
import { parseCommandRequest, type CommandType } from './command-requests.ts';

const connector = { id: '1', standard: 'IEC_62196_T2', format: 'SOCKET', power_type: 'AC_3_PHASE', max_voltage: 400, max_amperage: 32 };
const evse = (chargerId: string, evseId: number) => ({ connectors: [connector, { ...connector, id: '2' }], switchyard: { charger_id: chargerId, evse_id: evseId } });

function location(id: string, evses: readonly ReturnType<typeof evse>[]): OcpiLocation {
  const accepted = locationKind.accept(
    {
      country_code: 'NL', party_id: 'SWY', id, publish: true, address: 'Havenstraat 7', city: 'Rotterdam', country: 'NLD',
      coordinates: { latitude: '51.91972', longitude: '4.47778' }, time_zone: 'Europe/Amsterdam', evses,
    },
    Date.parse('2026-11-21T10:00:00Z'),
  );
  if (!accepted.ok) throw new Error(accepted.problems.join('; '));
  return accepted.object;
}

const locations = [location('ONE-CHARGER', [evse('CP-1', 1), evse('CP-1', 2)]), location('TWO-CHARGERS', [evse('CP-2', 1), evse('CP-3', 1)])];
const emsp = 'DE/EMS';
const token = { country_code: 'DE', party_id: 'EMS', uid: 'APP-1', type: 'APP_USER', contract_id: 'DE-EMS-1', issuer: 'eMSP', valid: true, whitelist: 'ALLOWED' };
const rfid = { ...token, uid: '04A1B2', type: 'RFID' };
const reservation = { party: emsp, reservationId: 'RES-1' };

const context: CommandPlanContext = {
  partnerParties: new Set([emsp]),
  locationOf: (id) => locations.find((candidate) => candidate.id === id),
  sessionOf: (id) =>
    ({
      'S-OWN': { chargerId: 'CP-1', transactionId: '42', tokenParty: emsp },
      'S-OWNERS': { chargerId: 'CP-1', transactionId: '43', tokenParty: 'NL/SWY' },
      'S-OTHER': { chargerId: 'CP-1', transactionId: '44', tokenParty: 'FR/OTH' },
    })[id],
  reservationChargerOf: (ref) => (ref.party === emsp && ref.reservationId === 'RES-1' ? 'CP-1' : undefined),
  remoteStartId: 77,
};

const response = (result: string, statusCode = 1000) => ({ kind: 'refuse', result, statusCode });
const dispatch = (chargerId: string, name: string, parameters: Record<string, unknown>, withReservation: typeof reservation | null = null) => ({
  kind: 'dispatch',
  chargerId,
  name,
  parameters,
  reservation: withReservation,
});

describe('planCommand', () => {
  const table: readonly { given: string; command: CommandType; body: Record<string, unknown>; then: Partial<CommandPlan> | Record<string, unknown> }[] = [
    {
      given: 'a start on an EVSE',
      command: 'START_SESSION',
      body: { token, location_id: 'ONE-CHARGER', evse_uid: evseUidOf('CP-1', 2) },
      then: dispatch('CP-1', 'start_session', { evseId: 2, idToken: { value: 'APP-1', type: 'Central' }, remoteStartId: 77 }),
    },
    {
      given: 'a start with an RFID token, no EVSE, at a one-charger location',
      command: 'START_SESSION',
      body: { token: rfid, location_id: 'ONE-CHARGER' },
      then: dispatch('CP-1', 'start_session', { evseId: null, idToken: { value: '04A1B2', type: 'ISO14443' }, remoteStartId: 77 }),
    },
    { given: 'a start without EVSE where chargers are several', command: 'START_SESSION', body: { token, location_id: 'TWO-CHARGERS' }, then: response('REJECTED') },
    { given: 'a start at an unknown location', command: 'START_SESSION', body: { token, location_id: 'NOWHERE' }, then: response('REJECTED', 2003) },
    { given: 'a start on an unknown EVSE', command: 'START_SESSION', body: { token, location_id: 'ONE-CHARGER', evse_uid: 'NO-EVSE' }, then: response('REJECTED', 2003) },
    { given: 'a start with another eMSP\'s token', command: 'START_SESSION', body: { token: { ...token, party_id: 'OTH' }, location_id: 'ONE-CHARGER' }, then: response('REJECTED') },
    { given: 'a stop of the eMSP\'s session', command: 'STOP_SESSION', body: { session_id: 'S-OWN' }, then: dispatch('CP-1', 'stop_session', { transactionId: '42' }) },
    { given: 'a stop of a session the CPO\'s own token started', command: 'STOP_SESSION', body: { session_id: 'S-OWNERS' }, then: response('REJECTED') },
    { given: 'a stop of another eMSP\'s session', command: 'STOP_SESSION', body: { session_id: 'S-OTHER' }, then: response('REJECTED') },
    { given: 'a stop of an unknown session', command: 'STOP_SESSION', body: { session_id: 'S-NONE' }, then: response('UNKNOWN_SESSION') },
    {
      given: 'an unlock',
      command: 'UNLOCK_CONNECTOR',
      body: { location_id: 'ONE-CHARGER', evse_uid: evseUidOf('CP-1', 1), connector_id: '2' },
      then: dispatch('CP-1', 'unlock_connector', { evseId: 1, connectorId: 2 }),
    },
    { given: 'an unlock of an unknown connector', command: 'UNLOCK_CONNECTOR', body: { location_id: 'ONE-CHARGER', evse_uid: evseUidOf('CP-1', 1), connector_id: '9' }, then: response('REJECTED', 2003) },
    {
      given: 'a reservation',
      command: 'RESERVE_NOW',
      body: { token, expiry_date: '2030-01-01T00:00:00Z', reservation_id: 'RES-1', location_id: 'TWO-CHARGERS', evse_uid: evseUidOf('CP-3', 1) },
      then: dispatch(
        'CP-3',
        'reserve_now',
        { reservationId: chargerReservationId(reservation), evseId: 1, expiresAt: '2030-01-01T00:00:00Z', idToken: { value: 'APP-1', type: 'Central' }, groupId: null },
        reservation,
      ),
    },
    {
      given: 'a cancellation of a held reservation',
      command: 'CANCEL_RESERVATION',
      body: { reservation_id: 'RES-1' },
      then: dispatch('CP-1', 'cancel_reservation', { reservationId: chargerReservationId(reservation) }, reservation),
    },
    { given: 'a cancellation of an unknown reservation', command: 'CANCEL_RESERVATION', body: { reservation_id: 'RES-9' }, then: response('REJECTED') },
  ];
  it.each(table)('given $given, then $then.kind', ({ command, body, then }) => {
    const parsed = parseCommandRequest(command, { response_url: 'https://emsp.example/commands/1', ...body });
    if (!parsed.ok) throw new Error(parsed.problems.join('; '));
    expect(planCommand(parsed.command, context)).toMatchObject(then);
  });

  it('gives two eMSPs\' reservations with the same id different charger reservation ids', () => {
    expect(chargerReservationId({ party: 'DE/EMS', reservationId: 'R' })).not.toBe(chargerReservationId({ party: 'DE/OTH', reservationId: 'R' }));
    expect(chargerReservationId({ party: 'DE/EMS', reservationId: 'R' })).toBe(chargerReservationId({ party: 'DE/EMS', reservationId: 'R' }));
  });
});

describe('parseCommandRequest', () => {
  it.each<[CommandType, Record<string, unknown>, string]>([
    // given a command and a body; then the problem named
    ['START_SESSION', { location_id: 'L' }, 'token'],
    ['START_SESSION', { token, location_id: 'L', connector_id: '1' }, 'evse_uid'],
    ['STOP_SESSION', { response_url: 'ftp://x/' }, 'response_url'],
    ['RESERVE_NOW', { token, reservation_id: 'R', location_id: 'L', expiry_date: 'tomorrow' }, 'expiry_date'],
    ['UNLOCK_CONNECTOR', { location_id: 'L', evse_uid: 'E' }, 'connector_id'],
  ])('refuses %s %j', (command, body, problem) => {
    const parsed = parseCommandRequest(command, { response_url: 'https://emsp.example/commands/1', ...body });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problems.join(' ')).toContain(problem);
  });
});
