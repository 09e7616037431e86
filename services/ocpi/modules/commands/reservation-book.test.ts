import { describe, expect, it } from 'vitest';
import { parseCommandRequest, type CommandRequest, type CommandType } from './command-requests.ts';
import type { CommandResultType } from './command-result.ts';
import { chargerHolding, reservationChange, reservationKeyOf } from './reservation-book.ts';

const t0 = Date.parse('2026-11-21T10:00:00Z');
const token = { country_code: 'DE', party_id: 'EMS', uid: 'APP-1', type: 'APP_USER', contract_id: 'DE-EMS-1', issuer: 'eMSP', valid: true, whitelist: 'ALLOWED' };
const bodies: Record<CommandType, object> = {
  RESERVE_NOW: { token, expiry_date: '2026-11-21T11:00:00Z', reservation_id: 'RES-1', location_id: 'LOC-1' },
  CANCEL_RESERVATION: { reservation_id: 'RES-1' },
  START_SESSION: { token, location_id: 'LOC-1' },
  STOP_SESSION: { session_id: 'S-1' },
  UNLOCK_CONNECTOR: { location_id: 'LOC-1', evse_uid: 'E-1', connector_id: '1' },
};

function command(type: CommandType): CommandRequest {
  const parsed = parseCommandRequest(type, { ...bodies[type], response_url: 'https://emsp.example/results/1' });
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  return parsed.command;
}

const held = { country_code: 'DE', party_id: 'EMS', reservation_id: 'RES-1', charger_id: 'CP-1', expires_at: Date.parse('2026-11-21T11:00:00Z'), reserved_at: t0 };

describe('reservation book', () => {
  it.each<{ given: CommandType; result: CommandResultType; then: string }>([
    // given a command and the charger's result; then what happens to the reservation
    { given: 'RESERVE_NOW', result: 'ACCEPTED', then: 'hold' },
    { given: 'RESERVE_NOW', result: 'EVSE_OCCUPIED', then: 'keep' },
    { given: 'RESERVE_NOW', result: 'TIMEOUT', then: 'keep' },
    { given: 'CANCEL_RESERVATION', result: 'ACCEPTED', then: 'release' },
    { given: 'CANCEL_RESERVATION', result: 'UNKNOWN_RESERVATION', then: 'release' },
    { given: 'CANCEL_RESERVATION', result: 'TIMEOUT', then: 'keep' },
    { given: 'CANCEL_RESERVATION', result: 'FAILED', then: 'keep' },
    { given: 'START_SESSION', result: 'ACCEPTED', then: 'keep' },
  ])('given $given answered $result, then $then', ({ given, result, then }) => {
    expect(reservationChange(command(given), 'CP-1', result, t0).kind).toBe(then);
  });

  it('when a charger accepts RESERVE_NOW, then it holds the reservation until the expiry_date', () => {
    expect(reservationChange(command('RESERVE_NOW'), 'CP-1', 'ACCEPTED', t0)).toEqual({ kind: 'hold', held });
  });

  it.each([
    // given a time; then the charger found for the reservation
    { given: 'before the expiry_date', now: held.expires_at - 1, then: 'CP-1' },
    { given: 'at the expiry_date', now: held.expires_at, then: undefined },
  ])('given $given, then the holder is $then', ({ now, then }) => {
    expect(chargerHolding(held, now)).toBe(then);
    expect(chargerHolding(undefined, now)).toBeUndefined();
  });

  it('keys a reservation by the eMSP party and its reservation_id', () => {
    expect(reservationKeyOf({ party: 'DE/EMS', reservationId: 'RES-1' })).toBe('DE/EMS/RES-1');
  });
});
