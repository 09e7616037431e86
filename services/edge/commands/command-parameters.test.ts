import { describe, expect, it } from 'vitest';
import { parseCommand, type CommandName } from './command-parameters.ts';

describe('parseCommand', () => {
  it.each<[CommandName, unknown, unknown]>([
    // given a command name and its API parameters; then the normalized command
    ['reset', { mode: 'Graceful' }, { type: 'Reset', mode: 'Graceful' }],
    ['unlock_connector', { evseId: 2 }, { type: 'UnlockConnector', evseId: 2, connectorId: 1 }],
    ['change_availability', { operational: false }, { type: 'ChangeAvailability', evseId: 0, connectorId: null, operational: false }],
    ['get_settings', {}, { type: 'GetSettings', settings: [] }],
    ['clear_cache', undefined, { type: 'ClearCache' }],
    [
      'start_session',
      { idToken: { value: 'TAG' }, remoteStartId: 5 },
      { type: 'StartSession', evseId: null, idToken: { value: 'TAG', type: null }, remoteStartId: 5, chargingProfile: null },
    ],
    [
      'update_firmware',
      { requestId: 1, location: 'https://fw.example/v2.bin', retrieveAt: '2026-01-01T00:00:00Z' },
      { type: 'UpdateFirmware', requestId: 1, location: 'https://fw.example/v2.bin', retrieveAt: Date.UTC(2026, 0, 1), retries: null, retryIntervalSeconds: null },
    ],
    [
      'reserve_now',
      { reservationId: 9, expiresAt: '2026-01-01T00:00:00Z', idToken: { value: 'TAG', type: 'Central' } },
      { type: 'ReserveNow', reservationId: 9, evseId: null, expiresAt: Date.UTC(2026, 0, 1), idToken: { value: 'TAG', type: 'Central' }, groupId: null },
    ],
    ['cancel_reservation', { reservationId: 9 }, { type: 'CancelReservation', reservationId: 9 }],
    ['get_composite_schedule', { evseId: 1, duration: 600 }, { type: 'GetCompositeSchedule', evseId: 1, duration: 600, chargingRateUnit: null }],
  ])('reads %s %j', (name, parameters, command) => {
    expect(parseCommand(name, parameters)).toEqual({ ok: true, command });
  });

  it.each<[CommandName, unknown, string]>([
    // given parameters the command does not take; then the problem named
    ['reset', { mode: 'Gentle' }, 'mode'],
    ['reset', { mode: 'Graceful', extra: 1 }, 'extra'],
    ['start_session', { idToken: { value: 'TAG' } }, 'remoteStartId'],
    ['change_settings', { settings: [] }, 'settings'],
    ['update_firmware', { requestId: 1, location: 'https://fw.example', retrieveAt: 'tomorrow' }, 'retrieveAt'],
    ['reserve_now', { reservationId: 9, idToken: { value: 'TAG' } }, 'expiresAt'],
    ['cancel_reservation', { reservationId: -1 }, 'reservationId'],
    ['get_composite_schedule', { evseId: 1, duration: 0 }, 'duration'],
  ])('refuses %s %j', (name, parameters, problem) => {
    const parsed = parseCommand(name, parameters);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problems.join(' ')).toContain(problem);
  });
});
