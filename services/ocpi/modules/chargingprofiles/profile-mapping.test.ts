import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../../edge/commands/command-parameters.ts';
import { parseActiveProfileQuery, parseClearProfileQuery, parseSetChargingProfile, type OcpiChargingProfile } from './charging-profile-requests.ts';
import { activeChargingProfileOf, clearChargingProfileParameters, compositeScheduleParameters, setChargingProfileParameters } from './profile-mapping.ts';

const target = { chargerId: 'CP-1', evseId: 2, transactionId: '42', profileId: 7 };

describe('setChargingProfileParameters', () => {
  const table: readonly { given: string; profile: OcpiChargingProfile; then: Record<string, unknown> }[] = [
    {
      given: 'a profile without start: relative to the start of charging',
      profile: { charging_rate_unit: 'A', charging_profile_period: [{ start_period: 0, limit: 16 }, { start_period: 1800, limit: 8.5 }] },
      then: {
        type: 'SetChargingProfile',
        evseId: 2,
        profile: {
          id: 7, stackLevel: 0, purpose: 'Tx', kind: 'Relative', recurrency: null, validFrom: null, validTo: null, transactionId: '42',
          schedule: { id: 7, startAt: null, durationSeconds: null, rateUnit: 'A', minRate: null, periods: [{ startSeconds: 0, limit: 16, phases: null }, { startSeconds: 1800, limit: 8.5, phases: null }] },
        },
      },
    },
    {
      given: 'a profile with start, duration and minimum rate: absolute',
      profile: { start_date_time: '2026-11-21T12:00:00Z', duration: 3600, charging_rate_unit: 'W', min_charging_rate: 1400, charging_profile_period: [{ start_period: 0, limit: 11000 }] },
      then: {
        type: 'SetChargingProfile',
        evseId: 2,
        profile: {
          id: 7, stackLevel: 0, purpose: 'Tx', kind: 'Absolute', recurrency: null, validFrom: null, validTo: null, transactionId: '42',
          schedule: { id: 7, startAt: Date.parse('2026-11-21T12:00:00Z'), durationSeconds: 3600, rateUnit: 'W', minRate: 1400, periods: [{ startSeconds: 0, limit: 11000, phases: null }] },
        },
      },
    },
  ];
  it.each(table)('given $given, then the edge command reads it as a TxProfile of the transaction', ({ profile, then }) => {
    expect(parseCommand('set_charging_profile', setChargingProfileParameters(profile, target))).toEqual({ ok: true, command: then });
  });

  it('given a profile without periods, then the edge refuses it (no OCPP schedule is empty)', () => {
    expect(parseCommand('set_charging_profile', setChargingProfileParameters({ charging_rate_unit: 'A', charging_profile_period: [] }, target)).ok).toBe(false);
  });

  it('clears exactly the profile it set, and asks the composite schedule of the session\'s EVSE', () => {
    expect(parseCommand('clear_charging_profile', clearChargingProfileParameters(target))).toEqual({
      ok: true,
      command: { type: 'ClearChargingProfile', profileId: 7, evseId: null, purpose: null, stackLevel: null },
    });
    expect(parseCommand('get_composite_schedule', compositeScheduleParameters(target, 900))).toEqual({
      ok: true,
      command: { type: 'GetCompositeSchedule', evseId: 2, duration: 900, chargingRateUnit: null },
    });
  });
});

describe('activeChargingProfileOf', () => {
  const answeredAt = Date.parse('2026-11-21T12:00:05Z');
  const table: readonly { given: string; response: unknown; then: unknown }[] = [
    {
      given: 'a 1.6 answer with scheduleStart',
      response: {
        status: 'Accepted', connectorId: 1, scheduleStart: '2026-11-21T12:00:00Z',
        chargingSchedule: { duration: 900, chargingRateUnit: 'A', minChargingRate: 6.04, chargingSchedulePeriod: [{ startPeriod: 0, limit: 16.04, numberPhases: 3 }, { startPeriod: 600, limit: 10 }] },
      },
      then: {
        start_date_time: '2026-11-21T12:00:00.000Z',
        charging_profile: {
          start_date_time: '2026-11-21T12:00:00.000Z', duration: 900, charging_rate_unit: 'A', min_charging_rate: 6,
          charging_profile_period: [{ start_period: 0, limit: 16 }, { start_period: 600, limit: 10 }],
        },
      },
    },
    {
      given: 'a 1.6 answer without any start: it starts when the charger answered',
      response: { status: 'Accepted', chargingSchedule: { chargingRateUnit: 'W', chargingSchedulePeriod: [{ startPeriod: 0, limit: 7400 }] } },
      then: {
        start_date_time: '2026-11-21T12:00:05.000Z',
        charging_profile: { start_date_time: '2026-11-21T12:00:05.000Z', charging_rate_unit: 'W', charging_profile_period: [{ start_period: 0, limit: 7400 }] },
      },
    },
    {
      given: 'a 2.0.1 answer',
      response: {
        status: 'Accepted',
        schedule: { evseId: 1, duration: 600, scheduleStart: '2026-11-21T12:00:00Z', chargingRateUnit: 'W', chargingSchedulePeriod: [{ startPeriod: 0, limit: 11000, numberPhases: 3 }] },
      },
      then: {
        start_date_time: '2026-11-21T12:00:00.000Z',
        charging_profile: { start_date_time: '2026-11-21T12:00:00.000Z', duration: 600, charging_rate_unit: 'W', charging_profile_period: [{ start_period: 0, limit: 11000 }] },
      },
    },
    { given: 'an answer without a schedule', response: { status: 'Rejected' }, then: null },
  ];
  it.each(table)('given $given', ({ response, then }) => {
    expect(activeChargingProfileOf(JSON.stringify(response), answeredAt)).toEqual(then);
  });

  it('given no payload or no JSON, then no profile', () => {
    expect(activeChargingProfileOf(null, answeredAt)).toBeNull();
    expect(activeChargingProfileOf('{', answeredAt)).toBeNull();
  });
});

describe('request parsing', () => {
  const profile = { charging_rate_unit: 'A', charging_profile_period: [{ start_period: 0, limit: 16 }] };
  it.each([
    { given: 'a SetChargingProfile', parse: () => parseSetChargingProfile({ charging_profile: profile, response_url: 'https://emsp.example/cp/1' }), then: true },
    { given: 'a SetChargingProfile without response_url', parse: () => parseSetChargingProfile({ charging_profile: profile }), then: false },
    { given: 'a profile in an unknown unit', parse: () => parseSetChargingProfile({ charging_profile: { ...profile, charging_rate_unit: 'kW' }, response_url: 'https://e.example/1' }), then: false },
    { given: 'a GET with duration and response_url', parse: () => parseActiveProfileQuery({ duration: '900', response_url: 'https://e.example/1' }), then: true },
    { given: 'a GET without duration', parse: () => parseActiveProfileQuery({ response_url: 'https://e.example/1' }), then: false },
    { given: 'a GET with a duration that is no number', parse: () => parseActiveProfileQuery({ duration: 'soon', response_url: 'https://e.example/1' }), then: false },
    { given: 'a DELETE with response_url', parse: () => parseClearProfileQuery({ response_url: 'https://e.example/1' }), then: true },
    { given: 'a DELETE with a response_url that is no URL', parse: () => parseClearProfileQuery({ response_url: 'here' }), then: false },
  ])('given $given, then valid: $then', ({ parse, then }) => {
    expect(parse().ok).toBe(then);
  });
});
